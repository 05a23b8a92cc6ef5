package dev.nvsgen.matter.internal;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * PBKDF2 with HMAC-SHA256 (RFC 8018 5.2), the cost of a SPAKE2+ verifier: 10,000 iterations are most of a
 * Matter device's CPU time. The HMAC's keyed inner and outer digests are computed once and cloned for
 * every iteration, so each iteration is two SHA-256 compressions; the JDK's {@code Mac} re-hashes the
 * padded key each time (four), and so does its {@code PBKDF2WithHmacSHA256}.
 */
public final class Pbkdf2Sha256 {
    private static final int BLOCK = 64;
    private static final int HASH = 32;

    private Pbkdf2Sha256() {}

    /** {@code length} bytes derived from {@code password} and {@code salt} with {@code iterations}. */
    public static byte[] derive(byte[] password, byte[] salt, int iterations, int length) {
        try {
            MessageDigest inner = MessageDigest.getInstance("SHA-256");
            MessageDigest outer = MessageDigest.getInstance("SHA-256");
            byte[] key = password.length > BLOCK ? inner.digest(password) : password;
            byte[] ipad = new byte[BLOCK];
            byte[] opad = new byte[BLOCK];
            for (int i = 0; i < BLOCK; i++) {
                byte k = i < key.length ? key[i] : 0;
                ipad[i] = (byte) (k ^ 0x36);
                opad[i] = (byte) (k ^ 0x5c);
            }
            inner.reset();
            inner.update(ipad);
            outer.update(opad);
            byte[] out = new byte[length];
            byte[] u = new byte[HASH];
            byte[] t = new byte[HASH];
            for (int block = 1, pos = 0; pos < length; block++) {
                MessageDigest in = (MessageDigest) inner.clone();
                in.update(salt);
                in.update(new byte[] {(byte) (block >>> 24), (byte) (block >> 16), (byte) (block >> 8), (byte) block});
                in.digest(u, 0, HASH);
                MessageDigest ou = (MessageDigest) outer.clone();
                ou.update(u);
                ou.digest(u, 0, HASH);
                System.arraycopy(u, 0, t, 0, HASH);
                for (int i = 1; i < iterations; i++) {
                    in = (MessageDigest) inner.clone();
                    in.update(u);
                    in.digest(u, 0, HASH);
                    ou = (MessageDigest) outer.clone();
                    ou.update(u);
                    ou.digest(u, 0, HASH);
                    for (int k = 0; k < HASH; k++) {
                        t[k] ^= u[k];
                    }
                }
                int n = Math.min(HASH, length - pos);
                System.arraycopy(t, 0, out, pos, n);
                pos += n;
            }
            return out;
        } catch (NoSuchAlgorithmException | CloneNotSupportedException | DigestException e) {
            throw new IllegalStateException("every Java runtime has a cloneable SHA-256", e);
        }
    }
}
