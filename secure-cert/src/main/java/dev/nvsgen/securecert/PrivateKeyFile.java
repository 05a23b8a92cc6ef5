package dev.nvsgen.securecert;

import dev.nvsgen.crypto.credentials.TraditionalKeys;
import dev.nvsgen.nvs.NvsInputException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A device private key file as configure_esp_secure_cert.py loads it ({@code load_private_key}): PEM or DER,
 * stored re-encoded in the "traditional" encoding (PKCS#1 for RSA, SEC1 for EC), PEM with a trailing NUL.
 * Never prints itself and has no {@code equals}; its bytes leave through the {@code export…} methods only.
 */
public final class PrivateKeyFile {
    private final PrivateKey key;
    private final boolean pem;
    private final byte[] original;
    private final String name;

    private PrivateKeyFile(PrivateKey key, boolean pem, byte[] original, String name) {
        this.key = key;
        this.pem = pem;
        this.original = original;
        this.name = name;
    }

    /**
     * Reads a key file.
     *
     * @param name what to call it in errors (its path)
     * @param passphrase asked only for an encrypted key; may be null
     * @throws NvsInputException if it holds no readable RSA or EC key
     */
    public static PrivateKeyFile read(byte[] data, String name, Supplier<char[]> passphrase) {
        Objects.requireNonNull(data, "data");
        PrivateKey key = TraditionalKeys.read(data, name, passphrase);
        if (!(key instanceof RSAPrivateCrtKey) && !(key instanceof ECPrivateKey)) {
            throw new NvsInputException(
                    name + ": a " + key.getAlgorithm() + " key; esp_secure_cert holds RSA or EC keys");
        }
        return new PrivateKeyFile(key, TraditionalKeys.isPem(data), data.clone(), name);
    }

    /** A key to store as PEM ({@code pem}) or DER; {@code name} is what errors call it. */
    public static PrivateKeyFile of(PrivateKey key, boolean pem, String name) {
        byte[] encoded = pem
                ? TraditionalKeys.exportTraditionalPem(key, name).getBytes(StandardCharsets.US_ASCII)
                : TraditionalKeys.exportTraditionalDer(key, name);
        return new PrivateKeyFile(key, pem, encoded, name);
    }

    /** What errors call this key (its file name). */
    public String name() {
        return name;
    }

    public boolean isPem() {
        return pem;
    }

    public boolean isRsa() {
        return key instanceof RSAPrivateCrtKey;
    }

    /** The key's size: the modulus bits for RSA, the curve order's bits for EC. */
    public int bits() {
        return key instanceof RSAPrivateCrtKey rsa
                ? rsa.getModulus().bitLength()
                : ((ECPrivateKey) key).getParams().getOrder().bitLength();
    }

    /** "RSA" or "ECDSA", as the tool's {@code --priv_key_algo} names them. */
    public String algorithm() {
        return isRsa() ? "RSA" : "ECDSA";
    }

    /** The key itself; handle it as the secret it is. */
    public PrivateKey exportPrivateKey() {
        return key;
    }

    /** What the TLV and cust_flash layouts store: traditional PEM with a trailing NUL, or traditional DER. */
    public byte[] exportStored() {
        if (!pem) {
            return TraditionalKeys.exportTraditionalDer(key, name);
        }
        byte[] t = TraditionalKeys.exportTraditionalPem(key, name).getBytes(StandardCharsets.US_ASCII);
        byte[] b = Arrays.copyOf(t, t.length + 1);
        Arrays.fill(t, (byte) 0);
        return b;
    }

    /** The file as given (the legacy NVS layout stores its text). */
    public byte[] exportOriginal() {
        return original.clone();
    }

    /** The EC private scalar, big-endian in the curve's size: what espefuse burns for the ECDSA peripheral. */
    public byte[] exportEcdsaScalar() {
        if (!(key instanceof ECPrivateKey ec)) {
            throw new NvsInputException(name + ": the ECDSA peripheral takes an EC key, this is an RSA key");
        }
        int len = (bits() + 7) / 8;
        byte[] be = ec.getS().toByteArray();
        byte[] out = new byte[len];
        int n = Math.min(be.length, len);
        System.arraycopy(be, be.length - n, out, len - n, n);
        Arrays.fill(be, (byte) 0);
        return out;
    }

    @Override
    public String toString() {
        return "PrivateKeyFile[" + algorithm() + "-" + bits() + ", redacted]";
    }
}
