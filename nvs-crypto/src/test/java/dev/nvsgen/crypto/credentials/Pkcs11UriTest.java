package dev.nvsgen.crypto.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nvsgen.nvs.Bytes;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Pkcs11UriTest {
    @Test
    void readsTheAttributesOfRfc7512() {
        Pkcs11Uri u = Pkcs11Uri.parse(
                "pkcs11:token=factory%20ca;serial=42;object=ca-key;id=%01%a0;type=private?module-path=/lib/p11.so");
        assertEquals(Optional.of("factory ca"), u.token());
        assertEquals(Optional.of("42"), u.serial());
        assertEquals(Optional.of("ca-key"), u.object());
        assertEquals(Optional.of(Bytes.of((byte) 1, (byte) 0xa0)), u.id());
        assertEquals(Optional.of("/lib/p11.so"), u.modulePath());
        assertEquals(
                Optional.of("caf\u00e9"),
                Pkcs11Uri.parse("pkcs11:object=caf%C3%A9").object());
        assertEquals(
                Optional.of("caf\u00e9"),
                Pkcs11Uri.parse("pkcs11:object=caf\u00e9").object());
        assertEquals(Optional.of(7L), Pkcs11Uri.parse("pkcs11:slot-id=7;id=%07").slotId());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "pkcs11:token=t | PKCS#11 URI: name the key with object=LABEL or id=%XX...",
                "pkcs11:token=t;object=k;colour=red | PKCS#11 URI: attribute 'colour' is not supported (supported: token, serial, manufacturer, model, slot-id, object, id, type)",
                "pkcs11:object=k;object=j | PKCS#11 URI: attribute 'object' is given twice",
                "pkcs11:object=k;type=cert | PKCS#11 URI: type=cert does not name a private key (type=private, or leave it out)",
                "pkcs11:object=k?pin-value=1234 | PKCS#11 URI: pin-value is not accepted: give the PIN through an environment variable (pin-env)",
                "pkcs11:object=k%2 | PKCS#11 URI: object: '%' must be followed by two hex digits",
                "pkcs11:object=%ff | PKCS#11 URI: object is not UTF-8 once percent-decoded",
                "pkcs11:slot-id=x;object=k | PKCS#11 URI: slot-id must be a decimal number",
                "ca.key | 'ca.key' is not a PKCS#11 URI (pkcs11:token=...;object=...)",
            })
    void refusesWhatItCannotUse(String text, String message) {
        assertEquals(
                message,
                assertThrows(IllegalArgumentException.class, () -> Pkcs11Uri.parse(text))
                        .getMessage());
    }
}
