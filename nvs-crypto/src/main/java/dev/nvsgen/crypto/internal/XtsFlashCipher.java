package dev.nvsgen.crypto.internal;

import java.util.Arrays;

/**
 * XTS-AES flash encryption as espsecure's {@code _flash_encryption_operation_aes_xts} computes it.
 *
 * <p>Data is laid over 128-byte data units aligned in flash: a start inside a unit is padded with zeros in
 * front, a short last unit with zeros behind, and the padding dropped again from the result. A unit's
 * tweak is its flash address as a little-endian 32-bit number in 16 bytes; each unit is byte-reversed,
 * run through standard XTS, and reversed again.
 */
public final class XtsFlashCipher {
    public static final int UNIT = 128;
    private static final long UNIT_MASK = ~(long) (UNIT - 1);

    private final XtsAes xts;

    /** {@code key} is key1 ‖ key2: 32 bytes (XTS-AES-128) or 64 (XTS-AES-256). */
    public XtsFlashCipher(byte[] key) {
        int half = key.length / 2;
        this.xts = new XtsAes(Arrays.copyOfRange(key, 0, half), Arrays.copyOfRange(key, half, key.length));
    }

    /**
     * The encryption (or decryption) of {@code data}, which sits at flash {@code address}. The caller has
     * checked that address and length are multiples of 16 and the last unit's address fits in 32 bits.
     */
    public byte[] apply(boolean encrypt, byte[] data, long address) {
        int padLeft = (int) (address % UNIT);
        int span = padLeft + data.length;
        int padded = (span + UNIT - 1) / UNIT * UNIT;
        byte[] buf = new byte[padded];
        System.arraycopy(data, 0, buf, padLeft, data.length);
        int units = padded / UNIT;
        int[] offsets = new int[units];
        long[] tweaks = new long[units];
        for (int k = 0; k < units; k++) {
            offsets[k] = k * UNIT;
            // espsecure: struct.pack("<I", address & ~0x7F), with address stepping by 0x80 from the start.
            tweaks[k] = ((address + (long) k * UNIT) & UNIT_MASK) & 0xFFFF_FFFFL;
            reverse(buf, k * UNIT);
        }
        if (encrypt) {
            xts.encryptUnits(buf, offsets, tweaks, units, UNIT);
        } else {
            xts.decryptUnits(buf, offsets, tweaks, units, UNIT);
        }
        for (int k = 0; k < units; k++) {
            reverse(buf, k * UNIT);
        }
        byte[] out = Arrays.copyOfRange(buf, padLeft, padLeft + data.length);
        Arrays.fill(buf, (byte) 0);
        return out;
    }

    private static void reverse(byte[] b, int at) {
        for (int i = at, j = at + UNIT - 1; i < j; i++, j--) {
            byte t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
    }
}
