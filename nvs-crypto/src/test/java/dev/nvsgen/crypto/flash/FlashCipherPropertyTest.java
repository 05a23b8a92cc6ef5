package dev.nvsgen.crypto.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded round trips over random keys, addresses, lengths and FLASH_CRYPT_CONFIG values; XTS also
 * against an independent per-block oracle (AES-ECB and a bitwise GF(2^128) doubling over the reversed,
 * zero-padded units). A failure names its seed: rerun it alone to replay the case.
 */
class FlashCipherPropertyTest {
    private static final long BASE_SEED = Long.getLong("nvsgen.seed", 0x5EED_F1A5L);

    static Stream<Long> seeds() {
        System.out.println("FlashCipherPropertyTest base seed " + BASE_SEED + " (-Dnvsgen.seed=N to replay)");
        return LongStream.range(0, 200).mapToObj(i -> BASE_SEED + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void roundTrips(long seed) {
        Random r = new Random(seed);
        int kind = r.nextInt(5);
        byte[] keyFile = new byte[new int[] {32, 24, 16, 32, 64}[kind]];
        r.nextBytes(keyFile);
        boolean xts = kind >= 2;
        FlashEncryptionKey key =
                xts ? FlashEncryptionKey.parseXts(keyFile, "k") : FlashEncryptionKey.parseEsp32(keyFile, "k");
        FlashCipher c = key.cipher(r.nextInt(16));
        long address = 16L * r.nextInt(1 << 20);
        int length = xts ? 16 * (1 + r.nextInt(64)) : r.nextInt(1024);
        byte[] plain = new byte[length];
        r.nextBytes(plain);
        byte[] enc = c.encrypt(plain, address, r);
        assertEquals((length + 15) / 16 * 16, enc.length, "seed " + seed);
        assertArrayEquals(plain, Arrays.copyOf(c.decrypt(enc, address), length), "seed " + seed);
        if (xts) {
            assertArrayEquals(oracleXts(key.aesKey(), plain, address), enc, "seed " + seed);
        }
        if (length >= 32) {
            // Same data one block further on must encrypt differently: the address is in the cipher.
            byte[] moved = c.encrypt(plain, address + 16, r);
            assertEquals(false, Arrays.equals(enc, moved), "seed " + seed);
        }
    }

    /** Textbook XTS (IEEE 1619), one block at a time, over espsecure's reversed and zero-padded units. */
    static byte[] oracleXts(byte[] key, byte[] data, long address) {
        try {
            int h = key.length / 2;
            Cipher k1e = Cipher.getInstance("AES/ECB/NoPadding");
            k1e.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, 0, h, "AES"));
            Cipher k2 = Cipher.getInstance("AES/ECB/NoPadding");
            k2.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, h, h, "AES"));
            int padLeft = (int) (address % 128);
            byte[] buf = new byte[(padLeft + data.length + 127) / 128 * 128];
            System.arraycopy(data, 0, buf, padLeft, data.length);
            for (int u = 0; u < buf.length / 128; u++) {
                byte[] unit = reversed(Arrays.copyOfRange(buf, u * 128, u * 128 + 128));
                long unitAddress = (address + 128L * u) & ~0x7FL;
                byte[] t = new byte[16];
                for (int i = 0; i < 4; i++) {
                    t[i] = (byte) (unitAddress >>> (8 * i));
                }
                t = k2.doFinal(t);
                for (int j = 0; j < 8; j++) {
                    byte[] b = new byte[16];
                    for (int i = 0; i < 16; i++) {
                        b[i] = (byte) (unit[16 * j + i] ^ t[i]);
                    }
                    b = k1e.doFinal(b);
                    for (int i = 0; i < 16; i++) {
                        unit[16 * j + i] = (byte) (b[i] ^ t[i]);
                    }
                    t = doubled(t);
                }
                System.arraycopy(reversed(unit), 0, buf, u * 128, 128);
            }
            return Arrays.copyOfRange(buf, padLeft, padLeft + data.length);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] reversed(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    /** Multiplies by x in GF(2^128), the tweak read as a little-endian number: bit by bit. */
    private static byte[] doubled(byte[] t) {
        byte[] o = new byte[16];
        int carry = 0;
        for (int i = 0; i < 16; i++) {
            int v = (t[i] & 0xFF) << 1 | carry;
            o[i] = (byte) v;
            carry = v >>> 8;
        }
        if (carry != 0) {
            o[0] ^= (byte) 0x87;
        }
        return o;
    }
}
