package dev.nvsgen.matter.internal;

/**
 * DER encodings of a P-256 private key as OpenSSL (and Python's {@code cryptography}) write them, with
 * the public key inside: SEC1 {@code ECPrivateKey} with the curve (RFC 5915, "EC PRIVATE KEY") and
 * PKCS#8 {@code PrivateKeyInfo} wrapping an ECPrivateKey without the curve (RFC 5208). Fixed lengths:
 * 121 and 138 bytes.
 */
public final class EcKeyDer {
    private static final byte[] PRIME256V1 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private EcKeyDer() {}

    /** SEC1: SEQUENCE { 1, OCTET STRING d, [0] prime256v1, [1] BIT STRING Q }. */
    public static byte[] sec1(byte[] scalar, byte[] point) {
        Der d = new Der();
        d.bytes(0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20).raw(scalar);
        d.bytes(0xa0, 0x0a).raw(PRIME256V1);
        d.bytes(0xa1, 0x44, 0x03, 0x42, 0x00).raw(point);
        return d.done(121);
    }

    /** PKCS#8: SEQUENCE { 0, { ecPublicKey, prime256v1 }, OCTET STRING ECPrivateKey { 1, d, [1] Q } }. */
    public static byte[] pkcs8(byte[] scalar, byte[] point) {
        Der d = new Der();
        d.bytes(0x30, 0x81, 0x87, 0x02, 0x01, 0x00, 0x30, 0x13)
                .raw(EC_PUBLIC_KEY)
                .raw(PRIME256V1);
        d.bytes(0x04, 0x6d, 0x30, 0x6b, 0x02, 0x01, 0x01, 0x04, 0x20).raw(scalar);
        d.bytes(0xa1, 0x44, 0x03, 0x42, 0x00).raw(point);
        return d.done(138);
    }

    private static final class Der {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(140);

        Der bytes(int... b) {
            for (int x : b) {
                out.write(x);
            }
            return this;
        }

        Der raw(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        byte[] done(int expected) {
            byte[] b = out.toByteArray();
            if (b.length != expected) {
                throw new IllegalArgumentException("key encoding is " + b.length + " bytes, not " + expected);
            }
            return b;
        }
    }
}
