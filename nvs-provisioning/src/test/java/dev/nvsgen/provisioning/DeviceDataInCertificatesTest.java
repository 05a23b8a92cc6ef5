package dev.nvsgen.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.testing.TestCa;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.provisioning.testing.Fixture;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a device list may put into a certificate (issue 22): values within RFC 5280's bounds and free of
 * control characters, no wildcard the manifest did not write, and one public key per device.
 */
class DeviceDataInCertificatesTest {
    @TempDir
    Path tmp;

    private static final String NAMESPACES = """
              certs:
                device_cert: {credential: certificate, format: der}
            """;

    /** Checks the batch of {@code credentials} lines over {@code csv}, as {@code nvsgen batch --check} does. */
    private NvsInputException refused(String csv, String... credentials) {
        Fixture f = new Fixture(tmp).write("devices.csv", csv);
        f.write("m.yaml", Fixture.manifest(Fixture.credentials(credentials), NAMESPACES));
        return assertThrows(NvsInputException.class, () -> check(f));
    }

    private static Batch.Result check(Fixture f) throws Exception {
        return Batch.run(f.request(true, 2, Map.<String, String>of()::get, null), warning -> {});
    }

    @Test
    void aValueOverRfc5280sBoundIsRefusedWithItsRowColumnAndTheBound() {
        NvsInputException e = refused(
                "serial,ou\nSN-1,Sales\nSN-2," + "x".repeat(70) + "\n", "subject: \"CN=${serial},OU=${ou},O=Acme\"");
        assertEquals(
                "devices.csv:3 (device SN-2): subject (m.yaml:9: credentials.subject): column 'ou': attribute OU of the"
                        + " subject is 70 characters, over RFC 5280's upper bound of 64 (ub-organizational-unit-name)",
                e.getMessage());
        assertEquals("devices.csv", e.file().orElseThrow());
        assertEquals(3, e.line().getAsInt());
        assertEquals(
                "devices.csv:2 (device SN-1): subject (m.yaml:9: credentials.subject): column 'city': attribute L of"
                        + " the subject is 129 characters, over RFC 5280's upper bound of 128 (ub-locality-name)",
                refused("serial,city\nSN-1," + "é".repeat(129) + "\n", "subject: \"CN=${serial},L=${city}\"")
                        .getMessage());
        assertEquals(
                "devices.csv:2 (device SN-1): subject (m.yaml:9: credentials.subject): column 'name': attribute CN of"
                        + " the subject is 65 characters, over RFC 5280's upper bound of 64 (ub-common-name)",
                refused("serial,name\nSN-1,device " + "S".repeat(58) + "\n", "subject: \"CN=${name}\"")
                        .getMessage());
    }

    @Test
    void controlCharactersInAValueAreRefusedAndTheMessageStaysOneLine() {
        NvsInputException e =
                refused("serial,ou\nSN-1,\"Sales\nCN=root\"\n", "subject: \"CN=${serial},OU=dept ${ou}\"");
        assertEquals(
                "devices.csv:2 (device SN-1): subject (m.yaml:9: credentials.subject): column 'ou': attribute OU of the"
                        + " subject holds the control character \\n at character 11",
                e.getMessage());
        assertEquals(
                "devices.csv:2 (device SN-1): subject (m.yaml:9: credentials.subject): column 'org': attribute O of the"
                        + " subject holds the control character \\x01 at character 2",
                refused("serial,org\nSN-1,A\u0001B\n", "subject: \"CN=${serial},O=${org}\"")
                        .getMessage());
        assertEquals(
                "devices.csv:2 (device SN-1): subject (m.yaml:9: credentials.subject): column 'org': attribute O of the"
                        + " subject holds the control character \\x7f at character 1",
                refused("serial,org\nSN-1,\u007F\n", "subject: \"CN=${serial},O=${org}\"")
                        .getMessage());
        NvsInputException san = refused("serial,mail\nSN-1,\"a@b\nc\"\n", "subject-alt-names: [\"email:${mail}\"]");
        assertEquals(
                "devices.csv:2 (device SN-1): subject-alt-names (m.yaml:9: credentials.subject-alt-names[0]): column"
                        + " 'mail': subject alternative name 'email:a@b\\nc': it holds the control character \\n at"
                        + " character 4",
                san.getMessage());
        assertFalse(san.getMessage().contains("\n"));
    }

    @Test
    void aWildcardFromTheDeviceListIsRefusedButOneTheManifestWritesIsNot() throws Exception {
        assertEquals(
                "devices.csv:3 (device SN-2): subject-alt-names (m.yaml:9: credentials.subject-alt-names[0]): column"
                        + " 'host': the device data makes the wildcard name 'DNS:*.evil.example'; a wildcard in a"
                        + " device certificate must be written in the template itself",
                refused("serial,host\nSN-1,sn-1.example\nSN-2,*.evil.example\n", "subject-alt-names: [\"DNS:${host}\"]")
                        .getMessage());
        Fixture f = new Fixture(tmp).write("devices.csv", "serial,zone\nSN-1,example.com\n");
        f.write("m.yaml", Fixture.manifest(Fixture.credentials("subject-alt-names: [\"DNS:*.${zone}\"]"), NAMESPACES));
        assertEquals(new Batch.Result.Checked(1), check(f));
    }

    @Test
    void twoDevicesSendingOneKeyAreRefusedNamingBoth() throws Exception {
        KeyPair shared = TestCa.generate("EC");
        Fixture f = new Fixture(tmp).write("devices.csv", "serial\nSN-1\nSN-2\nSN-3\n");
        f.write("csr/SN-1.csr", TestCa.csrPem(TestCa.generate("EC"), "CN=a"));
        f.write("csr/SN-2.csr", TestCa.csrPem(shared, "CN=b"));
        f.write("csr/SN-3.csr", TestCa.csrPem(shared, "CN=c"));
        f.write("m.yaml", Fixture.manifest(Fixture.credentials("csr: \"csr/${serial}.csr\""), NAMESPACES));
        NvsInputException e = assertThrows(NvsInputException.class, () -> check(f));
        assertEquals(
                "devices.csv:4 (device SN-3): its certificate request is for the same public key as that of"
                        + " devices.csv:3 (device SN-2): each device needs a key of its own (is a CSR file copied?)",
                e.getMessage());
        // Distinct keys pass.
        f.write("csr/SN-3.csr", TestCa.csrPem(TestCa.generate("EC"), "CN=c"));
        assertTrue(check(f) instanceof Batch.Result.Checked);
    }
}
