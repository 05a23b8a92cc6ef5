package dev.nvsgen.nvs;

import dev.nvsgen.nvs.internal.Page;
import java.util.Locale;

/**
 * The size of an NVS partition: a whole number of 4096-byte pages.
 *
 * <p>A read/write partition needs at least 3 pages and keeps its last page free for the runtime's
 * page rotation. Partitions of 1 or 2 pages are read-only (ESP-IDF 5.3 and later): every page holds
 * data, and the image holds only the pages that do.
 */
public record PartitionSize(int bytes) {
    public static final int MIN_READ_WRITE = 3 * Page.SIZE;

    public PartitionSize {
        if (bytes < Page.SIZE) {
            throw new NvsInputException("partition size " + hex(bytes)
                    + " is too small: read/write NVS needs at least 0x3000 bytes, read-only NVS 0x1000");
        }
        if (bytes % Page.SIZE != 0) {
            throw new NvsInputException("partition size " + hex(bytes) + " is not a multiple of 4096 (0x1000) bytes");
        }
    }

    /**
     * Parses a size as {@code nvs_partition_gen} does: decimal ({@code 12288}), hex ({@code 0x3000}),
     * octal ({@code 0o30000}) or binary ({@code 0b…}).
     */
    public static PartitionSize parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        int radix = 10;
        if (s.startsWith("0x")) {
            radix = 16;
        } else if (s.startsWith("0o")) {
            radix = 8;
        } else if (s.startsWith("0b")) {
            radix = 2;
        }
        String digits = radix == 10 ? s : s.substring(2);
        long value;
        try {
            if (digits.isEmpty() || digits.startsWith("+") || digits.startsWith("-")) {
                throw new NumberFormatException();
            }
            value = Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            throw new NvsInputException("partition size '" + text + "' is not a number (give it in decimal or as 0x…)");
        }
        if (value > Integer.MAX_VALUE - Page.SIZE) {
            throw new NvsInputException("partition size '" + text + "' is too large");
        }
        return new PartitionSize((int) value);
    }

    public static PartitionSize ofPages(int pages) {
        return new PartitionSize(pages * Page.SIZE);
    }

    public int pages() {
        return bytes / Page.SIZE;
    }

    /** True for 1- and 2-page partitions, which hold data in every page and are never written by the runtime. */
    public boolean isReadOnly() {
        return bytes < MIN_READ_WRITE;
    }

    /** Pages that may hold data: all of a read-only partition, all but the last otherwise. */
    public int usablePages() {
        return isReadOnly() ? pages() : pages() - 1;
    }

    @Override
    public String toString() {
        return hex(bytes);
    }

    static String hex(long bytes) {
        return "0x" + Long.toHexString(bytes);
    }
}
