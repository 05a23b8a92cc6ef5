package dev.nvsgen.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nvsgen generate-key}: the drop-in for {@code nvs_partition_gen generate-key}; also
 * {@code nvsgen mfg generate-key}, as {@code mfg_gen generate-key} (the same options and files).
 */
@Command(
        name = "generate-key",
        description = {
            "Make an NVS keys file (an nvs_keys partition image, 4096 bytes) under OUTDIR/keys/:"
                    + " random keys, or keys derived from an HMAC key with --key_protect_hmac.",
            "Key files are written readable by their owner only, and an existing key file is never overwritten"
                    + " with other keys."
        })
final class GenerateKeyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(
            names = "--outdir",
            paramLabel = "DIR",
            defaultValue = ".",
            description = "Folder keys/ goes into (default: current folder).")
    String outdir;

    @Mixin
    KeyGenOptions keyGen;

    @Mixin
    ForceOption force = new ForceOption();

    @Override
    public Integer call() throws Exception {
        Main main = Main.of(spec);
        keyGen.check();
        PendingFiles out = new PendingFiles(main);
        keyGen.create(main, outdir, out);
        out.writeAll(spec.commandLine().getOut(), force.force);
        return ExitCode.OK;
    }
}
