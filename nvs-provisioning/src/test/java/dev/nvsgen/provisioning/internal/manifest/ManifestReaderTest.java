package dev.nvsgen.provisioning.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.credentials.CertificateProfile;
import dev.nvsgen.crypto.credentials.KeyAlgorithm;
import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.provisioning.model.BatchSpec;
import dev.nvsgen.provisioning.model.CaSource;
import dev.nvsgen.provisioning.model.Credential;
import dev.nvsgen.provisioning.model.DeviceSource;
import dev.nvsgen.provisioning.model.Entry;
import dev.nvsgen.provisioning.model.IssuancePolicy;
import dev.nvsgen.provisioning.model.PartitionSpec;
import dev.nvsgen.provisioning.model.ProvisioningSpec;
import dev.nvsgen.provisioning.model.Subject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
    @TempDir
    Path tmp;

    private BatchSpec read(String yaml) throws Exception {
        Path file = tmp.resolve("sub/m.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return ManifestReader.read(file, "sub/m.yaml");
    }

    private String refusal(String yaml) {
        return assertThrows(NvsInputException.class, () -> read(yaml)).getMessage();
    }

    @Test
    void everyFieldIsRead() throws Exception {
        BatchSpec batch = read("""
                partition: {size: 0x4000, version: 1, encryption: {hmac-key: keys/hmac.bin}}
                devices: {csv: list.csv, serial-column: sn}
                credentials:
                  ca: {certificate: ca.pem, key: ca.key, passphrase-env: P}
                  key-type: rsa-2048
                  subject: "CN=${sn},O=Acme\\\\, Inc."
                  not-after: 2030-06-30
                  extended-key-usage: [client-auth, server-auth]
                namespaces:
                  a:
                    n: {type: i32, value: "-5"}
                    f: {file: "${sn}.bin"}
                    c: {credential: certificate}
                    k: {credential: private-key, format: pem}
                    ch: {credential: ca-chain}
                output: {dir: out}
                """);
        ProvisioningSpec m = batch.provisioning();
        assertEquals(0x4000, m.partition().size().bytes());
        assertEquals(FormatVersion.V1, m.partition().version());
        PartitionSpec.Encryption.HmacKeyFile hmac = assertInstanceOf(
                PartitionSpec.Encryption.HmacKeyFile.class, m.partition().encryption());
        assertEquals("sub/keys/hmac.bin", hmac.file().display());
        assertEquals(tmp.resolve("sub/keys/hmac.bin"), hmac.file().path());
        DeviceSource.Csv devices = assertInstanceOf(DeviceSource.Csv.class, batch.devices());
        assertEquals("sn", devices.serialColumn());
        IssuancePolicy c = m.issuance();
        assertEquals(KeyAlgorithm.RSA_2048, c.keyType());
        assertEquals("P", ((CaSource.KeyFile) batch.ca()).passphrase().env());
        assertEquals(new IssuancePolicy.End.At(Instant.parse("2030-06-30T00:00:00Z")), c.end());
        assertEquals(
                List.of(CertificateProfile.Usage.CLIENT_AUTH.oid(), CertificateProfile.Usage.SERVER_AUTH.oid()),
                c.extendedKeyUsages());
        assertEquals(
                List.of("CN", "O"),
                c.subject().parts().stream().map(Subject.Part::type).toList());
        assertEquals("Acme, Inc.", c.subject().parts().get(1).value().source());
        List<Entry> e = m.layout().namespaces().get(0).entries();
        assertInstanceOf(Entry.Value.class, e.get(0));
        assertEquals("binary", ((Entry.FileContents) e.get(1)).encoding().name());
        assertEquals(
                Credential.Format.DER, ((Entry.DeviceCredential) e.get(2)).format(), "certificates default to DER");
        assertEquals(Credential.Format.PEM, ((Entry.DeviceCredential) e.get(4)).format(), "chains default to PEM");
        assertEquals("out", batch.outputDir());
    }

    @Test
    void presetGivesSizeAndEntriesAndTheManifestOverridesThem() throws Exception {
        BatchSpec batch = read("""
                preset: esp_secure_cert
                secure-cert: {format: nvs}
                devices: {range: {from: 1, to: 2}}
                credentials: {ca: {certificate: ca.pem, key: ca.key}}
                namespaces:
                  esp_secure_cert:
                    ca_cert: {type: string, file: server-ca.pem}
                    extra: {type: u8, value: 1}
                """);
        ProvisioningSpec m = batch.provisioning();
        assertEquals(0x3000, m.partition().size().bytes());
        List<Entry> e = m.layout().namespaces().get(0).entries();
        assertEquals(
                List.of("ca_cert", "dev_cert", "priv_key", "extra"),
                e.stream().map(Entry::key).toList());
        assertInstanceOf(Entry.FileContents.class, e.get(0), "the manifest's own ca_cert replaces the preset's");
        assertNull(batch.outputDir());
    }

    @Test
    void badManifestsNameLineAndField() {
        String head = "partition: {size: 0x3000}\ndevices: {csv: d.csv}\n";
        assertEquals(
                "sub/m.yaml:3: unknown field 'namespace' (did you mean 'namespaces'?)",
                refusal(head + "namespace: {}\n"));
        assertEquals(
                "sub/m.yaml:2: devices: give only one of csv, range",
                refusal(
                        "partition: {size: 0x3000}\ndevices: {csv: d.csv, range: {from: 1, to: 2}}\nnamespaces: {a: {}}\n"));
        assertEquals(
                "sub/m.yaml:1: partition.size: partition size 0x3100 is not a multiple of 4096 (0x1000) bytes",
                refusal("partition: {size: 0x3100}\ndevices: {csv: d.csv}\nnamespaces: {a: {}}\n"));
        assertEquals(
                "sub/m.yaml:5: namespaces.a.k: field 'type' is missing (u8, i8, u16, i16, u32, i32, u64, i64, float,"
                        + " double, string, hex2bin, base64, binary)",
                refusal(head + "namespaces:\n  a:\n    k: {value: 1}\n"));
        assertTrue(refusal(head + "namespaces:\n  a:\n    k: {type: f32, value: 1}\n")
                .startsWith("sub/m.yaml:5: namespaces.a.k.type: unknown type 'f32'"));
        assertEquals(
                "sub/m.yaml:5: namespaces.a.k.value: value 'x' is not a float (write a decimal or hexadecimal literal"
                        + " such as 0.5, -1e-3 or 0x1.8p1, or inf, -inf, nan)",
                refusal(head + "namespaces:\n  a:\n    k: {type: float, value: x}\n"));
        assertEquals(
                "sub/m.yaml:6: namespaces.a.k.credential: unknown credential 'cert' (expected certificate,"
                        + " private-key, ca-certificate, ca-chain or certificate-chain)",
                refusal(
                        head
                                + "credentials: {ca: {certificate: c, key: k}}\nnamespaces:\n  a:\n    k: {credential: cert}\n"));
        assertEquals(
                "sub/m.yaml:3: credentials.key-type: key-type and csr exclude each other: with csr the device made"
                        + " its own key",
                refusal(
                        head
                                + "credentials: {ca: {certificate: c, key: k}, key-type: ec-p256, csr: x}\nnamespaces: {a: {}}\n"));
        assertEquals(
                "sub/m.yaml:3: credentials.key-type: unknown key algorithm 'ed25519' (expected ec-p256, ec-p384,"
                        + " rsa-2048)",
                refusal(head
                        + "credentials: {ca: {certificate: c, key: k}, key-type: ed25519}\nnamespaces: {a: {}}\n"));
        assertEquals(
                "sub/m.yaml:3: credentials.not-after: '31.12.2030' is not a date (2030-12-31) or a UTC time"
                        + " (2030-12-31T23:59:59Z)",
                refusal(head
                        + "credentials: {ca: {certificate: c, key: k}, not-after: 31.12.2030}\nnamespaces: {a: {}}\n"));
        assertEquals(
                "sub/m.yaml:2: devices.range: the range ends (1) before it starts (5)",
                refusal("partition: {size: 0x3000}\ndevices: {range: {from: 5, to: 1}}\nnamespaces: {a: {}}\n"));
        assertEquals(
                "sub/m.yaml:1: unknown preset 'secure-cert' (expected esp-secure-cert, device-cert or matter)",
                refusal("preset: secure-cert\n").replace("preset: ", ""));
        assertEquals(
                "sub/m.yaml:1: nothing to write: give namespaces, or a preset",
                refusal("partition: {size: 0x3000}\ndevices: {csv: d.csv}\n"));
        assertEquals(
                "sub/m.yaml:1: partition.encryption: expected 'none', 'per-device' (keys made per device), or fields"
                        + " keys: FILE|per-device or hmac-key: FILE|per-device",
                refusal("partition: {size: 0x3000, encryption: yes}\ndevices: {csv: d.csv}\nnamespaces: {a: {}}\n"));
    }

    @Test
    void presetsInEitherSpellingAndPerDeviceEncryptionInShort() throws Exception {
        for (String name : List.of("esp-secure-cert", "esp_secure_cert")) {
            assertEquals(
                    "esp_secure_cert",
                    read("preset: " + name + "\ndevices: {csv: d.csv}\n"
                                    + "credentials: {ca: {certificate: c, key: k}}\n")
                            .provisioning()
                            .layout()
                            .namespaces()
                            .get(0)
                            .name(),
                    name);
        }
        assertInstanceOf(
                PartitionSpec.Encryption.PerDeviceKeys.class,
                read("partition: {size: 0x3000, encryption: per-device}\ndevices: {csv: d.csv}\nnamespaces: {a: {}}\n")
                        .provisioning()
                        .partition()
                        .encryption());
    }

    @Test
    void errorsCarryTheirLocationAsFields() {
        NvsInputException e = assertThrows(NvsInputException.class, () -> read("""
                partition: {size: 0x3000}
                devices: {csv: d.csv}
                namespaces:
                  app:
                    n: {type: u8, value: "300"}
                """));
        assertEquals("sub/m.yaml", e.file().orElseThrow());
        assertEquals(5, e.line().orElseThrow());
        assertEquals("app", e.namespace().orElseThrow());
        assertEquals("n", e.key().orElseThrow());
    }
}
