package dev.nvsgen.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.provisioning.model.Secret;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchSecretTest {
    private static Batch.Request withEnvironment(Map<String, String> env) {
        return new Batch.Request(
                Path.of("m.yaml"),
                "m.yaml",
                Path.of("."),
                null,
                false,
                false,
                true,
                1,
                null,
                env::get,
                null,
                Instant.now());
    }

    @Test
    void anEmptyPinVariableIsRefusedBeforeTheTokenIsAsked() {
        Secret pin = new Secret("PIN", null, "pkcs11:token=t;object=k", "PIN", "credentials.ca.pin-env");
        assertEquals(
                "pkcs11:token=t;object=k needs a PIN, but the environment variable PIN (credentials.ca.pin-env)"
                        + " is empty; it was not tried on the token",
                assertThrows(NvsInputException.class, () -> Batch.secret(pin, withEnvironment(Map.of("PIN", ""))))
                        .getMessage());
        assertEquals("1234", new String(Batch.secret(pin, withEnvironment(Map.of("PIN", "1234")))));
    }
}
