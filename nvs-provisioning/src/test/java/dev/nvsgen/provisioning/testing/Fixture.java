package dev.nvsgen.provisioning.testing;

import dev.nvsgen.crypto.testing.TestCa;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/** Batch inputs in a temporary folder: a throw-away CA, a device list, a manifest. */
public final class Fixture {
    public final Path dir;
    public final TestCa ca;

    /**
     * A request to run this fixture's {@code m.yaml} into {@code out/}, or with {@code check} to check it:
     * no resume, no force, no progress display, the clock now.
     */
    public dev.nvsgen.provisioning.Batch.Request request(
            boolean check,
            int threads,
            java.util.function.Function<String, String> environment,
            dev.nvsgen.provisioning.Batch.SecretPrompt prompt) {
        return new dev.nvsgen.provisioning.Batch.Request(
                dir.resolve("m.yaml"),
                "m.yaml",
                dir,
                "out",
                false,
                false,
                check,
                threads,
                total -> dev.nvsgen.provisioning.Batch.ProgressDisplay.NONE,
                environment,
                prompt,
                java.time.Instant.now());
    }

    public Fixture(Path dir) {
        this(dir, TestCa.root("fixture CA"));
    }

    public Fixture(Path dir, TestCa ca) {
        this.dir = dir;
        this.ca = ca;
        write("ca/ca.pem", ca.certificatePem());
        write("ca/ca.key", ca.keyPem());
    }

    public Fixture write(String name, String text) {
        return write(name, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Fixture write(String name, byte[] data) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.write(p, data);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A device list of {@code n} devices SN-0001… with columns serial, hw_rev (1…) and mac. */
    public Fixture devices(int n) {
        StringBuilder s = new StringBuilder("serial,hw_rev,mac\n");
        for (int i = 1; i <= n; i++) {
            s.append(String.format("SN-%04d,%d,246f28%06x%n", i, i % 200, i));
        }
        return write("devices.csv", s.toString());
    }

    /** The standard credentials section, with {@code extra} lines added inside it. */
    public static String credentials(String... extra) {
        StringBuilder s = new StringBuilder("credentials:\n  ca:\n    certificate: ca/ca.pem\n    key: ca/ca.key\n");
        for (String e : extra) {
            s.append("  ").append(e).append('\n');
        }
        return s.toString();
    }

    /** A manifest of devices.csv, the given credentials section and namespaces, partition 0x6000. */
    public static String manifest(String credentials, String namespaces) {
        return "partition:\n  size: 0x6000\n"
                + "devices:\n  csv: devices.csv\n"
                + credentials
                + "namespaces:\n"
                + namespaces;
    }

    public static final String FACTORY = """
              factory:
                serial: {type: string, value: "${serial}"}
                hw_rev: {type: u8, value: "${hw_rev}"}
                mac: {type: hex2bin, value: "${mac}"}
            """;

    public static final String CERTS = """
              certs:
                device_cert: {credential: certificate, format: der}
                device_key: {credential: private-key, format: pem}
                ca_cert: {credential: ca-chain, format: pem}
            """;

    /** Validates {@code leaf} (and the certificates above it) up to {@code anchor} with the JDK's PKIX validator. */
    public static void validate(List<X509Certificate> path, X509Certificate anchor) throws Exception {
        CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(cp, params);
    }
}
