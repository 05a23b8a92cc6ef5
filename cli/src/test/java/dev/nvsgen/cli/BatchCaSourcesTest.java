package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.testing.TestCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The CA's key sources and certificate profile fields of a batch manifest, as the command line reads them. */
class BatchCaSourcesTest {
    static final char[] PASS = "correct horse battery".toCharArray();
    static TestCa ca;

    @TempDir
    Path dir;

    @BeforeAll
    static void ca() {
        ca = TestCa.root("sources test CA");
    }

    private void files() throws Exception {
        Files.write(dir.resolve("ca.pem"), ca.certificatePem());
        Files.write(dir.resolve("ca.key"), ca.keyEncryptedPem(PASS));
        Files.writeString(dir.resolve("devices.csv"), "serial\nSN-1\nSN-2\n");
    }

    private static String manifest(String ca, String profile) {
        return "partition: {size: 0x6000}\n"
                + "devices: {csv: devices.csv}\n"
                + "credentials:\n"
                + "  ca:\n"
                + ca
                + profile
                + "namespaces:\n"
                + "  certs:\n"
                + "    cert: {credential: certificate, format: der}\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"%s\n", "%s\r\n", "%s", "%s\nsecond line ignored\n"})
    void passphraseFileGivesItsFirstLine(String layout) throws Exception {
        files();
        Files.writeString(dir.resolve("ca.pass"), String.format(layout, new String(PASS)), StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("m.yaml"),
                manifest("    certificate: ca.pem\n    key: ca.key\n    passphrase-file: ca.pass\n", ""));
        CliRun run = CliRun.in(dir, "batch", "m.yaml", "--outdir", "out", "-q");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("Made 2 device images"), run.out());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            ignoreLeadingAndTrailingWhitespace = false,
            value = {
                // the passphrase file: wrong, missing, empty
                "    certificate: ca.pem\\n    key: ca.key\\n    passphrase-file: wrong.pass\\n||"
                        + "ca.key: cannot decrypt the key: wrong passphrase, or the file is damaged",
                "    certificate: ca.pem\\n    key: ca.key\\n    passphrase-file: none.pass\\n||"
                        + "m.yaml:7: credentials.ca.passphrase-file: none.pass: no such file",
                "    certificate: ca.pem\\n    key: ca.key\\n    passphrase-file: empty.pass\\n||"
                        + "m.yaml:7: credentials.ca.passphrase-file: empty.pass: the first line is empty",
                "    certificate: ca.pem\\n    key: ca.key\\n    passphrase-file: ca.pass\\n    passphrase-env: P\\n||"
                        + "m.yaml:7: credentials.ca.passphrase-file: give passphrase-env or passphrase-file, not both",
                // secrets never in the manifest
                "    certificate: ca.pem\\n    key: \"pkcs11:token=t;object=k\"\\n    pin: 1234\\n||"
                        + "m.yaml:7: credentials.ca.pin: the CA's pin is never read from the manifest: name an"
                        + " environment variable with pin-env, or let nvsgen ask for it",
                "    certificate: ca.pem\\n    key: \"pkcs11:token=t;object=k?pin-value=1234\"\\n||"
                        + "m.yaml:6: credentials.ca.key: PKCS#11 URI: pin-value is not accepted: give the PIN through an"
                        + " environment variable (pin-env)",
                // fields that do not go together
                "    certificate: ca.pem\\n    key: \"pkcs11:token=t;object=k\"\\n||"
                        + "m.yaml:6: credentials.ca.key: a key in a PKCS#11 token needs its library: add"
                        + " pkcs11-library (e.g. /usr/lib/softhsm/libsofthsm2.so)",
                "    certificate: ca.pem\\n    key: \"pkcs11:token=t;object=k\"\\n    pkcs11-library: x.so\\n"
                        + "    passphrase-env: P\\n||"
                        + "m.yaml:8: credentials.ca.passphrase-env: passphrase-env goes with a key file; a token's key is"
                        + " unlocked by its PIN (pin-env)",
                "    certificate: ca.pem\\n    key: ca.key\\n    pin-env: P\\n||"
                        + "m.yaml:7: credentials.ca.pin-env: pin-env goes with a key in a PKCS#11 token",
                "    keystore: ca.p12\\n    key: ca.key\\n||"
                        + "m.yaml:6: credentials.ca.key: key does not go with keystore: the key store holds the CA's key"
                        + " and certificate chain",
                "    certificate: ca.pem\\n    key: ca.key\\n    alias: ca\\n||"
                        + "m.yaml:7: credentials.ca.alias: alias goes with keystore",
                "    keystore: ca.p12\\n    password-env: P\\n||ca.p12: no such file",
                // the certificate profile
                "    certificate: ca.pem\\n    key: ca.key\\n    passphrase-file: ca.pass\\n"
                        + "|  not-before: yesterday\\n|"
                        + "m.yaml:8: credentials.not-before: 'yesterday' is neither a duration back from now (-1h, -30m,"
                        + " -2d) nor a date (2026-01-01) or time (2026-01-01T08:00:00Z)",
                "    certificate: ca.pem\\n    key: ca.key\\n    passphrase-file: ca.pass\\n"
                        + "|  subject-alt-names: [\"DNS:${serial}.example.com\", \"IP:10.0.0.300\"]\\n|"
                        + "m.yaml:8: credentials.subject-alt-names[1]: subject alternative name 'IP:10.0.0.300': not an"
                        + " IPv4 or IPv6 address",
                "    certificate: ca.pem\\n    key: ca.key\\n    passphrase-file: ca.pass\\n"
                        + "|  subject-alt-names: [\"DNS:${serial}_x.example.com\"]\\n|"
                        + "devices.csv:2 (device SN-1): subject-alt-names (m.yaml:8: credentials.subject-alt-names[0]):"
                        + " column 'serial': subject alternative name 'DNS:SN-1_x.example.com': not a DNS name",
                "    certificate: ca.pem\\n    key: ca.key\\n    passphrase-file: ca.pass\\n"
                        + "|  key-usage: [digital-signature, sign]\\n|"
                        + "m.yaml:8: credentials.key-usage[1]: unknown key usage 'sign' (expected digital-signature,",
                "    certificate: ca.pem\\n    key: ca.key\\n    passphrase-file: ca.pass\\n"
                        + "|  extended-key-usage: [client-auth, 1.3.6..1]\\n|"
                        + "m.yaml:8: credentials.extended-key-usage[1]: '1.3.6..1' is not an OID",
                "    certificate: ca.pem\\n    key: ca.key\\n    passphrase-file: ca.pass\\n"
                        + "|  not-before: 2000-01-01\\n|"
                        + "m.yaml:3: credentials: certificates would be valid from 2000-01-01T00:00:00Z, before the CA"
                        + " certificate is (",
            })
    void refusedInOneLineWithNothingWritten(String caFields, String profile, String expected) throws Exception {
        files();
        Files.writeString(dir.resolve("ca.pass"), new String(PASS) + "\n");
        Files.writeString(dir.resolve("wrong.pass"), "not it\n");
        Files.writeString(dir.resolve("empty.pass"), "\nsecond\n");
        Files.writeString(
                dir.resolve("m.yaml"),
                manifest(caFields.replace("\\n", "\n"), profile == null ? "" : profile.replace("\\n", "\n")));
        CliRun run = CliRun.in(dir, "batch", "m.yaml", "--outdir", "out");
        assertEquals(ExitCode.INPUT, run.status(), run.out() + run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        String prefix = "nvsgen batch: error: ";
        assertTrue(run.err().startsWith(prefix + expected), "expected: " + expected + "\nactual:   " + run.err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
        assertFalse(run.err().contains(new String(PASS)), "the passphrase never shows");
    }
}
