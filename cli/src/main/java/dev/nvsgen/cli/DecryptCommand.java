package dev.nvsgen.cli;

import dev.nvsgen.crypto.NvsEncryption;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.nvs.NvsFormatException;
import dev.nvsgen.nvs.NvsInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
        out.add(OutputPaths.resolve(main, outdir, output), plain, true, "decrypted NVS binary");
        out.writeAll(spec.commandLine().getOut());
        return ExitCode.OK;
    }

    /** The bytes of the image file {@code name}, errors naming it as the user wrote it. */
    static byte[] readImage(Main main, String name) {
        Path file = main.resolve(name);
        try {
            if (Files.isDirectory(file)) {
                throw new NvsInputException(name + ": is a folder, not an image file");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NvsInputException(name + ": no such file");
        } catch (IOException e) {
            throw new NvsInputException(name + ": cannot be read: " + ErrorHandler.describe(e), e);
        }
    }
}
