package dev.nvsgen.crypto.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * ESP32 (classic) flash encryption as espsecure's {@code _flash_encryption_operation_esp32} computes it,
 * on whole 16-byte blocks.
 *
 * <p>The 256-bit key, read as a big-endian number, is XORed per 32-byte flash block with a pattern made
 * from the block number ({@code address >> 5}): {@code ((MUL1 · n) | ((MUL2 · n) & MUL2_MASK)) & range},
 * where {@code range} keeps the quarters of the key that {@code FLASH_CRYPT_CONFIG} bits 0 … 3 enable.
 * Each 16-byte block is reversed, run through AES-256 (<em>decryption</em> to encrypt: the hardware uses
 * AES inverted), and reversed again.
 */
public final class Esp32FlashCipher {
    public static final int BLOCK = 16;

    // The tweak patterns, as espsecure writes them (most significant digit first).
    private static final BigInteger MUL1 =
            new BigInteger("0000200004000080000004000080001000000200004000080000040000800010", 16);
    private static final BigInteger MUL2 =
            new BigInteger("0000000000000000200000000000000010000000000000002000000000000001", 16);
    private static final BigInteger MUL2_MASK =
            new BigInteger("000000000000007FE00000000000000FF000000000000007E00000000000000F", 16);
    /** The key bits each FLASH_CRYPT_CONFIG bit (0 … 3) lets the tweak change. */
    private static final BigInteger[] RANGES = {
        new BigInteger("FFFFFFFFFFFFFFFFE00000000000000000000000000000000000000000000000", 16),
        new BigInteger("00000000000000001FFFFFFFFFFFFFFFF0000000000000000000000000000000", 16),
        new BigInteger("000000000000000000000000000000000FFFFFFFFFFFFFFFE000000000000000", 16),
        new BigInteger("0000000000000000000000000000000000000000000000001FFFFFFFFFFFFFFF", 16),
    };

    private final BigInteger key;
    private final BigInteger range;

    /** {@code key} is the 32-byte AES key (a 24-byte key file already extended); {@code flashCryptConfig} is 0 … 15. */
    public Esp32FlashCipher(byte[] key, int flashCryptConfig) {
        if (key.length != 32) {
            throw new IllegalArgumentException("ESP32 flash-encryption key of " + key.length + " bytes, not 32");
        }
        if (flashCryptConfig < 0 || flashCryptConfig > 0xF) {
            throw new IllegalArgumentException(
                    "FLASH_CRYPT_CONFIG is 4 bits, not 0x" + Integer.toHexString(flashCryptConfig));
        }
        this.key = new BigInteger(1, key);
        BigInteger r = BigInteger.ZERO;
        for (int bit = 0; bit < 4; bit++) {
            if ((flashCryptConfig & (1 << bit)) != 0) {
                r = r.or(RANGES[bit]);
            }
        }
        this.range = r;
    }

    /** The AES-256 key the hardware uses for the 32-byte flash block holding {@code address}. */
    byte[] blockKey(long address) {
        BigInteger n = BigInteger.valueOf(address >>> 5);
        BigInteger pattern =
                MUL1.multiply(n).or(MUL2.multiply(n).and(MUL2_MASK)).and(range);
        byte[] mag = key.xor(pattern).toByteArray();
        byte[] out = new byte[32];
        // toByteArray is minimal two's complement: drop a sign byte or left-pad with zeros.
        int copy = Math.min(mag.length, 32);
        System.arraycopy(mag, mag.length - copy, out, 32 - copy, copy);
        return out;
    }

    /** Encrypts (or decrypts) {@code buf[offset … offset+length)} in place; it sits at flash {@code address}. */
    public void apply(boolean encrypt, byte[] buf, int offset, int length, long address) {
        if (length % BLOCK != 0 || address % BLOCK != 0) {
            throw new IllegalArgumentException("whole 16-byte blocks at a multiple of 16 only");
        }
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            long keyedBlock = -1;
            byte[] block = new byte[BLOCK];
            for (int p = 0; p < length; p += BLOCK) {
                long a = address + p;
                if (a >>> 5 != keyedBlock) {
                    keyedBlock = a >>> 5;
                    byte[] k = blockKey(a);
                    // The hardware runs AES backwards: "encrypting" flash is AES decryption.
                    aes.init(encrypt ? Cipher.DECRYPT_MODE : Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"));
                    Arrays.fill(k, (byte) 0);
                }
                reverseInto(buf, offset + p, block);
                aes.update(block, 0, BLOCK, block, 0);
                reverseInto(block, 0, buf, offset + p);
            }
            Arrays.fill(block, (byte) 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB/NoPadding failed on whole blocks", e);
        }
    }

    private static void reverseInto(byte[] src, int at, byte[] block) {
        for (int i = 0; i < BLOCK; i++) {
            block[i] = src[at + BLOCK - 1 - i];
        }
    }

    private static void reverseInto(byte[] block, int from, byte[] dst, int at) {
        for (int i = 0; i < BLOCK; i++) {
            dst[at + i] = block[from + BLOCK - 1 - i];
        }
    }
}
