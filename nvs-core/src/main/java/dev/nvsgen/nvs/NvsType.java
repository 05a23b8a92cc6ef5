package dev.nvsgen.nvs;

import java.util.Locale;

/** The types an NVS value has, as ESP-IDF's {@code nvs_get_*} functions see them. */
public enum NvsType {
    U8(1, false),
    I8(1, true),
    U16(2, false),
    I16(2, true),
    U32(4, false),
    I32(4, true),
    U64(8, false),
    I64(8, true),
    STRING(0, false),
    BLOB(0, false);

    private final int width;
    private final boolean signed;

    NvsType(int width, boolean signed) {
        this.width = width;
        this.signed = signed;
    }

    /** The lower-case name ESP-IDF's CSV format uses: {@code u8}, {@code string}, {@code blob}… */
    public String csvName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isInteger() {
        return width > 0;
    }

    /** Bytes the integer occupies in an item's data field; 0 for strings and blobs. */
    public int width() {
        return width;
    }

    public boolean isSigned() {
        return signed;
    }

    /** The integer type named {@code u8} … {@code i64}, or null. */
    public static NvsType integerNamed(String name) {
        // A switch rather than a search: every CSV row of every device asks, and this allocates nothing.
        return switch (name) {
            case "u8" -> U8;
            case "i8" -> I8;
            case "u16" -> U16;
            case "i16" -> I16;
            case "u32" -> U32;
            case "i32" -> I32;
            case "u64" -> U64;
            case "i64" -> I64;
            default -> null;
        };
    }
}
