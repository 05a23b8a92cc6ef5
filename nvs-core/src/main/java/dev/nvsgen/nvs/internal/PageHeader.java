package dev.nvsgen.nvs.internal;

import dev.nvsgen.nvs.util.Crc32;
import dev.nvsgen.nvs.util.LittleEndian;
import java.util.Arrays;

/**
 * The 32-byte header at the start of every used page (ESP-IDF {@code nvs_page.hpp}, {@code Header}).
 *
 * <pre>
 * offset  size  what
 *      0     4  state (u32; see {@link PageState})
 *      4     4  sequence number (u32): the generator numbers pages 0, 1, 2 … by position
 *      8     1  format version: 0xFE version 2, 0xFF version 1
 *      9    19  unused, 0xFF
 *     28     4  CRC32 of bytes 4..27 (the state is left out: it changes in place)
 * </pre>
 */
public record PageHeader(int stateCode, long sequence, int versionByte, int crc) {
    public static final int SIZE = 32;
    public static final int STATE_OFFSET = 0;
    public static final int SEQUENCE_OFFSET = 4;
    public static final int VERSION_OFFSET = 8;
    public static final int CRC_OFFSET = 28;
    private static final int CRC_FROM = 4;
    private static final int CRC_LENGTH = 24;

    /** A header as the generator writes it, with its CRC computed. */
    public static PageHeader of(PageState state, long sequence, int versionByte) {
        byte[] b = new byte[SIZE];
        fill(b, 0, state.code(), sequence, versionByte);
        return parse(b, 0);
    }

    public static PageHeader parse(byte[] buf, int offset) {
        return new PageHeader(
                LittleEndian.i32(buf, offset + STATE_OFFSET),
                LittleEndian.u32(buf, offset + SEQUENCE_OFFSET),
                LittleEndian.u8(buf, offset + VERSION_OFFSET),
                LittleEndian.i32(buf, offset + CRC_OFFSET));
    }

    /** Writes a fresh header (unused bytes 0xFF, CRC computed) at {@code offset}. */
    public static void write(byte[] buf, int offset, PageState state, long sequence, int versionByte) {
        fill(buf, offset, state.code(), sequence, versionByte);
    }

    /** Changes only the state word, as flash does when a page becomes FULL; the CRC does not cover it. */
    public static void writeState(byte[] buf, int offset, PageState state) {
        LittleEndian.putI32(buf, offset + STATE_OFFSET, state.code());
    }

    private static void fill(byte[] buf, int offset, int stateCode, long sequence, int versionByte) {
        Arrays.fill(buf, offset, offset + SIZE, (byte) 0xFF);
        LittleEndian.putI32(buf, offset + STATE_OFFSET, stateCode);
        LittleEndian.putI32(buf, offset + SEQUENCE_OFFSET, (int) sequence);
        buf[offset + VERSION_OFFSET] = (byte) versionByte;
        LittleEndian.putI32(buf, offset + CRC_OFFSET, Crc32.compute(buf, offset + CRC_FROM, CRC_LENGTH));
    }

    /** The CRC the header's bytes 4..27 should have. */
    public static int computeCrc(byte[] buf, int offset) {
        return Crc32.compute(buf, offset + CRC_FROM, CRC_LENGTH);
    }

    public PageState state() {
        return PageState.fromCode(stateCode);
    }
}
