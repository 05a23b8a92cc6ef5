package dev.nvsgen.nvs.util;

/**
 * The CRC32 that NVS stores in page headers, item headers and payloads.
 *
 * <p>Same polynomial as zlib's CRC-32 (reflected 0xEDB88320), but the register starts at 0 instead of
 * all ones; the final XOR with 0xFFFFFFFF is kept. It equals Python's {@code zlib.crc32(data, 0xFFFFFFFF)}
 * and ESP-IDF's {@code esp_rom_crc32_le(0xFFFFFFFF, ...)}. {@link java.util.zip.CRC32} cannot be seeded,
 * so the table is our own.
 */
public final class Crc32 {
    private static final int[] TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            TABLE[n] = c;
        }
    }

    private Crc32() {}

    /** The NVS CRC32 of {@code length} bytes of {@code data} from {@code offset}. */
    public static int compute(byte[] data, int offset, int length) {
        int register = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            register = TABLE[(register ^ data[i]) & 0xFF] ^ (register >>> 8);
        }
        return ~register;
    }

    public static int compute(byte[] data) {
        return compute(data, 0, data.length);
    }

    /** Continues a CRC over two separate ranges, as the item header CRC skips its own CRC field. */
    public static int compute(byte[] data, int offset1, int length1, int offset2, int length2) {
        int register = 0;
        for (int i = offset1, end = offset1 + length1; i < end; i++) {
            register = TABLE[(register ^ data[i]) & 0xFF] ^ (register >>> 8);
        }
        for (int i = offset2, end = offset2 + length2; i < end; i++) {
            register = TABLE[(register ^ data[i]) & 0xFF] ^ (register >>> 8);
        }
        return ~register;
    }
}
