package dev.nvsgen.crypto.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.testing.TestCa;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Certificate profiles: validity start, exact key usages, extended key usages by name or OID, alternative names. */
class CertificateProfileTest {
    static final Instant NOW = Instant.parse("2026-12-01T10:30:15.250Z");

    @ParameterizedTest
    @CsvSource({
        "-1h, 2026-12-01T09:30:15Z",
        "-90s, 2026-12-01T10:28:45Z",
        "-15m, 2026-12-01T10:15:15Z",
        "-2d, 2026-11-29T10:30:15Z",
        "2026-01-01, 2026-01-01T00:00:00Z",
        "2026-01-01T08:00:00Z, 2026-01-01T08:00:00Z",
        "2026-01-01T08:00:00, 2026-01-01T08:00:00Z",
        "2026-01-01T08:00:00+02:00, 2026-01-01T06:00:00Z",
    })
    void notBeforeIsADurationBackOrADate(String text, String expected) {
        assertEquals(Instant.parse(expected), CertificateProfile.notBefore(text, NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1h", "-1w", "-h", "yesterday", "2026-13-01", ""})
    void notBeforeRefusesOtherText(String text) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> CertificateProfile.notBefore(text, NOW));
        assertEquals(
                "'" + text + "' is neither a duration back from now (-1h, -30m, -2d) nor a date (2026-01-01)"
                        + " or time (2026-01-01T08:00:00Z)",
                e.getMessage());
    }

    @Test
    void usagesByNameAndOid() {
        assertEquals("1.3.6.1.5.5.7.3.2", CertificateProfile.extendedKeyUsage("client-auth"));
        assertEquals("1.3.6.1.5.5.7.3.1", CertificateProfile.extendedKeyUsage("1.3.6.1.5.5.7.3.1"));
        assertEquals("1.2.3.4.5", CertificateProfile.extendedKeyUsage("1.2.3.4.5"));
        assertEquals(
                "'1.3..6' is not an OID (dotted numbers, e.g. 1.3.6.1.5.5.7.3.1)",
                assertThrows(IllegalArgumentException.class, () -> CertificateProfile.extendedKeyUsage("1.3..6"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CertificateProfile.extendedKeyUsage("client"))
                .getMessage()
                .startsWith("unknown extended key usage 'client' (expected client-auth, server-auth, code-signing,"));
        assertEquals(CertificateProfile.KeyUsage.NON_REPUDIATION, CertificateProfile.KeyUsage.of("content-commitment"));
        assertEquals(
                "unknown key usage 'sign' (expected digital-signature, non-repudiation, key-encipherment,"
                        + " data-encipherment, key-agreement, key-cert-sign, crl-sign, encipher-only, decipher-only)",
                assertThrows(IllegalArgumentException.class, () -> CertificateProfile.KeyUsage.of("sign"))
                        .getMessage());
    }

    private static X509Certificate issue(CertificateProfile profile, List<SubjectAltName> sans, String keyType)
            throws Exception {
        TestCa root = TestCa.root("profile test root");
        CertificateAuthority ca =
                CertificateAuthority.of(List.of(root.certificate), root.keys.getPrivate(), null, Instant.now());
        return ca.issue(
                        DistinguishedName.parse("CN=SN-1"),
                        (keyType.equals("RSA") ? KeyAlgorithm.RSA_2048 : KeyAlgorithm.EC_P256)
                                .generate()
                                .publicKey(),
                        sans,
                        profile)
                .toX509Certificate();
    }

    private static CertificateProfile base() {
        Instant now = Instant.now();
        return CertificateProfile.clientAuth(now.minus(1, ChronoUnit.HOURS), now.plus(10, ChronoUnit.DAYS));
    }

    @Test
    void keyUsagesAreExactlyThoseListed() throws Exception {
        for (CertificateProfile.KeyUsage u : CertificateProfile.KeyUsage.values()) {
            X509Certificate c = issue(base().withKeyUsages(Set.of(u)), List.of(), "EC");
            boolean[] bits = c.getKeyUsage();
            for (int i = 0; i < bits.length; i++) {
                assertEquals(i == u.bit(), bits[i], u + " bit " + i);
            }
        }
        assertNull(issue(base().withKeyUsages(Set.of()), List.of(), "EC").getKeyUsage(), "no extension");
        boolean[] rsaDefault = issue(base(), List.of(), "RSA").getKeyUsage();
        assertTrue(rsaDefault[0] && rsaDefault[2], "default for RSA: digitalSignature, keyEncipherment");
        boolean[] rsaExact = issue(
                        base().withKeyUsages(Set.of(CertificateProfile.KeyUsage.DIGITAL_SIGNATURE)), List.of(), "RSA")
                .getKeyUsage();
        assertFalse(rsaExact[2], "no keyEncipherment added when usages are listed");
    }

    @Test
    void extendedKeyUsagesAndAlternativeNames() throws Exception {
        CertificateProfile p = base().withExtendedKeyUsages(List.of("server-auth", "1.3.6.1.5.5.7.3.2", "1.2.3.4"));
        X509Certificate c = issue(
                p,
                List.of(
                        SubjectAltName.parse("URI:urn:dev:SN-1"),
                        SubjectAltName.parse("DNS:sn-1.devices.example.com"),
                        SubjectAltName.parse("IP:10.0.0.7"),
                        SubjectAltName.parse("IP:fe80::1"),
                        SubjectAltName.parse("email:sn-1@example.com")),
                "EC");
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2", "1.2.3.4"), c.getExtendedKeyUsage());
        assertEquals(
                "[[6, urn:dev:SN-1], [2, sn-1.devices.example.com], [7, 10.0.0.7], [7, fe80:0:0:0:0:0:0:1],"
                        + " [1, sn-1@example.com]]",
                String.valueOf(c.getSubjectAlternativeNames()));
        assertNull(
                issue(base().withExtendedKeyUsages(List.of()), List.of(), "EC").getExtendedKeyUsage());
        assertNull(issue(base(), List.of(), "EC").getSubjectAlternativeNames());
        assertEquals(
                Date.from(base().notBefore()).getTime() / 1000, c.getNotBefore().getTime() / 1000, 5);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "DNS:bad_host.example.com | subject alternative name 'DNS:bad_host.example.com': not a DNS name (letters, digits and hyphens in dot-separated labels)",
                "IP:10.0.0.256 | subject alternative name 'IP:10.0.0.256': not an IPv4 or IPv6 address",
                "URI:no-scheme | subject alternative name 'URI:no-scheme': a URI needs a scheme (urn:, https:, ...)",
                "email:nobody | subject alternative name 'email:nobody': not an e-mail address (local@domain)",
                "DNS: | subject alternative name 'DNS:': the name is empty",
                "X400:foo | subject alternative name 'X400:foo' does not start with URI:, DNS:, IP: or email:",
            })
    void badAlternativeNamesAreRefused(String text, String message) {
        assertEquals(
                message,
                assertThrows(IllegalArgumentException.class, () -> SubjectAltName.parse(text))
                        .getMessage());
    }

    @Test
    void serialsPrintAsOpensslDoes() {
        assertEquals("0A", IssuedCertificate.opensslHex(BigInteger.TEN));
        assertEquals("00", IssuedCertificate.opensslHex(BigInteger.ZERO));
        assertEquals("7FFF01", IssuedCertificate.opensslHex(new BigInteger("7fff01", 16)));
        assertEquals("0123ABCD", IssuedCertificate.opensslHex(new BigInteger("123abcd", 16)));
    }
}
