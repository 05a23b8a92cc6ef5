package dev.nvsgen.partitions.internal;

import dev.nvsgen.partitions.PartitionEntry;
import dev.nvsgen.partitions.PartitionTableException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One 32-byte row of the binary partition table (ESP-IDF {@code esp_flash_partitions.h},
 * {@code esp_partition_info_t}; written by {@code gen_esp32part.py}).
 *
 * <pre>
 * offset  size  what
 *      0     2  magic 0xAA 0x50
 *      2     1  type
 *      3     1  subtype
 *      4     4  offset (u32)
 *      8     4  size (u32)
 *     12    16  name, UTF-8, padded with NUL (no NUL when it is 16 bytes long)
 *     28     4  flags (u32): bit 0 encrypted, bit 1 readonly
 * </pre>
 *
 * The rows are followed by an MD5 row ({@code 0xEB 0xEB}, 14 bytes 0xFF, then the MD5 of every row
 * before it) and an end marker of 32 bytes 0xFF; the table is padded with 0xFF to {@link #TABLE_LENGTH}
 * bytes, the part of its 4 KB sector that the bootloader reads (the last 1 KB is left for a signature).
 */
public final class PartitionRecord {
    public static final int SIZE = 32;
    public static final int TABLE_LENGTH = 0xC00;
    private static final int MAGIC_0 = 0xAA;
    private static final int MAGIC_1 = 0x50;
    private static final int MD5_MAGIC = 0xEB;
    private static final int TYPE = 2;
    private static final int SUBTYPE = 3;
    private static final int OFFSET = 4;
    private static final int LENGTH = 8;
    private static final int NAME = 12;
    private static final int FLAGS = 28;
    private static final int MD5_DIGEST = 16;
    private static final int FLAG_ENCRYPTED = 1;
    private static final int FLAG_READONLY = 1 << 1;

    private PartitionRecord() {}

    /** Writes {@code e} as a row at {@code at}. */
    public static void write(PartitionEntry e, byte[] buf, int at) {
        Arrays.fill(buf, at, at + SIZE, (byte) 0);
        buf[at] = (byte) MAGIC_0;
        buf[at + 1] = (byte) MAGIC_1;
        buf[at + TYPE] = (byte) e.type();
        buf[at + SUBTYPE] = (byte) e.subtype();
        LittleEndian.putI32(buf, at + OFFSET, (int) e.offset());
        LittleEndian.putI32(buf, at + LENGTH, (int) e.size());
        byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(name, 0, buf, at + NAME, name.length);
        int flags = (e.encrypted() ? FLAG_ENCRYPTED : 0) | (e.readonly() ? FLAG_READONLY : 0);
        LittleEndian.putI32(buf, at + FLAGS, flags);
    }

    /** The whole table: rows, MD5 row if {@code md5}, then 0xFF up to {@link #TABLE_LENGTH}. */
    public static byte[] table(List<PartitionEntry> entries, boolean md5) {
        byte[] out = new byte[TABLE_LENGTH];
        Arrays.fill(out, (byte) 0xFF);
        int at = 0;
        for (PartitionEntry e : entries) {
            write(e, out, at);
            at += SIZE;
        }
        if (md5) {
            out[at] = (byte) MD5_MAGIC;
            out[at + 1] = (byte) MD5_MAGIC;
            byte[] md5Digest = Md5.digest(out, 0, at);
            System.arraycopy(md5Digest, 0, out, at + MD5_DIGEST, md5Digest.length);
        }
        return out;
    }

    /** The most partitions a table holds: its rows and the MD5 row must stay below {@link #TABLE_LENGTH}. */
    public static int maxEntries(boolean md5) {
        return TABLE_LENGTH / SIZE - 1 - (md5 ? 1 : 0);
    }

    /** The rows of a binary table up to its end marker, the MD5 row checked when {@code md5}. */
    public static List<Row> parseTable(byte[] data, String source, boolean md5, List<String> warnings) {
        List<Row> rows = new ArrayList<>();
        Md5 digest = new Md5();
        for (int at = 0; at < data.length; at += SIZE) {
            int index = at / SIZE + 1;
            String origin = source + ": entry " + index + " (byte " + "0x" + Integer.toHexString(at) + ")";
            if (data.length - at < SIZE) {
                throw new PartitionTableException(origin + ": the table ends in the middle of a 32-byte row"
                        + " (its length " + data.length + " is not a multiple of 32) before the end marker");
            }
            if (isErased(data, at)) {
                return rows;
            }
            if (md5 && u8(data, at) == MD5_MAGIC && u8(data, at + 1) == MD5_MAGIC) {
                byte[] expected = digest.current();
                byte[] actual = Arrays.copyOfRange(data, at + MD5_DIGEST, at + SIZE);
                if (!Arrays.equals(expected, actual)) {
                    throw new PartitionTableException(origin + ": MD5 row does not match the rows before it: expected "
                            + HexFormat.of().formatHex(expected) + " but was "
                            + HexFormat.of().formatHex(actual));
                }
                continue;
            }
            digest.update(data, at, SIZE);
            rows.add(new Row(parse(data, at, origin, warnings), origin));
        }
        throw new PartitionTableException(
                source + ": the table has no end marker (a row of 32 bytes 0xFF) after its " + rows.size() + " rows");
    }

    private static PartitionEntry parse(byte[] b, int at, String origin, List<String> warnings) {
        if (u8(b, at) != MAGIC_0 || u8(b, at + 1) != MAGIC_1) {
            throw new PartitionTableException(origin + ": not a partition row: magic bytes are "
                    + String.format("%02x %02x", u8(b, at), u8(b, at + 1)) + ", expected aa 50");
        }
        int nameLength = 0;
        while (nameLength < 16 && b[at + NAME + nameLength] != 0) {
            nameLength++;
        }
        String name;
        try {
            name = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, at + NAME, nameLength))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new PartitionTableException(origin + ": the partition name is not valid UTF-8");
        }
        long flags = LittleEndian.u32(b, at + FLAGS);
        long unknown = flags & ~(long) (FLAG_ENCRYPTED | FLAG_READONLY);
        if (unknown != 0) {
            warnings.add(origin + ": partition '" + name + "' has unknown flag bits " + String.format("0x%08x", unknown)
                    + " (from a newer ESP-IDF?); they are dropped");
        }
        return new PartitionEntry(
                name,
                u8(b, at + TYPE),
                u8(b, at + SUBTYPE),
                LittleEndian.u32(b, at + OFFSET),
                LittleEndian.u32(b, at + LENGTH),
                (flags & FLAG_ENCRYPTED) != 0,
                (flags & FLAG_READONLY) != 0);
    }

    private static boolean isErased(byte[] b, int at) {
        for (int i = at; i < at + SIZE; i++) {
            if (b[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static int u8(byte[] b, int at) {
        return b[at] & 0xFF;
    }
}
