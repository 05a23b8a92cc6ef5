package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nvsgen.crypto.testing.SoftHsm;
import dev.nvsgen.crypto.testing.TestCa;
import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.read.NvsReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance, as a factory runs it: {@code nvsgen batch} in a process of its own (the PIN and
 * SOFTHSM2_CONF in its environment), a CA key in a SoftHSM2 token (EC P-256 and RSA-2048, imported
 * sensitive and not extractable, no certificate object beside it) or in a PKCS#12 store, and every
 * certificate checked with {@code openssl verify} and read back from its image. Skipped, naming package
 * softhsm2, where SoftHSM2 is absent.
 */
class BatchTokenCaTest {
    static final int DEVICES = 8;
    static SoftHsm hsm;

    @TempDir
    Path dir;

    @BeforeAll
    static void tokens() {
        var reason = SoftHsm.unavailable();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse(""));
        hsm = SoftHsm.get();
    }

    static String manifest(String ca) {
        return "partition:\n  size: 0x6000\n" + "devices:\n  csv: devices.csv\n" + "credentials:\n  ca:\n" + ca + """
                  not-before: -1h
                  subject-alt-names: ["URI:urn:dev:${serial}", "DNS:${serial}.devices.example.com"]
                  key-usage: [digital-signature, key-agreement]
                  extended-key-usage: [client-auth, "1.3.6.1.5.5.7.3.1"]
                namespaces:
                  factory:
                    serial: {type: string, value: "${serial}"}
                  certs:
                    device_cert: {credential: certificate, format: der}
                    device_key: {credential: private-key, format: pem}
                """;
    }

    static String tokenCa(String token) {
        return "    certificate: ca.pem\n"
                + "    key: \"pkcs11:token=" + token + ";object=ca-key\"\n"
                + "    pkcs11-library: " + SoftHsm.LIBRARY + "\n"
                + "    pin-env: NVSGEN_PKCS11_PIN\n";
    }

    private void setUp(TestCa ca, String manifest) throws IOException {
        Files.write(dir.resolve("ca.pem"), ca.certificatePem());
        StringBuilder devices = new StringBuilder("serial\n");
        for (int i = 1; i <= DEVICES; i++) {
            devices.append(String.format(Locale.ROOT, "SN-%04d%n", i));
        }
        Files.writeString(dir.resolve("devices.csv"), devices);
        Files.writeString(dir.resolve("m.yaml"), manifest);
    }

    @Test
    void ecKeyInTheToken() throws Exception {
        setUp(hsm.ecCa, manifest(tokenCa(SoftHsm.EC_TOKEN)));
        issuedAsAsked(hsm.ecCa, Map.of("NVSGEN_PKCS11_PIN", SoftHsm.PIN));
        // The run's fingerprint names the token key by its URI: resuming the same run finds nothing to do.
        Result resumed = nvsgen(
                Map.of("NVSGEN_PKCS11_PIN", SoftHsm.PIN), "batch", "m.yaml", "--outdir", "out", "--resume", "-q");
        assertEquals(0, resumed.status, resumed.err);
        assertTrue(resumed.out.startsWith("Made 0 device images (" + DEVICES + " already done)"), resumed.out);
    }

    @Test
    void rsaKeyInTheToken() throws Exception {
        setUp(hsm.rsaCa, manifest(tokenCa(SoftHsm.RSA_TOKEN)));
        issuedAsAsked(hsm.rsaCa, Map.of("NVSGEN_PKCS11_PIN", SoftHsm.PIN));
    }

    @Test
    void pkcs12Store() throws Exception {
        TestCa ca = TestCa.root("nvsgen p12 CA");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] password = "p12-password".toCharArray();
        ks.setKeyEntry("ca", ca.keys.getPrivate(), password, new Certificate[] {ca.certificate});
        ByteArrayOutputStream p12 = new ByteArrayOutputStream();
        ks.store(p12, password);
        setUp(ca, manifest("    keystore: ca.p12\n    password-env: NVSGEN_KEYSTORE_PASSWORD\n"));
        Files.write(dir.resolve("ca.p12"), p12.toByteArray());
        issuedAsAsked(ca, Map.of("NVSGEN_KEYSTORE_PASSWORD", "p12-password"));
    }

    @Test
    void refusedCleanlyWithNothingWritten() throws Exception {
        setUp(hsm.ecCa, manifest(tokenCa(SoftHsm.EC_TOKEN)));
        refused(
                Map.of("NVSGEN_PKCS11_PIN", "not-the-pin"),
                "nvsgen batch: error: pkcs11:token=nvsgen-ec;object=ca-key: token 'nvsgen-ec' refused the PIN"
                        + " (CKR_PIN_INCORRECT)");
        refused(
                Map.of(),
                "nvsgen batch: error: pkcs11:token=nvsgen-ec;object=ca-key needs a PIN, but the environment variable"
                        + " NVSGEN_PKCS11_PIN (credentials.ca.pin-env) is not set");
        Files.writeString(
                dir.resolve("m.yaml"), manifest(tokenCa(SoftHsm.EC_TOKEN).replace("ca-key", "no-such-key")));
        refused(
                Map.of("NVSGEN_PKCS11_PIN", SoftHsm.PIN),
                "nvsgen batch: error: pkcs11:token=nvsgen-ec;object=no-such-key: token 'nvsgen-ec' holds no private key"
                        + " 'no-such-key' (its private keys: 'ca-key')");
        Files.writeString(dir.resolve("m.yaml"), manifest(tokenCa("no-such-token")));
        refused(
                Map.of("NVSGEN_PKCS11_PIN", SoftHsm.PIN),
                "nvsgen batch: error: pkcs11:token=no-such-token;object=ca-key: no such token in " + SoftHsm.LIBRARY
                        + " (tokens present: ");
        Files.writeString(dir.resolve("not-a-library.so"), "nothing to load");
        Files.writeString(
                dir.resolve("m.yaml"),
                manifest(tokenCa(SoftHsm.EC_TOKEN).replace(SoftHsm.LIBRARY.toString(), "not-a-library.so")));
        refused(
                Map.of("NVSGEN_PKCS11_PIN", SoftHsm.PIN),
                "nvsgen batch: error: pkcs11:token=nvsgen-ec;object=ca-key: cannot load "
                        + dir.resolve("not-a-library.so") + " as a PKCS#11 library (");
        // The token's key must belong to the certificate: the RSA CA's certificate with the EC token's key.
        Files.write(dir.resolve("ca.pem"), hsm.rsaCa.certificatePem());
        Files.writeString(dir.resolve("m.yaml"), manifest(tokenCa(SoftHsm.EC_TOKEN)));
        refused(
                Map.of("NVSGEN_PKCS11_PIN", SoftHsm.PIN),
                "nvsgen batch: error: pkcs11:token=nvsgen-ec;object=ca-key: this private key does not belong to the CA"
                        + " certificate 'CN=nvsgen SoftHSM RSA CA,O=nvsgen tests' in ca.pem");
    }

    @Test
    void aJvmThatDoesNotExportTheWrapperIsToldTheOption() throws Exception {
        setUp(hsm.ecCa, manifest(tokenCa(SoftHsm.EC_TOKEN)));
        exportWrapper = false;
        refused(
                Map.of("NVSGEN_PKCS11_PIN", SoftHsm.PIN),
                "nvsgen batch: error: pkcs11:token=nvsgen-ec;object=ca-key: PKCS#11 keys need the JVM option"
                        + " --add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED");
    }

    private boolean exportWrapper = true;

    private void refused(Map<String, String> env, String messageStart) throws Exception {
        List<String> before = CliRun.files(dir);
        Result r = nvsgen(env, "batch", "m.yaml", "--outdir", "out", "-q");
        assertEquals(1, r.status, r.err);
        assertTrue(r.err.startsWith(messageStart), r.err);
        assertEquals(1, r.err.lines().count(), r.err);
        assertFalse(r.err.contains(SoftHsm.PIN), "the PIN never shows");
        assertEquals(before, CliRun.files(dir), "nothing written");
    }

    private void issuedAsAsked(TestCa ca, Map<String, String> env) throws Exception {
        Instant started = Instant.now();
        Result r = nvsgen(env, "batch", "m.yaml", "--outdir", "out", "-q");
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.startsWith("Made " + DEVICES + " device images in "), r.out);

        List<String> run = Files.readAllLines(dir.resolve("out/batch-run.csv"));
        List<String> header = List.of(run.get(0).split(","));
        List<Path> pems = new ArrayList<>();
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        for (String line : run.subList(1, run.size())) {
            String[] row = line.split(",");
            String serial = row[header.indexOf("serial")];
            Map<String, NvsValue> entries = new HashMap<>();
            for (NvsEntry e : NvsReader.read(
                            Files.readAllBytes(dir.resolve("out").resolve(row[header.indexOf("image")])))
                    .entries()) {
                entries.put(e.namespace() + "/" + e.key(), e.value());
            }
            byte[] der = ((NvsValue.BlobValue) entries.get("certs/device_cert"))
                    .data()
                    .toByteArray();
            X509Certificate cert = (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der));
            assertEquals("CN=" + serial, cert.getSubjectX500Principal().getName());
            assertEquals(
                    "[[6, urn:dev:" + serial + "], [2, " + serial + ".devices.example.com]]",
                    String.valueOf(cert.getSubjectAlternativeNames()));
            boolean[] ku = cert.getKeyUsage();
            for (int i = 0; i < ku.length; i++) {
                assertEquals(i == 0 || i == 4, ku[i], "key usage bit " + i);
            }
            assertEquals(List.of("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1"), cert.getExtendedKeyUsage());
            Duration back = Duration.between(cert.getNotBefore().toInstant(), started);
            assertTrue(
                    back.compareTo(Duration.ofMinutes(59)) > 0 && back.compareTo(Duration.ofMinutes(61)) < 0,
                    "not-before an hour back: " + back);
            Path pem = dir.resolve(serial + ".pem");
            Files.writeString(
                    pem,
                    "-----BEGIN CERTIFICATE-----\n"
                            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                            + "\n-----END CERTIFICATE-----\n");
            pems.add(pem);
            if (onPath("openssl")) {
                // The run record's serial is what openssl prints, for joining against a CA database.
                Result serialOut =
                        run(List.of("openssl", "x509", "-noout", "-serial", "-in", pem.toString()), Map.of());
                assertEquals("serial=" + row[header.indexOf("certificate_serial")], serialOut.out.strip());
            }
        }
        assertEquals(DEVICES, pems.size());
        if (onPath("openssl")) {
            List<String> verify = new ArrayList<>(List.of(
                    "openssl", "verify", "-CAfile", dir.resolve("ca.pem").toString()));
            pems.forEach(p -> verify.add(p.toString()));
            Result v = run(verify, Map.of());
            assertEquals(0, v.status, v.out + v.err);
            assertEquals(DEVICES, v.out.lines().filter(l -> l.endsWith(": OK")).count(), v.out);
        }
    }

    record Result(int status, String out, String err) {}

    /** nvsgen's main class in a JVM of its own, as bin/nvsgen runs it, with {@code env} added to its environment. */
    private Result nvsgen(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (exportWrapper) {
            cmd.add("--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Map<String, String> all = new HashMap<>(hsm.environment());
        all.putAll(env);
        return run(cmd, all);
    }

    private Result run(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("NVSGEN_PKCS11_PIN");
        pb.environment().remove("NVSGEN_KEYSTORE_PASSWORD");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("nvsgen-out", ".txt");
        Path err = Files.createTempFile("nvsgen-err", ".txt");
        try {
            Process p =
                    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(cmd + " did not finish in 120 s");
            }
            return new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
