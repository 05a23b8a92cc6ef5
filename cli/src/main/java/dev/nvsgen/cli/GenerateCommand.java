package dev.nvsgen.cli;

import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.csv.EspIdfCsv;
import dev.nvsgen.nvs.partitions.NvsTarget;
import dev.nvsgen.nvs.util.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nvsgen generate}: the drop-in for {@code nvs_partition_gen generate}. */
@Command(
        name = "generate",
        description = {
            "Generate an NVS partition image from ESP-IDF CSV files, byte for byte as nvs_partition_gen does.",
            "Several CSV files go into one image, in order. `file` rows are relative to the current folder."
        })
final class GenerateCommand implements Callable<Integer> {
    /** The command as messages name it. */
    static final String NAME = "nvsgen generate";

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

    @Mixin
    CsvInputsOutputSize positional;

    @Override
    public Integer call() throws Exception {
        return run(
                Main.of(spec), spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * Makes the image. Apart from {@link #call()}, {@link DirectRun} calls this for the plain command lines it
     * parses itself; {@code spec} is then null, so nothing here may use it unless a partition table was given.
     */
    int run(Main main, PrintWriter out, PrintWriter err) throws Exception {
        partitionTable.checkUsage();
        CsvInputsOutputSize.Split a = positional.split(partitionTable.present());
        FormatVersion formatVersion = version.formatVersion();
        NvsTarget target = partitionTable.present() ? partitionTable.target(main, false) : null;
        PartitionSize size = target == null ? PartitionSize.parse(a.size()) : partitionTable.size(target, a.size());
        List<Path> inputs = Main.paths(a.inputs());
        NvsPartition partition = EspIdfCsv.read(inputs, formatVersion, main.workingDir());
        Warnings.print(NAME, err, partition);
        Path output = OutputPaths.resolve(main, outdir, a.output());
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
}
