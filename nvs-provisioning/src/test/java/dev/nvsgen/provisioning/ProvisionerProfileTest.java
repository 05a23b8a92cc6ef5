package dev.nvsgen.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.crypto.credentials.CertificateProfile;
import dev.nvsgen.crypto.testing.TestCa;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.provisioning.model.Credential;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The certificate profile through the provisioning API: backdated start, SANs, exact key usages and EKUs. */
class ProvisionerProfileTest {
    private static final TestCa CA = TestCa.root("profile API test CA");

    private static Provisioner.Builder builder() {
        return Provisioner.builder()
                .partitionSize(PartitionSize.parse("0x6000"))
                .credential("certs", "device_cert", Credential.CERTIFICATE, Credential.Format.DER)
                .authority(CertificateAuthority.of(List.of(CA.certificate), CA.keys.getPrivate(), Instant.now()));
    }

    @Test
    void certificatesCarryWhatTheBuilderAsks() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate c = builder()
                .now(now)
                .notBefore(Duration.ofHours(1))
                .subjectAltNames("URI:urn:dev:${serial}", "DNS:${serial}.devices.example.com")
                .keyUsages(Set.of(
                        CertificateProfile.KeyUsage.DIGITAL_SIGNATURE, CertificateProfile.KeyUsage.KEY_AGREEMENT))
                .extendedKeyUsages(List.of("client-auth", "1.3.6.1.5.5.7.3.1"))
                .build()
                .provision(Device.of("SN-9", Map.of()))
                .certificate()
                .orElseThrow()
                .toX509Certificate();
        assertEquals(Date.from(now.minus(1, ChronoUnit.HOURS)), c.getNotBefore());
        assertEquals(
                "[[6, urn:dev:SN-9], [2, SN-9.devices.example.com]]", String.valueOf(c.getSubjectAlternativeNames()));
        boolean[] ku = c.getKeyUsage();
        for (int i = 0; i < ku.length; i++) {
            assertEquals(i == 0 || i == 4, ku[i], "key usage bit " + i);
        }
        assertEquals(List.of("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1"), c.getExtendedKeyUsage());
    }

    @Test
    void badNamesAreRefusedWhenGiven() {
        assertEquals(
                "subject alternative name 'IP:300.1.1.1': not an IPv4 or IPv6 address",
                assertThrows(IllegalArgumentException.class, () -> builder().subjectAltNames("IP:300.1.1.1"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder().extendedKeyUsages(List.of("client")));
    }
}
