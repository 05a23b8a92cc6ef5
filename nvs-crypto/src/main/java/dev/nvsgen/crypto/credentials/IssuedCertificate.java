package dev.nvsgen.crypto.credentials;

import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.util.Sha256;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** An X.509 certificate nvsgen issued: its DER bytes and what a run manifest records about it. Immutable. */
public final class IssuedCertificate {
    private final Bytes der;
    private final BigInteger serialNumber;

    IssuedCertificate(Bytes der, BigInteger serialNumber) {
        this.der = Objects.requireNonNull(der, "der");
        this.serialNumber = Objects.requireNonNull(serialNumber, "serialNumber");
    }

    public Bytes der() {
        return der;
    }

    public String pem() {
        return Pem.encode(Pem.CERTIFICATE, der.toByteArray());
    }

    public BigInteger serialNumber() {
        return serialNumber;
    }

    /**
     * The serial number as {@code openssl x509 -serial} and openssl's CA database ({@code index.txt}) show
     * it: upper-case hex of its bytes, so of even length ({@code 0A1B...}), no colons.
     */
    public String serialHex() {
        return opensslHex(serialNumber);
    }

    /** {@code n} (non-negative) as openssl prints an INTEGER: upper-case hex, an even number of digits. */
    public static String opensslHex(BigInteger n) {
        String hex = n.toString(16).toUpperCase(java.util.Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    /** SHA-256 of the DER encoding, lower-case hex: the fingerprint {@code openssl x509 -fingerprint -sha256} shows. */
    public String sha256Fingerprint() {
        return Sha256.hex(der.toByteArray());
    }

    /** The certificate parsed by the JDK, for validation with {@link java.security.cert.CertPathValidator}. */
    public X509Certificate toX509Certificate() {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der.toByteArray()));
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK cannot parse a certificate nvsgen issued", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IssuedCertificate c && der.equals(c.der);
    }

    @Override
    public int hashCode() {
        return der.hashCode();
    }

    @Override
    public String toString() {
        return "IssuedCertificate[serial " + serialHex() + "]";
    }
}
