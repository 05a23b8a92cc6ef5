package dev.nvsgen.nvs.util;

/** Little-endian reads and writes at absolute offsets of a byte array: the only byte order NVS uses. */
public final class LittleEndian {
    private LittleEndian() {}

    public static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    public static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    public static int i32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    public static long u32(byte[] b, int off) {
        return i32(b, off) & 0xFFFF_FFFFL;
    }

    public static long i64(byte[] b, int off) {
        return (i32(b, off) & 0xFFFF_FFFFL) | ((long) i32(b, off + 4)) << 32;
    }

    public static void putU16(byte[] b, int off, int value) {
        b[off] = (byte) value;
        b[off + 1] = (byte) (value >>> 8);
    }

    public static void putI32(byte[] b, int off, int value) {
        b[off] = (byte) value;
        b[off + 1] = (byte) (value >>> 8);
        b[off + 2] = (byte) (value >>> 16);
        b[off + 3] = (byte) (value >>> 24);
    }

    public static void putI64(byte[] b, int off, long value) {
        putI32(b, off, (int) value);
        putI32(b, off + 4, (int) (value >>> 32));
    }

    /** Writes the low {@code width} bytes of {@code value}. */
    public static void putN(byte[] b, int off, long value, int width) {
        for (int i = 0; i < width; i++) {
            b[off + i] = (byte) (value >>> (8 * i));
        }
    }
}
