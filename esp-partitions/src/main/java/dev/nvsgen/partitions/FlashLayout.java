package dev.nvsgen.partitions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Images and the flash offsets they go to, and what esptool needs to write them: an argument file in
 * the style of ESP-IDF's {@code build/flash_args}, the {@code esptool.py write_flash} command line, and
 * one merged file as {@code esptool.py merge_bin} makes it.
 *
 * <pre>{@code
 * FlashLayout layout = FlashLayout.of(List.of(new FlashImage(0x9000, Path.of("nvs.bin"), image)));
 * layout.writeFlashCommand(Path.of(""));   // esptool.py write_flash 0x9000 nvs.bin
 * layout.argsFile(Path.of(""));            // --flash_mode keep …\n0x9000 nvs.bin\n
 * }</pre>
 */
public final class FlashLayout {
    /**
     * The first line of an argument file: write_flash's own defaults, so that the file can be used with
     * {@code esptool.py write_flash @file} like ESP-IDF's flash_args, whose first line holds these options.
     */
    public static final String ARGS_OPTIONS = "--flash_mode keep --flash_freq keep --flash_size keep";

    /** Characters {@code shlex.quote} leaves alone. */
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private final List<FlashImage> images;

    private FlashLayout(List<FlashImage> images) {
        this.images = images;
    }

    /** The images in offset order; refuses images that overlap. */
    public static FlashLayout of(List<FlashImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a flash layout needs at least one image");
        }
        List<FlashImage> sorted = images.stream()
                .sorted(Comparator.comparingLong(FlashImage::offset))
                .toList();
        for (int i = 1; i < sorted.size(); i++) {
            FlashImage a = sorted.get(i - 1);
            FlashImage b = sorted.get(i);
            if (b.offset() < a.end()) {
                throw new PartitionTableException(b.file() + " at " + PartitionEntry.hex(b.offset()) + " overlaps "
                        + a.file() + " at " + PartitionEntry.hex(a.offset()) + "-" + PartitionEntry.hex(a.end() - 1));
            }
        }
        return new FlashLayout(sorted);
    }

    public List<FlashImage> images() {
        return images;
    }

    /** The lowest offset: where a merged file is flashed. */
    public long start() {
        return images.get(0).offset();
    }

    /** The first byte after the last image. */
    public long end() {
        return images.get(images.size() - 1).end();
    }

    /**
     * The argument-file text: {@link #ARGS_OPTIONS}, then one {@code 0xOFFSET file} line per image, files
     * named relative to {@code dir} (the folder the argument file is written to; esptool is run there,
     * as ESP-IDF runs it in {@code build/}).
     */
    public String argsFile(Path dir) {
        StringBuilder out = new StringBuilder(ARGS_OPTIONS).append('\n');
        for (FlashImage i : images) {
            out.append(PartitionEntry.hex(i.offset()))
                    .append(' ')
                    .append(shellPath(i.file(), dir))
                    .append('\n');
        }
        return out.toString();
    }

    /** {@code esptool.py write_flash 0x9000 nvs.bin …}, files named relative to {@code workingDir} where they are under it. */
    public String writeFlashCommand(Path workingDir) {
        return "esptool.py write_flash "
                + images.stream()
                        .map(i -> PartitionEntry.hex(i.offset()) + " " + shellPath(i.file(), workingDir))
                        .collect(Collectors.joining(" "));
    }

    /**
     * One file holding every image at its offset and 0xFF between them, starting at {@link #start()}: what
     * {@code esptool.py merge_bin --target-offset START} writes for these images. (merge_bin's default
     * target offset is 0, which would make the file start with erased bytes over the bootloader.)
     */
    public byte[] merged() {
        long length = end() - start();
        if (length > Integer.MAX_VALUE - 8) {
            throw new PartitionTableException("a merged file from " + PartitionEntry.hex(start()) + " to "
                    + PartitionEntry.hex(end()) + " would be too large");
        }
        byte[] out = new byte[(int) length];
        Arrays.fill(out, (byte) 0xFF);
        for (FlashImage i : images) {
            System.arraycopy(i.data(), 0, out, (int) (i.offset() - start()), i.length());
        }
        return out;
    }

    /**
     * Refuses to merge where flashing the merged file would erase something else: a partition of
     * {@code table} (other than those the images start) or the table itself lying in a gap between images.
     */
    public void checkMergeKeeps(PartitionTable table) {
        List<String> hit = new ArrayList<>();
        for (int i = 1; i < images.size(); i++) {
            long gapFrom = images.get(i - 1).end();
            long gapTo = images.get(i).offset();
            if (gapFrom >= gapTo) {
                continue;
            }
            long tableEnd = table.tableOffset() + PartitionTable.SECTOR_SIZE;
            if (table.tableOffset() < gapTo && gapFrom < tableEnd) {
                hit.add("the partition table at " + PartitionEntry.hex(table.tableOffset()));
            }
            for (PartitionEntry e : table.entries()) {
                boolean imageStartsIt = images.stream().anyMatch(im -> im.offset() == e.offset());
                if (!imageStartsIt && e.size() > 0 && e.offset() < gapTo && gapFrom < e.end()) {
                    hit.add("'" + e.name() + "' at " + PartitionEntry.hex(e.offset()));
                }
            }
        }
        if (!hit.isEmpty()) {
            throw new PartitionTableException("a merged file from " + PartitionEntry.hex(start()) + " to "
                    + PartitionEntry.hex(end()) + " would overwrite " + String.join(", ", hit)
                    + " with 0xFF; flash the images separately (flash-args file) instead");
        }
    }

    /**
     * {@code file} as a command line names it: relative to {@code base} when it lies under it, else
     * absolute, quoted for a POSIX shell where needed.
     */
    public static String shellPath(Path file, Path base) {
        return quote(display(file, base));
    }

    /** A path as a command names it: relative to {@code base} when it lies under it, else absolute. */
    static String display(Path file, Path base) {
        Path f = file.toAbsolutePath().normalize();
        Path b = base.toAbsolutePath().normalize();
        Path shown = f.startsWith(b) ? b.relativize(f) : f;
        String s = shown.toString();
        return s.isEmpty() ? "." : s;
    }

    /** Quotes {@code s} for a POSIX shell and for esptool's argument files, which split lines with shlex. */
    static String quote(String s) {
        if (SHELL_SAFE.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    @Override
    public String toString() {
        return "FlashLayout["
                + images.stream()
                        .map(i -> PartitionEntry.hex(i.offset()) + " " + i.file())
                        .collect(Collectors.joining(", "))
                + "]";
    }
}
