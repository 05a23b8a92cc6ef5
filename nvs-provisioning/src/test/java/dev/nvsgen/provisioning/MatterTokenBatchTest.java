package dev.nvsgen.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.crypto.credentials.CertificateProfile;
import dev.nvsgen.crypto.credentials.CredentialReader;
import dev.nvsgen.crypto.credentials.IntermediateCertificates;
import dev.nvsgen.crypto.credentials.IssuedCertificate;
import dev.nvsgen.crypto.credentials.Pem;
import dev.nvsgen.crypto.testing.SoftHsm;
import dev.nvsgen.crypto.testing.TestCa;
import dev.nvsgen.matter.AttestationCertificates;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.provisioning.testing.Fixture;
import dev.nvsgen.provisioning.testing.Readback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24's acceptance: a 1,000-device {@code preset: matter} batch whose PAI key is in a SoftHSM2 token
 * (sensitive, not extractable), every device read back and checked: chip-factory entries, DAC chained to the
 * PAI and PAA, verifier of its passcode and salt, codes consistent. Bounded by Matter's lowest iteration count
 * (1000). Skipped, naming SoftHSM2, where it is absent.
 */
class MatterTokenBatchTest {
    static final int DEVICES = 1000;

    @TempDir
    Path tmp;

    @Test
    void aThousandDevicesWithThePaiKeyInAToken() throws Exception {
        var reason = SoftHsm.unavailable();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse(""));
        SoftHsm hsm = SoftHsm.get();
        Instant now = Instant.now();
        TestCa paaCa = TestCa.builder("Token PAA")
                .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(400)))
                .pathLen(1)
                .build();
        // The PAI certifies the token's EC key: its private half never leaves SoftHSM.
        IssuedCertificate paiIssued = IntermediateCertificates.issue(
                CertificateAuthority.of(
                        List.of(paaCa.certificate), paaCa.keys.getPrivate(), now.minus(Duration.ofDays(1))),
                AttestationCertificates.subject("Token PAI", MatterBatchTest.VID, null),
                hsm.ecCa.keys.getPublic(),
                new CertificateProfile(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)), null, List.of()),
                0,
                EnumSet.of(
                        CertificateProfile.KeyUsage.DIGITAL_SIGNATURE,
                        CertificateProfile.KeyUsage.KEY_CERT_SIGN,
                        CertificateProfile.KeyUsage.CRL_SIGN));
        X509Certificate pai = CredentialReader.certificates(paiIssued.der().toByteArray(), "PAI")
                .get(0);

        Fixture f = new Fixture(tmp);
        f.write("ca/pai.pem", Pem.encode(Pem.CERTIFICATE, paiIssued.der().toByteArray()));
        f.write("cd.der", new byte[] {0x30, 0x03, 0x02, 0x01, 0x07});
        StringBuilder csv = new StringBuilder("serial\n");
        for (int i = 1; i <= DEVICES; i++) {
            csv.append(String.format("MT-%05d%n", i));
        }
        f.write("devices.csv", csv.toString());
        f.write(
                "m.yaml",
                MatterBatchTest.manifest("  rotating-device-id: true\n")
                        .replace(
                                "    key: ca/pai.key\n",
                                "    key: \"pkcs11:token=" + SoftHsm.EC_TOKEN + ";object=ca-key\"\n"
                                        + "    pkcs11-library: " + SoftHsm.LIBRARY + "\n"
                                        + "    pin-env: PIN\n"));
        Batch.Result.Ran ran = (Batch.Result.Ran) Batch.run(
                f.request(
                        false,
                        Math.max(2, Runtime.getRuntime().availableProcessors()),
                        Map.of("PIN", SoftHsm.PIN)::get,
                        null),
                warning -> {});
        assertEquals(DEVICES, ran.summary().made());
        Path out = f.dir.resolve("out");
        List<String> record = Files.readAllLines(out.resolve(MatterFactoryData.RECORD));
        assertEquals(DEVICES + 1, record.size());
        Set<String> qrCodes = new HashSet<>();
        for (int i = 1; i <= DEVICES; i++) {
            String serial = String.format("MT-%05d", i);
            Map<String, NvsValue> e =
                    Readback.entries(Files.readAllBytes(out.resolve("bin").resolve(serial + ".bin")));
            MatterBatchTest.checkDevice(serial, e, out, record.get(i), pai, paaCa.certificate);
            qrCodes.add(record.get(i).split(",")[2]);
        }
        assertEquals(DEVICES, qrCodes.size(), "every device has codes of its own");
    }
}
