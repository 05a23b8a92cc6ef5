package dev.nvsgen.crypto.credentials;

import dev.nvsgen.nvs.NvsInputException;
import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;

/**
 * Private key files in, and the "traditional" OpenSSL encodings out: PKCS#1 {@code RSAPrivateKey} for RSA
 * keys and SEC1 {@code ECPrivateKey} (with its named curve and public key) for EC keys, as pyca/cryptography's
 * {@code PrivateFormat.TraditionalOpenSSL} writes them and esp_secure_cert_mgr's generator stores them.
 *
 * <p>The encodings are secrets: they come out of the loudly named {@code export…} methods as bare arrays
 * (never a printable type); overwrite them when done.
 */
public final class TraditionalKeys {
    /** PEM block type of a PKCS#1 RSA key. */
    public static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";
    /** PEM block type of a SEC1 EC key. */
    public static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";

    private TraditionalKeys() {}

    /**
     * Reads a private key file: PEM (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1, OpenSSL-encrypted) or DER
     * (PKCS#8, encrypted PKCS#8, SEC1, PKCS#1).
     *
     * @param passphrase asked only when the key is encrypted; may be null
     * @throws NvsInputException naming {@code name} when the file holds no readable key
     */
    public static PrivateKey read(byte[] data, String name, Supplier<char[]> passphrase) {
        return CredentialReader.privateKey(data, name, passphrase);
    }

    /** True if {@code data} starts (after whitespace) with a PEM BEGIN line, false for DER. */
    public static boolean isPem(byte[] data) {
        return Pem.looksLikePem(data);
    }

    /**
     * The key as PKCS#1 (RSA) or SEC1 (EC) DER.
     *
     * @throws NvsInputException naming {@code name} for a key of another algorithm (the traditional
     *     encodings exist for RSA and EC only)
     */
    public static byte[] exportTraditionalDer(PrivateKey key, String name) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            if (key instanceof RSAPrivateKey) {
                return info.parsePrivateKey().toASN1Primitive().getEncoded(ASN1Encoding.DER);
            }
            if (key instanceof ECPrivateKey ec) {
                return sec1(info, ec, name);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof NvsInputException n) {
                throw n;
            }
            throw new NvsInputException(name + ": the private key cannot be re-encoded (" + e.getMessage() + ")");
        }
        throw new NvsInputException(name + ": a " + key.getAlgorithm()
                + " key has no traditional (PKCS#1 or SEC1) encoding; only RSA and EC keys do");
    }

    /** The key as a PEM block: {@code RSA PRIVATE KEY} or {@code EC PRIVATE KEY}. */
    public static String exportTraditionalPem(PrivateKey key, String name) {
        byte[] der = exportTraditionalDer(key, name);
        try {
            return Pem.encode(key instanceof RSAPrivateKey ? RSA_PRIVATE_KEY : EC_PRIVATE_KEY, der);
        } finally {
            java.util.Arrays.fill(der, (byte) 0);
        }
    }

    /**
     * SEC1 as OpenSSL's {@code i2d_ECPrivateKey} writes it: version 1, the scalar padded to the order's
     * length, the named curve in [0] and the uncompressed public point in [1].
     */
    private static byte[] sec1(PrivateKeyInfo info, ECPrivateKey key, String name) throws IOException {
        if (!(info.getPrivateKeyAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve)) {
            throw new NvsInputException(name + ": the EC key's curve is not a named curve");
        }
        X9ECParameters params = ECNamedCurveTable.getByOID(curve);
        if (params == null) {
            throw new NvsInputException(name + ": EC curve " + curve + " is not one nvsgen knows");
        }
        BigInteger d = key.getS();
        byte[] point = params.getG().multiply(d).normalize().getEncoded(false);
        return new org.bouncycastle.asn1.sec.ECPrivateKey(params.getN().bitLength(), d, new DERBitString(point), curve)
                .getEncoded(ASN1Encoding.DER);
    }
}
