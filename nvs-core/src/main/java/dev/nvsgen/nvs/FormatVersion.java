package dev.nvsgen.nvs;

/**
 * The NVS format version, written into every page header.
 *
 * <p>Version 1 stores a blob as one item on one page (at most 1984 bytes); version 2 (ESP-IDF 4.0 and
 * later, the default) splits blobs into chunks across pages and adds an index item.
 */
public enum FormatVersion {
    V1(0xFF, 1984, 1984),
    V2(0xFE, 4000, Integer.MAX_VALUE);

    private final int headerByte;
    private final int maxStringBytes;
    private final int maxBlobBytes;

    FormatVersion(int headerByte, int maxStringBytes, int maxBlobBytes) {
        this.headerByte = headerByte;
        this.maxStringBytes = maxStringBytes;
        this.maxBlobBytes = maxBlobBytes;
    }

    /** The version byte at offset 8 of a page header. */
    public int headerByte() {
        return headerByte;
    }

    /** The nominal limit on a string, terminating NUL included (placement lowers it; see the writer). */
    public int maxStringBytes() {
        return maxStringBytes;
    }

    public int maxBlobBytes() {
        return maxBlobBytes;
    }

    public int number() {
        return this == V1 ? 1 : 2;
    }

    public static FormatVersion of(int number) {
        return switch (number) {
            case 1 -> V1;
            case 2 -> V2;
            default -> throw new IllegalArgumentException("NVS format version must be 1 or 2, was " + number);
        };
    }

    /** The version a page header's version byte names, or null when it names none. */
    public static FormatVersion fromHeaderByte(int b) {
        return b == 0xFF ? V1 : b == 0xFE ? V2 : null;
    }
}
