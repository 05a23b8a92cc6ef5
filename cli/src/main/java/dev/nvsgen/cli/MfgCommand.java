package dev.nvsgen.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nvsgen mfg}: the drop-in for ESP-IDF's {@code mfg_gen}. */
@Command(
        name = "mfg",
        description = "Mass manufacturing, as ESP-IDF's mfg_gen: one NVS image per device of a values CSV.",
        subcommands = {MfgGenerateCommand.class, GenerateKeyCommand.class})
final class MfgCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: generate or generate-key");
    }
}
