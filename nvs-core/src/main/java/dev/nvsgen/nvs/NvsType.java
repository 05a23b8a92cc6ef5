package dev.nvsgen.nvs;

import java.util.Locale;

/** The types an NVS value has, as ESP-IDF's {@code nvs_get_*} functions see them. */
public enum NvsType {
    U8(1, false, true),
    I8(1, true, true),
    U16(2, false, true),
    I16(2, true, true),
    U32(4, false, true),
    I32(4, true, true),
    U64(8, false, true),
    I64(8, true, true),
    STRING(0, false, false),
    BLOB(0, false, false),
    /** IEEE 754 binary32 ({@code nvs_set_float}, ESP-IDF 6 and later). */
    FLOAT(4, false, false),
    /** IEEE 754 binary64 ({@code nvs_set_double}, ESP-IDF 6 and later). */
    DOUBLE(8, false, false);

    private final int width;
    private final boolean signed;
    private final boolean integer;

    NvsType(int width, boolean signed, boolean integer) {
        this.width = width;
        this.signed = signed;
        this.integer = integer;
    }

    /** The lower-case name ESP-IDF's CSV format uses: {@code u8}, {@code string}, {@code blob}… */
    public String csvName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isInteger() {
        return integer;
    }

    /** {@link #FLOAT} or {@link #DOUBLE}. */
    public boolean isFloatingPoint() {
        return width > 0 && !integer;
    }

    /** Bytes the number occupies in an item's data field; 0 for strings and blobs. */
    public int width() {
        return width;
    }

    /** A signed integer type; false for the floating-point types, whose data field holds raw IEEE 754 bits. */
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
