package dev.nvsgen.cli;

import dev.nvsgen.crypto.NvsEncryption;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.factory.OutputPlan;
import dev.nvsgen.nvs.NvsFormatException;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.InputFiles;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nvsgen decrypt}: the drop-in for {@code nvs_partition_gen decrypt}. */
@Command(
        name = "decrypt",
        description = {
            "Decrypt an encrypted NVS partition image with its keys file, giving the plaintext image.",
            "Works on images a device wrote too: erased entries are decrypted as well. The output is"
                    + " written readable by its owner only, as it holds the secrets the encryption protected."
        })
final class DecryptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(
            names = "--outdir",
            paramLabel = "DIR",
            defaultValue = ".",
            description = "Folder the output goes to (default: current folder).")
    String outdir;

    @Parameters(index = "0", paramLabel = "INPUT", description = "The encrypted image.")
    String input;

    @Parameters(
            index = "1",
            paramLabel = "KEYFILE",
            description = "Its keys file (4096-byte nvs_keys or bare 64 bytes).")
    String keyfile;

    @Parameters(index = "2", paramLabel = "OUTPUT", description = "The decrypted image to write.")
    String output;

    @Mixin
    ForceOption force = new ForceOption();

    @Override
    public Integer call() throws Exception {
        Main main = Main.of(spec);
        byte[] encrypted = readImage(main, input);
        NvsKeys keys = NvsKeys.read(main.resolve(keyfile), keyfile);
        byte[] plain;
        try {
            plain = NvsEncryption.decrypt(encrypted, keys);
        } catch (NvsFormatException e) {
            throw new NvsInputException(input + " with " + keyfile + ": " + e.getMessage(), e);
        }
        PendingFiles out = new PendingFiles(main);
        out.input(main.resolve(input), input, "the encrypted image (INPUT)");
        out.input(main.resolve(keyfile), keyfile, "the keys file (KEYFILE)");
        out.add(
                OutputPaths.resolve(main, outdir, output),
                plain,
                true,
                "decrypted NVS binary",
                OutputPlan.Kind.NVS_IMAGE);
        out.writeAll(spec.commandLine().getOut(), force.force);
        return ExitCode.OK;
    }

    /** The bytes of the image file {@code name}, errors naming it as the user wrote it. */
    static byte[] readImage(Main main, String name) {
        return InputFiles.read(main.resolve(name), name, InputFiles.MAX_IMAGE, "an NVS partition image");
    }
}
