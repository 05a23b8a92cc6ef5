package dev.nvsgen.matter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.crypto.credentials.CertificateProfile;
import dev.nvsgen.crypto.credentials.DeviceKey;
import dev.nvsgen.crypto.credentials.IntermediateCertificates;
import dev.nvsgen.crypto.credentials.KeyAlgorithm;
import dev.nvsgen.crypto.credentials.P256Keys;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A throw-away PAA → PAI → DAC chain, checked the way esp-matter-mfg-tool checks given certificates. */
class AttestationCertificatesTest {
    private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofDays(3650));

    static CertificateAuthority paa() {
        DeviceKey k = KeyAlgorithm.EC_P256.generate();
        // A self-signed PAA: an intermediate issued by a CA made of its own key and a bootstrap certificate.
        CertificateAuthority boot = selfSigned(k);
        return boot;
    }

    static CertificateAuthority selfSigned(DeviceKey k) {
        X509Certificate tmp =
                TestCerts.selfSigned(k, "Test PAA", FROM.minus(Duration.ofDays(1)), TO.plus(Duration.ofDays(1)));
        return CertificateAuthority.of(List.of(tmp), k.exportPrivateKey(), FROM);
    }

    @Test
    void chainAndProfiles() throws Exception {
        CertificateAuthority paa = paa();
        DeviceAttestation pai = AttestationCertificates.issuePai(paa, "Test PAI", 0xFFF2, 0x8001, FROM, TO);
        X509Certificate paiCert = TestCerts.parse(pai.certificateDer().toByteArray());
        AttestationCertificates.checkPai(paiCert);
        assertEquals(
                0xFFF2,
                AttestationCertificates.vendorId(paiCert.getSubjectX500Principal())
                        .orElseThrow());
        assertEquals(
                0x8001,
                AttestationCertificates.productId(paiCert.getSubjectX500Principal())
                        .orElseThrow());
        assertTrue(pai.serialNumber().bitLength() <= 159);

        CertificateAuthority paiCa = CertificateAuthority.of(
                List.of(paiCert, paa.certificate()), pai.exportKey().exportPrivateKey(), FROM);
        DeviceAttestation dac = AttestationCertificates.issueDac(
                paiCa,
                "7d3c1a52-0f4e-4b6a-9c21-5e8f00a1b2c3",
                0xFFF2,
                0x8001,
                AttestationCertificates.dacProfile(FROM, TO));
        X509Certificate dacCert = TestCerts.parse(dac.certificateDer().toByteArray());
        AttestationCertificates.checkDac(dacCert, paiCert);
        AttestationCertificates.checkKeyMatches(dacCert, dac.exportKey(), "DAC");
        assertEquals(
                "7d3c1a52-0f4e-4b6a-9c21-5e8f00a1b2c3",
                AttestationCertificates.commonName(dacCert).orElseThrow());
        assertEquals(FROM, dacCert.getNotBefore().toInstant());
        assertEquals(TO, dacCert.getNotAfter().toInstant());
        // Subject in DER order CN, VID, PID: what the reference writes.
        assertEquals(
                "1.3.6.1.4.1.37244.2.2=#0c0438303031,1.3.6.1.4.1.37244.2.1=#0c0446464632,CN=7d3c1a52-0f4e-4b6a-9c21-5e8f00a1b2c3",
                dacCert.getSubjectX500Principal().getName());

        byte[] scalar = dac.exportPrivateScalar();
        assertEquals(32, scalar.length);
        assertArrayEquals(P256Keys.multiplyGenerator(new BigInteger(1, scalar)), dac.publicPoint());
        byte[] sec1 = dac.exportSec1Der();
        assertEquals(121, sec1.length);
        byte[] pkcs8 = Base64.getMimeDecoder().decode(dac.exportPkcs8Pem().replaceAll("-----[A-Z ]+-----", ""));
        assertEquals(138, pkcs8.length);
        ECPrivateKey parsed =
                (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        assertEquals(new BigInteger(1, scalar), parsed.getS());
        assertEquals(
                new BigInteger(1, scalar),
                new BigInteger(1, P256Keys.exportPrivateScalar(P256Keys.readPrivateKey(sec1, "DAC_key.der"))));
        assertTrue(dac.toString().contains("redacted"));
    }

    @Test
    void refusesWrongCertificates() {
        CertificateAuthority paa = paa();
        X509Certificate paaCert = paa.certificate();
        assertEquals(
                "the PAI certificate's subject has no vendor ID (1.3.6.1.4.1.37244.2.1)",
                assertThrows(IllegalArgumentException.class, () -> AttestationCertificates.checkPai(paaCert))
                        .getMessage());
        DeviceAttestation pai = AttestationCertificates.issuePai(paa, "Test PAI", 0xFFF2, null, FROM, TO);
        X509Certificate paiCert = TestCerts.parse(pai.certificateDer().toByteArray());
        CertificateAuthority paiCa = CertificateAuthority.of(
                List.of(paiCert, paaCert), pai.exportKey().exportPrivateKey(), FROM);
        // A leaf issued by the PAI is not a PAI.
        DeviceAttestation dac = AttestationCertificates.issueDac(
                paiCa, "x", 0xFFF2, 0x8001, AttestationCertificates.dacProfile(FROM, TO));
        X509Certificate dacCert = TestCerts.parse(dac.certificateDer().toByteArray());
        assertEquals(
                "the PAI certificate must be a CA of path length 0 (basicConstraints critical, CA:TRUE, pathlen 0)",
                assertThrows(IllegalArgumentException.class, () -> AttestationCertificates.checkPai(dacCert))
                        .getMessage());
        // A DAC whose VID differs from its issuer's.
        DeviceAttestation other = AttestationCertificates.issueDac(
                paiCa, "x", 0xFFF1, 0x8001, AttestationCertificates.dacProfile(FROM, TO));
        assertEquals(
                "the DAC's issuer has vendor ID FFF2, the DAC FFF1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> AttestationCertificates.checkDac(
                                        TestCerts.parse(other.certificateDer().toByteArray()), paiCert))
                        .getMessage());
        assertEquals(
                "DAC certificate and private key do not match",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> AttestationCertificates.checkKeyMatches(dacCert, pai.exportKey(), "DAC"))
                        .getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> IntermediateCertificates.issue(
                        paa,
                        AttestationCertificates.subject("p", 1, null),
                        pai.exportKey().publicKey(),
                        new CertificateProfile(FROM, TO, null, List.of()),
                        -1,
                        EnumSet.noneOf(CertificateProfile.KeyUsage.class)));
    }
}
