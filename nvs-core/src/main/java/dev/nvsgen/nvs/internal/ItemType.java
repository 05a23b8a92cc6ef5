package dev.nvsgen.nvs.internal;

import dev.nvsgen.nvs.NvsType;

/** Item type codes as stored in byte 1 of an item (ESP-IDF {@code nvs_types.hpp}, {@code ItemType}). */
public enum ItemType {
    U8(0x01, NvsType.U8),
    I8(0x11, NvsType.I8),
    U16(0x02, NvsType.U16),
    I16(0x12, NvsType.I16),
    U32(0x04, NvsType.U32),
    I32(0x14, NvsType.I32),
    U64(0x08, NvsType.U64),
    I64(0x18, NvsType.I64),
    /** A float (ESP-IDF 6 and later); nvsgen neither writes nor reads its value. */
    FLOAT(0x24, null),
    /** A double (ESP-IDF 6 and later); nvsgen neither writes nor reads its value. */
    DOUBLE(0x28, null),
    SZ(0x21, NvsType.STRING),
    /** A version 1 blob: one item with its whole payload on one page. */
    BLOB(0x41, NvsType.BLOB),
    /** One chunk of a version 2 blob. */
    BLOB_DATA(0x42, NvsType.BLOB),
    /** The index of a version 2 blob: total size and chunk count. */
    BLOB_IDX(0x48, NvsType.BLOB),
    ANY(0xFF, null);

    private static final ItemType[] BY_CODE = new ItemType[256];

    static {
        for (ItemType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final NvsType valueType;

    ItemType(int code, NvsType valueType) {
        this.code = code;
        this.valueType = valueType;
    }

    public int code() {
        return code;
    }

    /** The value type this item carries; null for {@link #ANY} and the floating-point types. */
    public NvsType valueType() {
        return valueType;
    }

    public boolean isInteger() {
        return valueType != null && valueType.isInteger();
    }

    /** Items whose header is followed by payload entries. */
    public boolean isVariableLength() {
        return this == SZ || this == BLOB || this == BLOB_DATA;
    }

    /** The type with {@code code}, or null when no type has it. */
    public static ItemType fromCode(int code) {
        return BY_CODE[code & 0xFF];
    }

    public static ItemType forInteger(NvsType type) {
        return switch (type) {
            case U8 -> U8;
            case I8 -> I8;
            case U16 -> U16;
            case I16 -> I16;
            case U32 -> U32;
            case I32 -> I32;
            case U64 -> U64;
            case I64 -> I64;
            default -> throw new IllegalArgumentException(type + " is not an integer type");
        };
    }
}
