package dev.nvsgen.partitions;

import dev.nvsgen.partitions.internal.PartitionTypes;
import java.nio.charset.StandardCharsets;

/**
 * One partition of an ESP-IDF partition table, with its offset and size resolved.
 *
 * @param name up to 16 bytes of UTF-8 (the binary table's name field)
 * @param type 0x00 app, 0x01 data, 0x02 bootloader, 0x03 partition_table, 0x40–0xFE custom
 * @param subtype meaning depends on the type; e.g. data 0x02 is nvs, 0x04 nvs_keys
 * @param offset where the partition starts in flash
 * @param size its length in bytes
 * @param encrypted flag bit 0: flash encryption covers it
 * @param readonly flag bit 1: mounted read-only
 */
public record PartitionEntry(
        String name, int type, int subtype, long offset, long size, boolean encrypted, boolean readonly) {
    public static final int TYPE_APP = PartitionTypes.APP;
    public static final int TYPE_DATA = PartitionTypes.DATA;
    public static final int TYPE_BOOTLOADER = PartitionTypes.BOOTLOADER;
    public static final int TYPE_PARTITION_TABLE = PartitionTypes.PARTITION_TABLE;
    public static final int SUBTYPE_NVS = PartitionTypes.DATA_NVS;
    public static final int SUBTYPE_NVS_KEYS = PartitionTypes.DATA_NVS_KEYS;
    /** Bytes of the name field in the binary table; longer names do not fit. */
    public static final int MAX_NAME_BYTES = 16;

    private static final long U32 = 0xFFFF_FFFFL;

    public PartitionEntry {
        if (name == null || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                    "partition name '" + name + "' must be at most " + MAX_NAME_BYTES + " bytes of UTF-8 without NUL");
        }
        if (type < 0 || type > 0xFF || subtype < 0 || subtype > 0xFF) {
            throw new IllegalArgumentException("partition '" + name + "': type " + type + " and subtype " + subtype
                    + " must be between 0 and 255");
        }
        if (offset < 0 || offset > U32 || size < 0 || size > U32) {
            throw new IllegalArgumentException("partition '" + name + "': offset " + offset + " and size " + size
                    + " must be between 0 and 0xffffffff");
        }
    }

    /** A data,nvs partition: what NVS images are written to. */
    public boolean isNvs() {
        return type == TYPE_DATA && subtype == SUBTYPE_NVS;
    }

    /** A data,nvs_keys partition: where NVS encryption keys live (flash-encryption scheme). */
    public boolean isNvsKeys() {
        return type == TYPE_DATA && subtype == SUBTYPE_NVS_KEYS;
    }

    /** The first byte after the partition. */
    public long end() {
        return offset + size;
    }

    /** The type as gen_esp32part prints it: {@code app}, {@code data} … or the number in decimal. */
    public String typeName() {
        return PartitionTypes.typeName(type);
    }

    /** The subtype as gen_esp32part prints it: {@code nvs}, {@code ota_0} … or the number in decimal. */
    public String subtypeName() {
        return PartitionTypes.subtypeName(type, subtype);
    }

    /** The flags column: {@code encrypted}, {@code readonly} or both joined with a colon. */
    public String flagsText() {
        return encrypted && readonly ? "encrypted:readonly" : encrypted ? "encrypted" : readonly ? "readonly" : "";
    }

    /** {@code value} as gen_esp32part shows offsets and sizes: {@code 0x9000}. */
    public static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
