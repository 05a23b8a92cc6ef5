package dev.nvsgen.securecert.internal;

import dev.nvsgen.crypto.HmacKey;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The DS peripheral's key blob, as ESP-IDF's {@code esp_ds_encrypt_params} builds it and esp_secure_cert_mgr's
 * {@code tools/esp_secure_cert/configure_ds.py} ({@code calculate_rsa_ds_params}) computes it on the host:
 *
 * <ul>
 *   <li>AES key = HMAC-SHA256(eFuse key, 32 × 0xFF);
 *   <li>Y = d, M = n, Rb = 2^(2·bits) mod n, each little-endian and zero-padded to the chip's maximum size;
 *   <li>M′ = −n⁻¹ mod 2³², L = bits/32 − 1 (u32 LE each);
 *   <li>MD = SHA-256(Y ‖ M ‖ Rb ‖ M′ ‖ L ‖ IV);
 *   <li>C = AES-256-CBC(AES key, IV, no padding) of Y ‖ M ‖ Rb ‖ MD ‖ M′ ‖ L ‖ 8 × 0x08.
 * </ul>
 */
public final class DsCipher {
    private static final int MD_LENGTH = 32;
    private static final int PAD_LENGTH = 8;
    private static final byte PAD_BYTE = 0x08;

    private DsCipher() {}

    /** HMAC-SHA256(key, 32 × 0xFF): what the HMAC peripheral hands the DS peripheral as its AES key. */
    public static byte[] aesKey(HmacKey key) {
        byte[] raw = key.unsafeExportRawKeyBytes();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(raw, "HmacSHA256"));
            byte[] ones = new byte[32];
            Arrays.fill(ones, (byte) 0xFF);
            return mac.doFinal(ones);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot do HmacSHA256", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** C for private exponent {@code d} and modulus {@code n} of {@code bits}, padded to {@code maxBits}. */
    public static byte[] encrypt(BigInteger d, BigInteger n, int bits, int maxBits, byte[] aesKey, byte[] iv) {
        int w = maxBits / 8;
        byte[] y = le(d, w);
        byte[] m = le(n, w);
        byte[] rb = le(BigInteger.ONE.shiftLeft(2 * bits).mod(n), w);
        byte[] tail = mPrimeAndLength(n, bits);
        byte[] p = new byte[3 * w + MD_LENGTH + tail.length + PAD_LENGTH];
        try {
            System.arraycopy(y, 0, p, 0, w);
            System.arraycopy(m, 0, p, w, w);
            System.arraycopy(rb, 0, p, 2 * w, w);
            byte[] md = md(y, m, rb, tail, iv);
            System.arraycopy(md, 0, p, 3 * w, MD_LENGTH);
            System.arraycopy(tail, 0, p, 3 * w + MD_LENGTH, tail.length);
            Arrays.fill(p, p.length - PAD_LENGTH, p.length, PAD_BYTE);
            return aes(Cipher.ENCRYPT_MODE, aesKey, iv, p);
        } finally {
            Arrays.fill(y, (byte) 0);
            Arrays.fill(p, (byte) 0);
        }
    }

    /**
     * Decrypts {@code c} and lists what is not as the DS peripheral needs it: MD, padding, M′, L, and M against
     * {@code modulus} when that is not null.
     */
    public static List<String> check(byte[] c, byte[] iv, int bits, int maxBits, byte[] aesKey, BigInteger modulus) {
        int w = maxBits / 8;
        List<String> problems = new ArrayList<>();
        int expected = 3 * w + MD_LENGTH + 8 + PAD_LENGTH;
        if (c.length != expected) {
            problems.add("C is " + c.length + " bytes; on this chip it is " + expected);
            return problems;
        }
        byte[] p = aes(Cipher.DECRYPT_MODE, aesKey, iv, c);
        try {
            byte[] y = Arrays.copyOfRange(p, 0, w);
            byte[] m = Arrays.copyOfRange(p, w, 2 * w);
            byte[] rb = Arrays.copyOfRange(p, 2 * w, 3 * w);
            byte[] md = Arrays.copyOfRange(p, 3 * w, 3 * w + MD_LENGTH);
            byte[] tail = Arrays.copyOfRange(p, 3 * w + MD_LENGTH, 3 * w + MD_LENGTH + 8);
            for (int i = p.length - PAD_LENGTH; i < p.length; i++) {
                if (p[i] != PAD_BYTE) {
                    problems.add("the padding after L is not 8 × 0x08: wrong eFuse key, or damaged data");
                    break;
                }
            }
            if (!MessageDigest.isEqual(md, md(y, m, rb, tail, iv))) {
                problems.add("MD does not match Y, M, Rb, M', L and the IV: wrong eFuse key, or damaged data");
            }
            BigInteger n = fromLe(m);
            if (n.signum() > 0 && n.testBit(0)) {
                if (!Arrays.equals(tail, mPrimeAndLength(n, bits))) {
                    problems.add("M' or L does not match M");
                }
                if (!Arrays.equals(rb, le(BigInteger.ONE.shiftLeft(2 * bits).mod(n), w))) {
                    problems.add("Rb is not 2^(2*bits) mod M");
                }
            } else {
                problems.add("M is not an RSA modulus");
            }
            if (modulus != null && !n.equals(modulus)) {
                problems.add("M is not the modulus of the device certificate's public key");
            }
            Arrays.fill(y, (byte) 0);
            return problems;
        } finally {
            Arrays.fill(p, (byte) 0);
        }
    }

    private static byte[] mPrimeAndLength(BigInteger n, int bits) {
        BigInteger two32 = BigInteger.ONE.shiftLeft(32);
        int mPrime = n.modInverse(two32).negate().mod(two32).intValue();
        return ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(mPrime)
                .putInt(bits / 32 - 1)
                .array();
    }

    private static byte[] md(byte[] y, byte[] m, byte[] rb, byte[] tail, byte[] iv) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(y);
            sha.update(m);
            sha.update(rb);
            sha.update(tail);
            sha.update(iv);
            return sha.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static byte[] aes(int mode, byte[] key, byte[] iv, byte[] data) {
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return aes.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot do AES/CBC/NoPadding", e);
        }
    }

    /** {@code v} little-endian in {@code width} bytes. */
    static byte[] le(BigInteger v, int width) {
        byte[] be = v.toByteArray();
        byte[] out = new byte[width];
        for (int i = 0; i < be.length && i < width; i++) {
            out[i] = be[be.length - 1 - i];
        }
        Arrays.fill(be, (byte) 0);
        return out;
    }

    static BigInteger fromLe(byte[] le) {
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return new BigInteger(1, be);
    }
}
