package dev.nvsgen.securecert;

import dev.nvsgen.crypto.credentials.IssuedCertificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@code nvsgen dump} shows of a certificate TLV.
 *
 * @param serial in hex, as openssl prints it
 */
public record CertificateSummary(String subject, String issuer, String serial, Instant notAfter, String key) {
    public CertificateSummary {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(key, "key");
    }

    public static CertificateSummary of(X509Certificate c) {
        return new CertificateSummary(
                c.getSubjectX500Principal().getName(),
                c.getIssuerX500Principal().getName(),
                IssuedCertificate.opensslHex(c.getSerialNumber()),
                c.getNotAfter().toInstant(),
                SecureCertVerifier.describeKey(c.getPublicKey()));
    }

    @Override
    public String toString() {
        return "subject " + subject + ", issuer " + issuer + ", serial " + serial + ", not after " + notAfter + ", "
                + key;
    }
}
