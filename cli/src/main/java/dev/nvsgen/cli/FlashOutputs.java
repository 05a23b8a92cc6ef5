package dev.nvsgen.cli;

import dev.nvsgen.factory.NvsTarget;
import dev.nvsgen.factory.OutputPlan;
import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.util.AtomicFiles;
import dev.nvsgen.partitions.FlashArgsFiles;
import dev.nvsgen.partitions.FlashLayout;
import dev.nvsgen.partitions.PartitionEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What esptool needs next to every image written against a partition table: a flash-args file beside
 * the image ({@code nvs.bin} → {@code nvs.flash_args}: offset/file pairs, paths relative to it, as
 * ESP-IDF's {@code build/flash_args}), the merged file if asked for, and the exact commands printed.
 *
 * <p>Use it in two steps so that a refusal leaves no file behind: {@link #plan} (checks that the images
 * fit their partitions and that a merged file would not erase other partitions) before writing the
 * images, then {@link Plan#write} after them, or {@link Plan#addTo} with a {@link PendingFiles} and
 * {@link Plan#printCommands} once it is written. Commands writing many images (batch, mfg) plan and
 * write per device (passing a null writer to keep per-device output quiet).
 */
final class FlashOutputs {
    private FlashOutputs() {}

    /** The checked flashing outputs of one device's images. */
    record Plan(NvsTarget target, FlashLayout layout, Path argsFile, Path merged, boolean withKeys) {
        /** Writes the flash-args file and the merged file, then prints the commands unless {@code out} is null. */
        void write(Main main, PrintWriter out) throws IOException {
            AtomicFiles.write(argsFile, argsText(), false);
            if (merged != null) {
                AtomicFiles.write(merged, layout.merged(), false);
            }
            if (out != null) {
                printCommands(main, out);
            }
        }

        /** Queues the flash-args file and the merged file with a command's other outputs. */
        void addTo(PendingFiles files) {
            files.add(argsFile, argsText(), false, "esptool flash args", OutputPlan.Kind.FLASH_ARGS);
            if (merged != null) {
                // With the keys image in it, the merged file is key material: owner-only from its creation.
                files.add(
                        merged,
                        layout.merged(),
                        withKeys,
                        "merged flash image (flash at " + hex(layout.start()) + ")",
                        OutputPlan.Kind.FLASH_IMAGE);
            }
        }

        private byte[] argsText() {
            return layout.argsFile(argsFile.toAbsolutePath().getParent()).getBytes(StandardCharsets.UTF_8);
        }

        /** Prints where the images go and the esptool commands that write them. */
        void printCommands(Main main, PrintWriter out) {
            PartitionEntry nvs = target.nvs();
            out.println("Partition '" + nvs.name() + "' at " + hex(nvs.offset()) + " (" + hex(nvs.size())
                    + " bytes)"
                    + (withKeys
                            ? ", keys in '" + target.keys().orElseThrow().name() + "' at "
                                    + hex(target.keys().orElseThrow().offset())
                            : "")
                    + "; flash with:");
            out.println("  " + layout.writeFlashCommand(main.workingDir()));
            Path argsDir = argsFile.toAbsolutePath().getParent();
            boolean here = argsDir.equals(main.workingDir().toAbsolutePath().normalize());
            out.println("  " + (here ? "" : "cd " + FlashLayout.shellPath(argsDir, main.workingDir()) + " && ")
                    + "esptool.py write_flash @" + FlashLayout.shellPath(argsFile, argsDir));
            if (merged != null) {
                out.println("  esptool.py write_flash " + hex(layout.start()) + " "
                        + FlashLayout.shellPath(merged, main.workingDir()) + "   (merged file)");
            }
            out.flush();
        }
    }

    /**
     * Checks and lays out {@code image} (and {@code keysFile}/{@code keysBytes}, both null when not
     * encrypting or when the table has no keys partition) for {@code target}; {@code merged} may be null.
     */
    static Plan plan(NvsTarget target, Path image, byte[] imageBytes, Path keysFile, byte[] keysBytes, Path merged) {
        boolean withKeys = target.keys().isPresent() && keysFile != null && keysBytes != null;
        FlashLayout layout = target.layout(
                image, Bytes.of(imageBytes), withKeys ? keysFile : null, withKeys ? Bytes.of(keysBytes) : null);
        if (merged != null) {
            layout.checkMergeKeeps(target.table());
        }
        return new Plan(target, layout, argsFileFor(image), merged, withKeys);
    }

    /** {@code dir/nvs.bin} → {@code dir/nvs.flash_args}; other names get the suffix appended. */
    static Path argsFileFor(Path image) {
        return FlashArgsFiles.forImage(image);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
