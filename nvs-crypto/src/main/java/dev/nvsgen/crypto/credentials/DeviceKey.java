package dev.nvsgen.crypto.credentials;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A device's key pair. Never prints its private half and has no {@code equals}; the key's bytes leave
 * only through the loudly named {@code export…} methods, for writing into the device's image.
 */
public final class DeviceKey {
    private final KeyAlgorithm algorithm;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    DeviceKey(KeyAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    }

    public KeyAlgorithm algorithm() {
        return algorithm;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /**
     * A copy of the private key as unencrypted PKCS#8 DER, which mbedTLS's {@code mbedtls_pk_parse_key}
     * reads. A bare array on purpose: unlike {@code Bytes}, it never prints its contents.
     */
    public byte[] exportPkcs8Der() {
        return privateKey.getEncoded();
    }

    /** The private key as an unencrypted PKCS#8 PEM block ({@code -----BEGIN PRIVATE KEY-----}). */
    public String exportPkcs8Pem() {
        return Pem.encode(Pem.PRIVATE_KEY, privateKey.getEncoded());
    }

    /** The private key itself, for signing in tests and tools; handle it as the secret it is. */
    public PrivateKey exportPrivateKey() {
        return privateKey;
    }

    @Override
    public String toString() {
        return "DeviceKey[" + algorithm.id() + ", private key redacted]";
    }
}
