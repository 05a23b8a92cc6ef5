package dev.nvsgen.cli;

import dev.nvsgen.factory.NvsTarget;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.util.InputFiles;
import dev.nvsgen.partitions.PartitionTable;
import dev.nvsgen.partitions.PartitionTableOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --partition-table FILE [--partition NAME]} and friends, for every command that writes NVS images:
 * the image size comes from the table's NVS partition and the flashing files from its offsets.
 *
 * <p>Hook it into a command with {@code @Mixin PartitionTableMixin partitionTable;}, then call
 * {@link #checkUsage()} first, {@link #target(Main, boolean)} for the partitions (warnings are printed),
 * {@link #size(NvsTarget, String)} for the image size, {@link FlashOutputs#plan} with
 * {@link #mergedPath(Main)} before writing the images and {@link FlashOutputs.Plan#write} after.
 */
final class PartitionTableMixin {
    /** CONFIG_PARTITION_TABLE_OFFSET's default. */
    static final String DEFAULT_TABLE_OFFSET = "0x8000";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--partition-table",
            paramLabel = "FILE",
            description = "The project's partition table (partitions.csv or partition-table.bin): the image size"
                    + " comes from its NVS partition, and a flash-args file for esptool is written beside the image.")
    String tableFile;

    @Option(
            names = "--partition",
            paramLabel = "NAME",
            description = "The data,nvs partition to write (default: the first one in the table).")
    String partition;

    @Option(
            names = "--keys-partition",
            paramLabel = "NAME",
            description = "The data,nvs_keys partition for the keys image (default: <partition>_keys, else the"
                    + " first nvs_keys partition).")
    String keysPartition;

    @Option(
            names = "--partition-table-offset",
            paramLabel = "ADDR",
            defaultValue = DEFAULT_TABLE_OFFSET,
            description = "Where the partition table itself is in flash (default: ${DEFAULT-VALUE}), as"
                    + " CONFIG_PARTITION_TABLE_OFFSET.")
    String tableOffset;

    @Option(
            names = "--merged",
            paramLabel = "FILE",
            description = "Also write the NVS image (and keys image) as one file from the lowest offset, gaps"
                    + " 0xFF, like esptool.py merge_bin --target-offset.")
    String merged;

    private PartitionTable table;

    /** True when a partition table was given. */
    boolean present() {
        return tableFile != null;
    }

    /** Refuses the table's companion options without a table. */
    void checkUsage() {
        if (tableFile == null && (partition != null || keysPartition != null || merged != null)) {
            throw new CliException("--partition, --keys-partition and --merged need --partition-table FILE");
        }
    }

    /** The table, read once. */
    PartitionTable table(Main main) throws IOException {
        if (table == null) {
            PartitionTableOptions options = PartitionTableOptions.defaults()
                    .withTableOffset(Addresses.parse("--partition-table-offset", tableOffset))
                    .withVariables(System.getenv());
            // Read here rather than with PartitionTable.read: InputFiles words a bad file as every input's.
            Path file = main.resolve(tableFile);
            String source = Objects.toString(file.getFileName(), file.toString());
            table = PartitionTable.parse(
                    InputFiles.read(file, source, InputFiles.MAX_PARTITION_TABLE, "a partition table"),
                    source,
                    options);
            printWarnings(table.warnings());
        }
        return table;
    }

    /** The partitions the image (and with {@code encrypted} the keys image) go to; warnings are printed. */
    NvsTarget target(Main main, boolean encrypted) throws IOException {
        NvsTarget target = NvsTarget.resolve(table(main), partition, keysPartition, encrypted);
        printWarnings(target.warnings());
        return target;
    }

    /** The image size: {@code explicitSize} if given (it must fit the partition), else the partition's size. */
    PartitionSize size(NvsTarget target, String explicitSize) {
        return explicitSize == null ? target.size() : target.size(PartitionSize.parse(explicitSize));
    }

    /** Adds the table file, when given, to the inputs no output may replace. */
    void addInputTo(PendingFiles files, Main main) {
        if (tableFile != null) {
            files.input(main.resolve(tableFile), tableFile, "the partition table");
        }
    }

    /** Where {@code --merged} writes, or null. */
    Path mergedPath(Main main) {
        return merged == null ? null : main.resolve(merged);
    }

    private void printWarnings(List<String> warnings) {
        PrintWriter err = mixee.commandLine().getErr();
        for (String w : warnings) {
            err.println(mixee.qualifiedName(" ") + ": warning: " + w);
        }
        err.flush();
    }
}
