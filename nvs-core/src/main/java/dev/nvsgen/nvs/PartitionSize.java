package dev.nvsgen.nvs;

import dev.nvsgen.nvs.internal.Page;
import java.math.BigInteger;
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

    /**
     * The largest size accepted: 128 MiB, the largest flash ESP-IDF can be configured for (the
     * {@code ESPTOOLPY_FLASHSIZE} choice {@code 128MB} in {@code components/esptool_py/Kconfig.projbuild};
     * most chips address at most 16 MiB). A partition cannot be larger than the flash it lives in, so a
     * larger size is a typo (an extra zero), refused before anything is allocated.
     */
    public static final int MAX_BYTES = 128 * 1024 * 1024;

    public PartitionSize {
        if (bytes < Page.SIZE) {
            throw new NvsInputException("partition size " + hex(bytes)
                    + " is too small: read/write NVS needs at least 0x3000 bytes, read-only NVS 0x1000");
        }
        if (bytes % Page.SIZE != 0) {
            throw new NvsInputException("partition size " + hex(bytes) + " is not a multiple of 4096 (0x1000) bytes");
        }
        if (bytes > MAX_BYTES) {
            throw tooLarge(hex(bytes));
        }
    }

    /**
     * Parses a size the way every nvsgen command takes one: what {@code nvs_partition_gen} takes (Python's
     * {@code int(size, 0)}: decimal {@code 12288}, hex {@code 0x3000}, octal {@code 0o30000}, binary
     * {@code 0b…}, with {@code _} between digits), and, as ESP-IDF's partition tables ({@code gen_esp32part})
     * write sizes, a trailing {@code K} or {@code M} (any case) for KiB or MiB: {@code 12K}, {@code 0x6K},
     * {@code 1M}. A size larger than {@link #MAX_BYTES} is refused without allocating anything.
     */
    public static PartitionSize parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("k")) {
            unit = 1024;
        } else if (s.endsWith("m")) {
            unit = 1024 * 1024;
        }
        if (unit != 1) {
            s = s.substring(0, s.length() - 1);
        }
        BigInteger value = integerLiteral(s);
        if (value == null) {
            throw new NvsInputException("partition size '" + text
                    + "' is not a number (give it in decimal, as 0x…, or with K or M: 12288, 0x3000, 12K)");
        }
        value = value.multiply(BigInteger.valueOf(unit));
        if (value.compareTo(BigInteger.valueOf(MAX_BYTES)) > 0) {
            throw tooLarge("'" + text + "'" + (unit == 1 ? "" : " (" + value + " bytes)"));
        }
        return new PartitionSize(value.intValueExact());
    }

    /**
     * A non-negative Python integer literal as {@code int(s, 0)} reads it, or null: {@code 0x}/{@code 0o}/
     * {@code 0b} prefixes, single underscores between digits (and after a prefix), no sign. Unlike Python,
     * a decimal with leading zeros ({@code 012}) is taken as decimal: nvsgen always took it.
     */
    private static BigInteger integerLiteral(String s) {
        int radix = 10;
        String digits = s;
        if (s.length() > 2 && s.charAt(0) == '0' && "xob".indexOf(s.charAt(1)) >= 0) {
            radix = switch (s.charAt(1)) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            digits = s.substring(2);
            if (digits.startsWith("_")) {
                digits = digits.substring(1);
            }
        }
        if (digits.isEmpty() || digits.startsWith("_") || digits.endsWith("_") || digits.contains("__")) {
            return null;
        }
        digits = digits.replace("_", "");
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return null;
            }
        }
        return new BigInteger(digits, radix);
    }

    private static NvsInputException tooLarge(String size) {
        return new NvsInputException("partition size " + size + " is larger than any ESP flash: at most "
                + hex(MAX_BYTES) + " (128 MiB, the largest flash size ESP-IDF configures) is accepted");
    }

    /**
     * A partition of {@code pages} 4096-byte pages.
     *
     * @throws NvsInputException for a negative count, or one larger than {@link #MAX_BYTES}
     */
    public static PartitionSize ofPages(int pages) {
        if (pages < 0) {
            throw new NvsInputException("partition size of " + pages + " pages: a page count is never negative");
        }
        if (pages > MAX_BYTES / Page.SIZE) {
            throw tooLarge("of " + pages + " pages (" + (long) pages * Page.SIZE + " bytes)");
        }
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
