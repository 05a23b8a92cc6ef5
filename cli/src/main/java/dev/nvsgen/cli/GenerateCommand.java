package dev.nvsgen.cli;

import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.csv.EspIdfCsv;
import dev.nvsgen.nvs.internal.AtomicFiles;
import dev.nvsgen.nvs.partitions.NvsTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
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

    @Mixin
    FormatVersionOption version;

    @Option(
            names = "--outdir",
            paramLabel = "DIR",
            defaultValue = ".",
            description = "Folder the output goes to (default: current folder).")
    String outdir;

    @Mixin
    PartitionTableMixin partitionTable;

    @Parameters(
            arity = "2..*",
            paramLabel = "INPUT.csv… OUTPUT SIZE",
            hideParamSyntax = true,
            description = "CSV inputs, the output image, the partition size (e.g. 0x3000); with --partition-table"
                    + " SIZE may be left out (the partition's size is used).")
    List<String> args;

    @Override
    public Integer call() throws Exception {
        Main main = Main.of(spec);
        partitionTable.checkUsage();
        GenerateArgs a = GenerateArgs.split(args, partitionTable.present());
        FormatVersion formatVersion = version.formatVersion();
        NvsTarget target = partitionTable.present() ? partitionTable.target(main, false) : null;
        PartitionSize size = target == null ? PartitionSize.parse(a.size()) : partitionTable.size(target, a.size());
        List<Path> inputs = Main.paths(a.inputs());
        NvsPartition partition = EspIdfCsv.read(inputs, formatVersion, main.workingDir());
        Warnings.print(spec, partition);
        Path output = OutputPaths.resolve(main, outdir, a.output());
        PrintWriter out = spec.commandLine().getOut();
        if (target == null) {
            partition.writeTo(output, size);
            out.println("Created NVS binary (version " + formatVersion.number() + ", " + size + "): " + a.output());
            return ExitCode.OK;
        }
        byte[] image = partition.toImage(size);
        FlashOutputs.Plan flash = FlashOutputs.plan(target, output, image, null, null, partitionTable.mergedPath(main));
        AtomicFiles.write(output, image, false);
        out.println("Created NVS binary (version " + formatVersion.number() + ", " + size + "): " + a.output());
        flash.write(main, out);
        return ExitCode.OK;
    }

    /** The positional arguments {@code INPUT… OUTPUT SIZE}; {@code size} is null when left out. */
    record GenerateArgs(List<String> inputs, String output, String size) {
        /** A number as nvs_partition_gen reads sizes: decimal, 0x…, 0o…, 0b…. */
        private static final Pattern SIZE = Pattern.compile("(?i)0x[0-9a-f_]+|0o[0-7_]+|0b[01_]+|[0-9_]+");

        static GenerateArgs split(List<String> args) {
            return split(args, false);
        }

        /**
         * With {@code sizeOptional} (a partition table gives the size) the last argument is the size only
         * when it reads as a number and there are at least three.
         */
        static GenerateArgs split(List<String> args, boolean sizeOptional) {
            int n = args.size();
            if (sizeOptional
                    && (n == 2 || !SIZE.matcher(args.get(n - 1).strip()).matches())) {
                return new GenerateArgs(List.copyOf(args.subList(0, n - 1)), args.get(n - 1), null);
            }
            if (n < 3) {
                throw new CliException("expected INPUT.csv… OUTPUT SIZE (SIZE may be left out with --partition-table)");
            }
            return new GenerateArgs(List.copyOf(args.subList(0, n - 2)), args.get(n - 2), args.get(n - 1));
        }
    }
}
