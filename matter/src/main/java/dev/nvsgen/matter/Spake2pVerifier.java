package dev.nvsgen.matter;

import dev.nvsgen.crypto.credentials.P256Keys;
import dev.nvsgen.matter.internal.Pbkdf2Sha256;
import dev.nvsgen.nvs.Bytes;
import java.math.BigInteger;
import java.util.Base64;

/**
 * A SPAKE2+ verifier (Matter Core Specification 3.10, "PBKDF-based derivation"): {@code ws =
 * PBKDF2-HMAC-SHA256(passcode as 4 little-endian bytes, salt, iterations, 80 bytes)}, {@code w0 =
 * ws[0:40] mod n}, {@code w1 = ws[40:80] mod n} (n the P-256 order), stored as {@code w0} (32 bytes,
 * big-endian) followed by {@code L = w1·G} uncompressed (65 bytes): 97 bytes, base64 in the factory data.
 * Salt 16–32 bytes, iterations 1000–100000.
 */
public final class Spake2pVerifier {
    public static final int LENGTH = 97;
    public static final int MIN_SALT = 16;
    public static final int MAX_SALT = 32;
    public static final int MIN_ITERATIONS = 1000;
    public static final int MAX_ITERATIONS = 100_000;

    private static final int WS_HALF = 40;
    private static final BigInteger N =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    private final Bytes bytes;

    private Spake2pVerifier(Bytes bytes) {
        this.bytes = bytes;
    }

    /**
     * Derives the verifier of {@code passcode}.
     *
     * @throws IllegalArgumentException for a salt or iteration count outside the specification's range
     */
    public static Spake2pVerifier derive(Passcode passcode, byte[] salt, int iterations) {
        checkSalt(salt.length);
        checkIterations(iterations);
        int p = passcode.reveal();
        byte[] ws = pbkdf2(
                new byte[] {(byte) p, (byte) (p >> 8), (byte) (p >> 16), (byte) (p >>> 24)},
                salt,
                iterations,
                2 * WS_HALF);
        BigInteger w0 = new BigInteger(1, java.util.Arrays.copyOfRange(ws, 0, WS_HALF)).mod(N);
        BigInteger w1 = new BigInteger(1, java.util.Arrays.copyOfRange(ws, WS_HALF, 2 * WS_HALF)).mod(N);
        byte[] out = new byte[LENGTH];
        unsigned(w0, out, 0, 32);
        byte[] l = P256Keys.multiplyGenerator(w1);
        System.arraycopy(l, 0, out, 32, 65);
        return new Spake2pVerifier(Bytes.of(out));
    }

    /**
     * A verifier given as 97 bytes (from base64 text, say).
     *
     * @throws IllegalArgumentException for another length
     */
    public static Spake2pVerifier of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    "a SPAKE2+ verifier is " + LENGTH + " bytes (w0 and L), this one is " + bytes.length);
        }
        return new Spake2pVerifier(Bytes.of(bytes));
    }

    /** Whether this is the verifier of {@code passcode} with {@code salt} and {@code iterations}. */
    public boolean matches(Passcode passcode, byte[] salt, int iterations) {
        return derive(passcode, salt, iterations).bytes.equals(bytes);
    }

    /** Checks a salt length against the specification (16 to 32 bytes). */
    public static void checkSalt(int length) {
        if (length < MIN_SALT || length > MAX_SALT) {
            throw new IllegalArgumentException(
                    "the SPAKE2+ salt is " + length + " bytes; the Matter specification wants 16 to 32");
        }
    }

    /** Checks an iteration count against the specification (1000 to 100000). */
    public static void checkIterations(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("SPAKE2+ iteration count " + iterations
                    + " is out of range: the Matter specification allows 1000 to 100000");
        }
    }

    public Bytes bytes() {
        return bytes;
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** PBKDF2-HMAC-SHA256 (RFC 8018). */
    static byte[] pbkdf2(byte[] password, byte[] salt, int iterations, int length) {
        return Pbkdf2Sha256.derive(password, salt, iterations, length);
    }

    private static void unsigned(BigInteger v, byte[] out, int offset, int length) {
        byte[] b = v.toByteArray();
        int copy = Math.min(b.length, length);
        System.arraycopy(b, b.length - copy, out, offset + length - copy, copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Spake2pVerifier v && v.bytes.equals(bytes);
    }

    @Override
    public int hashCode() {
        return bytes.hashCode();
    }

    @Override
    public String toString() {
        return "Spake2pVerifier[" + base64() + "]";
    }
}
