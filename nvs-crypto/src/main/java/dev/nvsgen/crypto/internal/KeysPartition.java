package dev.nvsgen.crypto.internal;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.Crc32;
import dev.nvsgen.nvs.util.LittleEndian;
import java.util.Arrays;

/**
 * The nvs_keys partition that holds the NVS encryption keys (ESP-IDF
 * {@code components/nvs_flash/src/nvs_api.cpp}, {@code nvs_flash_generate_keys} and
 * {@code nvs_flash_read_security_cfg}; {@code nvs_sec_cfg_t} in {@code nvs_flash.h}).
 *
 * <pre>
 * offset  size  what
 *      0    32  XTS data key ("eky")
 *     32    32  XTS tweak key ("tky")
 *     64     4  CRC32 of bytes 0..63 (the NVS CRC, u32 little-endian)
 *     68  4028  0xFF
 * </pre>
 *
 * A blank partition (keys and CRC all 0xFF) means no keys were written yet. The reference generator
 * reads only the first 64 bytes of a keys file, so a bare 64-byte file of the two keys is accepted too.
 */
public final class KeysPartition {
    public static final int SIZE = 4096;
    /** Data key followed by tweak key, nothing else. */
    public static final int BARE_SIZE = 64;

    public static final int DATA_KEY = 0;
    public static final int TWEAK_KEY = 32;
    public static final int KEY_SIZE = 32;
    private static final int CRC = 64;

    private KeysPartition() {}

    /** The 4096-byte partition holding {@code dataKey} and {@code tweakKey}. */
    public static byte[] format(byte[] dataKey, byte[] tweakKey) {
        byte[] b = new byte[SIZE];
        Arrays.fill(b, (byte) 0xFF);
        System.arraycopy(dataKey, 0, b, DATA_KEY, KEY_SIZE);
        System.arraycopy(tweakKey, 0, b, TWEAK_KEY, KEY_SIZE);
        LittleEndian.putI32(b, CRC, Crc32.compute(b, 0, BARE_SIZE));
        return b;
    }

    /**
     * Checks that {@code contents} is a keys file: a 4096-byte partition whose CRC matches, or the bare
     * 64 key bytes. {@code source} names the file in the message of the {@link NvsInputException} thrown
     * otherwise; the message never shows key bytes.
     */
    public static void check(byte[] contents, String source) {
        if (contents.length == BARE_SIZE) {
            return;
        }
        if (contents.length != SIZE) {
            throw wrongSize(source, contents.length);
        }
        if (LittleEndian.i32(contents, CRC) != Crc32.compute(contents, 0, BARE_SIZE)) {
            if (isBlank(contents)) {
                throw new NvsInputException(
                        source + ": the keys partition is blank (all 0xFF): no keys were ever written to it");
            }
            // The CRC values stay out of the message: a CRC of the keys tells 32 bits about them.
            throw new NvsInputException(source + ": the CRC32 at offset 64 does not match the 64 key bytes before"
                    + " it; the file is damaged or not an NVS keys file");
        }
    }

    /**
     * True when {@code page}, a file's first 4096 bytes, is an nvs_keys partition as {@link #format} writes
     * one: 64 key bytes, their CRC, the rest 0xFF.
     */
    public static boolean looksLike(byte[] page) {
        if (page.length != SIZE || LittleEndian.i32(page, CRC) != Crc32.compute(page, 0, BARE_SIZE)) {
            return false;
        }
        for (int i = CRC + 4; i < page.length; i++) {
            if (page[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** The error for a keys file of {@code size} bytes, which is neither size a keys file can have. */
    public static NvsInputException wrongSize(String source, long size) {
        return new NvsInputException(source + ": an NVS keys file is " + SIZE + " bytes (an nvs_keys partition) or "
                + BARE_SIZE + " bytes (data key and tweak key alone), but this one is " + size + " bytes");
    }

    private static boolean isBlank(byte[] b) {
        for (int i = 0; i < CRC + 4; i++) {
            if (b[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }
}
