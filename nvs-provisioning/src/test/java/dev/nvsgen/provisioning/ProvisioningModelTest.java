package dev.nvsgen.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.crypto.credentials.CertificateProfile;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.provisioning.model.Credential;
import dev.nvsgen.provisioning.model.Entry;
import dev.nvsgen.provisioning.model.IssuancePolicy;
import dev.nvsgen.provisioning.model.Origin;
import dev.nvsgen.provisioning.model.Preset;
import dev.nvsgen.provisioning.model.ProvisioningSpec;
import dev.nvsgen.provisioning.testing.Fixture;
import dev.nvsgen.provisioning.testing.Readback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provisioning model: one for the manifest reader and the builder, located errors, a run from it. */
class ProvisioningModelTest {
    @TempDir
    Path tmp;

    private static final String MANIFEST = """
            preset: device-cert
            devices: {csv: devices.csv}
            credentials:
              ca: {certificate: ca/ca.pem, key: ca/ca.key}
              subject: "CN=${serial},O=Example"
              subject-alt-names: ["URI:urn:dev:${serial}"]
              not-before: -1h
              validity-days: 30
              key-usage: [digital-signature]
              extended-key-usage: [client-auth, server-auth]
            namespaces:
              factory:
                serial: {type: string, value: "${serial}"}
                hw_rev: {type: u8, value: "${hw_rev}"}
                cloud: {type: string, file: files/cloud.json}
              certs:
                chain: {credential: certificate-chain}
            """;

    @Test
    void aUriModulePathContradictingPkcs11LibraryIsRefused() throws Exception {
        Fixture f = new Fixture(tmp)
                .devices(1)
                .write(
                        "m.yaml",
                        MANIFEST.replace(
                                "ca: {certificate: ca/ca.pem, key: ca/ca.key}",
                                "ca: {certificate: ca/ca.pem, key: \"pkcs11:token=t;object=k?module-path=/lib/a.so\","
                                        + " pkcs11-library: /lib/b.so, pin-env: PIN}"))
                .write("files/cloud.json", "{}");
        NvsInputException e =
                assertThrows(NvsInputException.class, () -> Provisioner.fromManifest(f.dir.resolve("m.yaml"), null));
        assertTrue(
                e.getMessage().contains("the URI's module-path /lib/a.so contradicts pkcs11-library /lib/b.so"),
                e.getMessage());
    }

    private Provisioner.Builder builder(CertificateAuthority ca) {
        return Provisioner.builder()
                .baseDir(tmp)
                .preset(Preset.DEVICE_CERT)
                .value("factory", "serial", "string", "${serial}")
                .value("factory", "hw_rev", "u8", "${hw_rev}")
                .file("factory", "cloud", "string", "files/cloud.json")
                .credential("certs", "chain", Credential.CERTIFICATE_CHAIN, Credential.Format.PEM)
                .authority(ca)
                .subject("CN=${serial},O=Example")
                .subjectAltNames("URI:urn:dev:${serial}")
                .notBefore(Duration.ofHours(1))
                .validityDays(30)
                .keyUsages(Set.of(CertificateProfile.KeyUsage.DIGITAL_SIGNATURE))
                .extendedKeyUsages(List.of("client-auth", "server-auth"));
    }

    private static List<Object> parts(ProvisioningSpec s) {
        return List.of(s.dir(), s.layout(), s.partition(), s.issuance());
    }

    @Test
    void theManifestReaderAndTheBuilderMakeTheSameModel() throws Exception {
        Fixture f = new Fixture(tmp).devices(2).write("m.yaml", MANIFEST).write("files/cloud.json", "{}");
        CertificateAuthority ca =
                CertificateAuthority.fromFiles(tmp.resolve("ca/ca.pem"), tmp.resolve("ca/ca.key"), null);
        ProvisioningSpec read =
                Provisioner.fromManifest(f.dir.resolve("m.yaml"), ca).spec();
        ProvisioningSpec built = builder(ca).build().spec();
        assertEquals(parts(read), parts(built));
        // What the model says, in its own terms: the preset's entries, then the manifest's.
        IssuancePolicy policy = read.issuance();
        assertEquals(new IssuancePolicy.Start.Before(Duration.ofHours(1)), policy.start());
        assertEquals(new IssuancePolicy.End.After(Duration.ofDays(30)), policy.end());
        assertEquals(
                List.of("device_cert", "device_key", "ca_cert", "chain"),
                read.layout().namespaces().get(0).entries().stream()
                        .map(Entry::key)
                        .toList());
        assertEquals(0x3000, read.partition().size().bytes());
    }

    @Test
    void originsAreForMessagesOnly() throws Exception {
        Fixture f = new Fixture(tmp).devices(1).write("m.yaml", MANIFEST);
        ProvisioningSpec read = Provisioner.fromManifest(
                        f.dir.resolve("m.yaml"),
                        CertificateAuthority.fromFiles(tmp.resolve("ca/ca.pem"), tmp.resolve("ca/ca.key"), null))
                .spec();
        Entry hwRev = read.layout().namespaces().get(1).entries().get(1);
        assertEquals(
                f.dir.resolve("m.yaml") + ":14: namespaces.factory.hw_rev",
                hwRev.origin().toString());
        assertEquals(Origin.code("builder", "factory.hw_rev"), hwRev.origin(), "origins never decide equality");
        assertEquals(
                "builder: factory.hw_rev",
                Origin.code("builder", "factory.hw_rev").toString());
    }

    @Test
    void theBuildersBadInputIsLocatedAsAManifestsIs() {
        NvsInputException e = assertThrows(
                NvsInputException.class, () -> Provisioner.builder().value("factory", "hw_rev", "u8", "300"));
        assertTrue(e.getMessage().startsWith("builder: factory.hw_rev: "), e.getMessage());
        assertEquals("builder", e.file().orElseThrow());
        assertEquals(
                "builder: factory.k: '${' at position 1 of '${serial' is never closed with '}'",
                assertThrows(
                                NvsInputException.class,
                                () -> Provisioner.builder().value("factory", "k", "string", "${serial"))
                        .getMessage());
        assertEquals(
                "builder: the layout stores credentials: give the CA that issues them (authority)",
                assertThrows(
                                NvsInputException.class,
                                () -> Provisioner.builder()
                                        .preset(Preset.ESP_SECURE_CERT)
                                        .build())
                        .getMessage());
        assertEquals(
                "builder: give the partition's size (partitionSize), or a preset",
                assertThrows(
                                NvsInputException.class,
                                () -> Provisioner.builder()
                                        .value("a", "b", "u8", "1")
                                        .build())
                        .getMessage());
    }

    @Test
    void aBatchAsksTheCallersPromptForASecretAndItsImagesReadBack() throws Exception {
        char[] pass = "pass phrase".toCharArray();
        Fixture f = new Fixture(tmp).devices(3);
        f.write("ca/ca.key", f.ca.keyEncryptedPem(pass));
        f.write("m.yaml", Fixture.manifest(Fixture.credentials(), Fixture.FACTORY + Fixture.CERTS));
        List<String> asked = new ArrayList<>();
        Batch.Result result = Batch.run(
                f.request(false, 2, name -> null, prompt -> {
                    asked.add(prompt);
                    return pass.clone();
                }),
                warning -> {});
        assertEquals(List.of("Passphrase for ca/ca.key: "), asked);
        RunSummary s = assertInstanceOf(Batch.Result.Ran.class, result).summary();
        assertEquals(3, s.made());
        for (int i = 1; i <= 3; i++) {
            String serial = String.format("SN-%04d", i);
            Map<String, NvsValue> entries =
                    Readback.entries(Files.readAllBytes(tmp.resolve("out/bin/" + serial + ".bin")));
            assertEquals(NvsValue.string(serial), entries.get("factory/serial"));
            assertEquals(NvsValue.u8(i), entries.get("factory/hw_rev"));
            assertTrue(entries.containsKey("certs/device_key"));
        }
    }

    @Test
    void aSpecBuiltByHandRunsLikeTheBuildersOne() {
        Provisioner built = Provisioner.builder()
                .partitionSize(PartitionSize.parse("0x3000"))
                .value("app", "id", "string", "dev-${serial}")
                .build();
        Provisioner again = Provisioner.of(built.spec(), null, Instant.now());
        Fixture f = new Fixture(tmp);
        assertEquals(
                Readback.entries(built.provision(Device.of("SN-1")).image()),
                Readback.entries(again.provision(Device.of("SN-1")).image()));
        assertEquals(
                "provisioning API: the manifest has no credentials section, so the CA would issue nothing",
                assertThrows(
                                NvsInputException.class,
                                () -> Provisioner.of(
                                        built.spec(),
                                        CertificateAuthority.of(
                                                List.of(f.ca.certificate), f.ca.keys.getPrivate(), Instant.now()),
                                        Instant.now()))
                        .getMessage());
    }
}
