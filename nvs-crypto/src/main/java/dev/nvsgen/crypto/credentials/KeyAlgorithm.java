package dev.nvsgen.crypto.credentials;

import dev.nvsgen.crypto.internal.Randomness;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of key pair nvsgen generates for a device, by the names a manifest uses. */
public enum KeyAlgorithm {
    EC_P256("ec-p256", "EC", new ECGenParameterSpec("secp256r1")),
    EC_P384("ec-p384", "EC", new ECGenParameterSpec("secp384r1")),
    RSA_2048("rsa-2048", "RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));

    private final String id;
    private final String jcaName;
    private final AlgorithmParameterSpec spec;

    KeyAlgorithm(String id, String jcaName, AlgorithmParameterSpec spec) {
        this.id = id;
        this.jcaName = jcaName;
        this.spec = spec;
    }

    /** The name a manifest gives it: {@code ec-p256}, {@code ec-p384}, {@code rsa-2048}. */
    public String id() {
        return id;
    }

    /**
     * The algorithm {@code id} names.
     *
     * @throws IllegalArgumentException listing the names there are
     */
    public static KeyAlgorithm of(String id) {
        for (KeyAlgorithm a : values()) {
            if (a.id.equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown key algorithm '" + id + "' (expected "
                + Arrays.stream(values()).map(KeyAlgorithm::id).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * A fresh key pair from this thread's DRBG: P-256 on Bouncy Castle's arithmetic ({@link P256}, as JDK key
     * objects), the others from the JDK's generators (SunEC, SunRsaSign).
     */
    public DeviceKey generate() {
        if (this == EC_P256) {
            KeyPair pair = P256.generate(Randomness.current());
            return new DeviceKey(this, pair.getPrivate(), pair.getPublic());
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(jcaName);
            g.initialize(spec, Randomness.current());
            KeyPair pair = g.generateKeyPair();
            return new DeviceKey(this, pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + id + " keys", e);
        }
    }

    /** The algorithm of {@code key}, or null when it is none nvsgen generates (a P-521 key, RSA-4096…). */
    static KeyAlgorithm of(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return switch (ec.getParams().getOrder().bitLength()) {
                case 256 -> EC_P256;
                case 384 -> EC_P384;
                default -> null;
            };
        }
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength() == 2048 ? RSA_2048 : null;
        }
        return null;
    }

    boolean isRsa() {
        return jcaName.equals("RSA");
    }
}
