package dev.nvsgen.crypto.credentials;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * P-256 keys by their numbers, for formats that store them raw (Matter's factory data keeps the DAC's
 * private scalar and its uncompressed public point; SPAKE2+ stores {@code L = w1·G}). Bouncy Castle's
 * arithmetic, {@code java.security} types and plain bytes out.
 */
public final class P256Keys {
    /** Bytes of an uncompressed point: 0x04, X, Y. */
    public static final int POINT_LENGTH = 65;

    public static final int SCALAR_LENGTH = 32;

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");

    private P256Keys() {}

    /** The curve as the JDK names it; in a holder so that multiplying alone never looks it up. */
    private static final class Params {
        static final java.security.spec.ECParameterSpec JDK = jdk();

        private static java.security.spec.ECParameterSpec jdk() {
            try {
                java.security.AlgorithmParameters p = java.security.AlgorithmParameters.getInstance("EC");
                p.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
                return p.getParameterSpec(java.security.spec.ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every Java runtime has P-256", e);
            }
        }
    }

    /**
     * {@code scalar · G} on P-256, uncompressed (65 bytes).
     *
     * @throws IllegalArgumentException for a scalar not in 1 … n−1
     */
    public static byte[] multiplyGenerator(BigInteger scalar) {
        checkScalar(scalar);
        return new FixedPointCombMultiplier()
                .multiply(CURVE.getG(), scalar)
                .normalize()
                .getEncoded(false);
    }

    /** The P-256 key pair of private scalar {@code scalar}, as JDK key objects (its public half computed). */
    public static DeviceKey fromPrivateScalar(BigInteger scalar) {
        byte[] point = multiplyGenerator(scalar);
        try {
            KeyFactory f = KeyFactory.getInstance("EC");
            java.security.spec.ECParameterSpec params = Params.JDK;
            PrivateKey priv = f.generatePrivate(new ECPrivateKeySpec(scalar, params));
            PublicKey pub = f.generatePublic(new ECPublicKeySpec(
                    new ECPoint(
                            new BigInteger(1, java.util.Arrays.copyOfRange(point, 1, 33)),
                            new BigInteger(1, java.util.Arrays.copyOfRange(point, 33, 65))),
                    params));
            return new DeviceKey(KeyAlgorithm.EC_P256, priv, pub);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK refuses a P-256 key", e);
        }
    }

    /**
     * Reads an unencrypted P-256 private key file (PKCS#8 or SEC1, PEM or DER) and gives its key pair.
     *
     * @param name how messages name the file
     * @throws dev.nvsgen.nvs.NvsInputException naming the file when it holds no readable key, an encrypted
     *     one, or a key of another kind
     */
    public static DeviceKey readPrivateKey(byte[] data, String name) {
        Supplier<char[]> noPassphrase = () -> {
            throw new dev.nvsgen.nvs.NvsInputException(name + " is encrypted; give an unencrypted key");
        };
        PrivateKey key = CredentialReader.privateKey(data, name, noPassphrase);
        if (!(key instanceof ECPrivateKey ec) || !P256.isP256(key)) {
            throw new dev.nvsgen.nvs.NvsInputException(name + " does not hold a P-256 (prime256v1) private key");
        }
        return fromPrivateScalar(ec.getS());
    }

    /** The private scalar of a P-256 key, 32 bytes big-endian; handle the array as the secret it is. */
    public static byte[] exportPrivateScalar(DeviceKey key) {
        if (!(key.exportPrivateKey() instanceof ECPrivateKey ec) || !P256.isP256(ec)) {
            throw new IllegalArgumentException(key + " is not a P-256 key");
        }
        return unsigned(ec.getS(), SCALAR_LENGTH);
    }

    /** The public point of a P-256 key, uncompressed (65 bytes). */
    public static byte[] publicPoint(PublicKey key) {
        if (!(key instanceof ECPublicKey ec) || !P256.isP256(ec)) {
            throw new IllegalArgumentException("not a P-256 public key");
        }
        byte[] out = new byte[POINT_LENGTH];
        out[0] = 4;
        System.arraycopy(unsigned(ec.getW().getAffineX(), 32), 0, out, 1, 32);
        System.arraycopy(unsigned(ec.getW().getAffineY(), 32), 0, out, 33, 32);
        return out;
    }

    private static void checkScalar(BigInteger k) {
        if (k.signum() <= 0 || k.compareTo(CURVE.getN()) >= 0) {
            throw new IllegalArgumentException("a P-256 scalar must be in 1 … n-1");
        }
    }

    private static byte[] unsigned(BigInteger v, int length) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(b.length, length);
        System.arraycopy(b, b.length - copy, out, length - copy, copy);
        return out;
    }
}
