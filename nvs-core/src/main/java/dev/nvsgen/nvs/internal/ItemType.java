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
    /** A float (ESP-IDF master, 2026): IEEE 754 binary32 in the data field's first 4 bytes, the rest 0xFF. */
    FLOAT(0x24, NvsType.FLOAT),
    /** A double (ESP-IDF master, 2026): IEEE 754 binary64 in the whole data field. */
    DOUBLE(0x28, NvsType.DOUBLE),
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

    /** The value type this item carries; null for {@link #ANY}. */
    public NvsType valueType() {
        return valueType;
    }

    public boolean isInteger() {
        return valueType != null && valueType.isInteger();
    }

    /** An integer or floating-point item: one entry, the value in its 8-byte data field. */
    public boolean isNumber() {
        return valueType != null && valueType.width() > 0;
    }

    /** Items whose header is followed by payload entries. */
    public boolean isVariableLength() {
        return this == SZ || this == BLOB || this == BLOB_DATA;
    }

    /** The type with {@code code}, or null when no type has it. */
    public static ItemType fromCode(int code) {
        return BY_CODE[code & 0xFF];
    }

    /** The item type of an integer or floating-point value. */
    public static ItemType forNumber(NvsType type) {
        return switch (type) {
            case U8 -> U8;
            case I8 -> I8;
            case U16 -> U16;
            case I16 -> I16;
            case U32 -> U32;
            case I32 -> I32;
            case U64 -> U64;
            case I64 -> I64;
            case FLOAT -> FLOAT;
            case DOUBLE -> DOUBLE;
            default -> throw new IllegalArgumentException(type + " is not a number type");
        };
    }
}
