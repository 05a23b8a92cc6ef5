package dev.nvsgen.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.provisioning.testing.Fixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of a batch run a command line cannot reach in a test: the environment and the terminal. */
class BatchTest {
    @TempDir
    Path tmp;

    static final char[] PASS = "pass phrase".toCharArray();

    private String run(Fixture f, Map<String, String> env) throws Exception {
        Batch.Result result = Batch.run(f.request(false, 2, env::get, null), warning -> {});
        RunSummary s = ((Batch.Result.Ran) result).summary();
        return "Made " + s.made() + " device image" + (s.made() == 1 ? "" : "s") + " in ";
    }

    private Fixture encrypted() {
        Fixture f = new Fixture(tmp).devices(2);
        f.write("ca/ca.key", f.ca.keyEncryptedPem(PASS));
        return f;
    }

    @Test
    void encryptedCaKeyOpensWithThePassphraseFromTheNamedVariable() throws Exception {
        Fixture f = encrypted();
        f.write(
                "m.yaml",
                Fixture.manifest(
                        Fixture.credentials().replace("key: ca/ca.key", "key: ca/ca.key\n    passphrase-env: CA_PASS"),
                        Fixture.CERTS));
        String out = run(f, Map.of("CA_PASS", new String(PASS)));
        assertTrue(out.startsWith("Made 2 device images"), out);
    }

    @Test
    void missingVariableWrongPassphraseAndNoTerminalAreNamed() {
        Fixture f = encrypted();
        f.write(
                "m.yaml",
                Fixture.manifest(
                        Fixture.credentials().replace("key: ca/ca.key", "key: ca/ca.key\n    passphrase-env: CA_PASS"),
                        Fixture.CERTS));
        assertEquals(
                "ca/ca.key is encrypted, but the environment variable CA_PASS (credentials.ca.passphrase-env) is not set",
                assertThrows(NvsInputException.class, () -> run(f, Map.of())).getMessage());
        assertEquals(
                "ca/ca.key: cannot decrypt the key: wrong passphrase, or the file is damaged",
                assertThrows(NvsInputException.class, () -> run(f, Map.of("CA_PASS", "nope")))
                        .getMessage());
        f.write("m.yaml", Fixture.manifest(Fixture.credentials(), Fixture.CERTS));
        assertEquals(
                "ca/ca.key is encrypted: name an environment variable holding its passphrase with"
                        + " credentials.ca.passphrase-env, or run nvsgen in a terminal",
                assertThrows(NvsInputException.class, () -> run(f, Map.of())).getMessage());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void plainCaKeyNeverAsksForAPassphrase() throws Exception {
        Fixture f = new Fixture(tmp).devices(1);
        f.write(
                "m.yaml",
                Fixture.manifest(
                        Fixture.credentials().replace("key: ca/ca.key", "key: ca/ca.key\n    passphrase-env: UNSET"),
                        Fixture.CERTS));
        assertTrue(run(f, Map.of()).startsWith("Made 1 device image in "));
    }
}
