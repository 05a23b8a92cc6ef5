package dev.nvsgen.securecert;

import dev.nvsgen.crypto.credentials.CredentialReader;
import dev.nvsgen.crypto.credentials.Pem;
import dev.nvsgen.crypto.credentials.TraditionalKeys;
import dev.nvsgen.nvs.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate file as configure_esp_secure_cert.py loads it ({@code load_certificate} in
 * {@code esp_secure_cert_helper.py}): PEM (the first certificate of the file) or DER. It is stored
 * re-encoded: PEM as 64-column PEM text with a trailing NUL (mbedTLS's {@code mbedtls_x509_crt_parse} takes
 * a buffer as PEM only when its last byte is NUL), DER as it was.
 */
public final class CertificateFile {
    private final X509Certificate certificate;
    private final boolean pem;
    private final Bytes original;

    private CertificateFile(X509Certificate certificate, boolean pem, Bytes original) {
        this.certificate = certificate;
        this.pem = pem;
        this.original = original;
    }

    /**
     * Reads a certificate file.
     *
     * @param name what to call it in errors (its path)
     * @throws dev.nvsgen.nvs.NvsInputException if it holds no readable certificate
     */
    public static CertificateFile read(byte[] data, String name) {
        Objects.requireNonNull(data, "data");
        X509Certificate c = CredentialReader.certificates(data, name).get(0);
        return new CertificateFile(c, TraditionalKeys.isPem(data), Bytes.of(data));
    }

    /** A certificate to store as PEM ({@code pem}) or DER. */
    public static CertificateFile of(X509Certificate certificate, boolean pem) {
        return new CertificateFile(certificate, pem, der(certificate));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** True if the file was PEM (and is stored as PEM). */
    public boolean isPem() {
        return pem;
    }

    /** The file's bytes as given (the legacy NVS layout stores these). */
    public Bytes original() {
        return original;
    }

    /** What the TLV and cust_flash layouts store: PEM re-encoded with a trailing NUL, or the DER. */
    public Bytes stored() {
        Bytes der = der(certificate);
        if (!pem) {
            return der;
        }
        return withNul(Pem.encode(Pem.CERTIFICATE, der.toByteArray()));
    }

    static Bytes withNul(String text) {
        return withNulBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    static Bytes withNulBytes(byte[] t) {
        byte[] b = new byte[t.length + 1];
        System.arraycopy(t, 0, b, 0, t.length);
        return Bytes.of(b);
    }

    private static Bytes der(X509Certificate c) {
        try {
            return Bytes.of(c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a parsed certificate", e);
        }
    }

    @Override
    public String toString() {
        return "CertificateFile[" + certificate.getSubjectX500Principal().getName() + (pem ? ", PEM]" : ", DER]");
    }
}
