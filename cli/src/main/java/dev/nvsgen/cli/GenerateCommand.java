package dev.nvsgen.cli;

import dev.nvsgen.factory.NvsTarget;
import dev.nvsgen.factory.OutputPlan;
import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.csv.EspIdfCsv;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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

    @Mixin
    ForceOption force = new ForceOption();

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
        List<Path> filesNamed = new ArrayList<>();
        NvsPartition partition = EspIdfCsv.read(inputs, formatVersion, main.workingDir(), filesNamed);
        Warnings.print(NAME, err, partition);
        Path output = OutputPaths.resolve(main, outdir, a.output());
        PendingFiles files = new PendingFiles(main);
        files.inputs(inputs, "a CSV input");
        files.inputs(filesNamed, "a file a `file` row names");
        partitionTable.addInputTo(files, main);
        byte[] image = partition.toImage(size);
        files.add(
                output,
                a.output(),
                image,
                false,
                "NVS binary (version " + formatVersion.number() + ", " + size + ")",
                OutputPlan.Kind.NVS_IMAGE);
        FlashOutputs.Plan flash = null;
        if (target != null) {
            flash = FlashOutputs.plan(target, output, image, null, null, partitionTable.mergedPath(main));
            flash.addTo(files);
        }
        files.writeAll(out, force.force);
        if (flash != null) {
            flash.printCommands(main, out);
        }
        return ExitCode.OK;
    }
}
