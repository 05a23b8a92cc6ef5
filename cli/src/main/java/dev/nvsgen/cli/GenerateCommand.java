package dev.nvsgen.cli;

import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.csv.EspIdfCsv;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nvsgen generate}: the drop-in for {@code nvs_partition_gen generate}. */
@Command(
        name = "generate",
        description = {
            "Generate an NVS partition image from ESP-IDF CSV files, byte for byte as nvs_partition_gen does.",
            "Several CSV files go into one image, in order. `file` rows are relative to the current folder."
        })
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(
            names = "--version",
            paramLabel = "{1,2}",
            defaultValue = "2",
            description = "NVS format version (default: ${DEFAULT-VALUE}); 1 for ESP-IDF before v4.0.")
    int version;

    @Option(
            names = "--outdir",
            paramLabel = "DIR",
            defaultValue = ".",
            description = "Folder the output goes to (default: current folder).")
    String outdir;

    @Parameters(
            arity = "3..*",
            paramLabel = "INPUT.csv… OUTPUT SIZE",
            description = "CSV inputs, the output image, the partition size (e.g. 0x3000).")
    List<String> args;

    @Override
    public Integer call() throws Exception {
        Main main = Main.of(spec);
        GenerateArgs a = GenerateArgs.split(args);
        PartitionSize size = PartitionSize.parse(a.size());
        FormatVersion formatVersion = formatVersion(version);
        List<Path> inputs =
                a.inputs().stream().map(s -> Path.of(Main.expandHome(s))).toList();
        NvsPartition partition = EspIdfCsv.read(inputs, formatVersion, main.workingDir());
        Path output = OutputPaths.resolve(main, outdir, a.output());
        partition.writeTo(output, size);
        spec.commandLine()
                .getOut()
                .println("Created NVS binary (version " + formatVersion.number() + ", " + size + "): " + a.output());
        return ExitCode.OK;
    }

    static FormatVersion formatVersion(int version) {
        if (version != 1 && version != 2) {
            throw new CliException("--version must be 1 or 2, was " + version);
        }
        return FormatVersion.of(version);
    }

    /** The positional arguments {@code INPUT… OUTPUT SIZE}. */
    record GenerateArgs(List<String> inputs, String output, String size) {
        static GenerateArgs split(List<String> args) {
            int n = args.size();
            return new GenerateArgs(List.copyOf(args.subList(0, n - 2)), args.get(n - 2), args.get(n - 1));
        }
    }
}
