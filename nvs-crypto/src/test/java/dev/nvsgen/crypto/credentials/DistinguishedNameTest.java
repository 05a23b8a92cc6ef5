package dev.nvsgen.crypto.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 5280's upper bounds and no control characters, in every name nvsgen builds (issue 22). */
class DistinguishedNameTest {
    private static String refused(String type, String value) {
        return assertThrows(
                        IllegalArgumentException.class,
                        () -> DistinguishedName.of(List.of(new DistinguishedName.Attribute(type, value))))
                .getMessage();
    }

    @Test
    void eachBoundedAttributeTakesItsBoundAndNotOneCharacterMore() {
        String[][] bounds = {
            {"CN", "64", "ub-common-name"},
            {"O", "64", "ub-organization-name"},
            {"OU", "64", "ub-organizational-unit-name"},
            {"L", "128", "ub-locality-name"},
            {"ST", "128", "ub-state-name"},
            {"TITLE", "64", "ub-title"},
            {"SERIALNUMBER", "64", "ub-serial-number"},
            {"EMAILADDRESS", "255", "ub-emailaddress-length"},
        };
        for (String[] b : bounds) {
            int n = Integer.parseInt(b[1]);
            DistinguishedName.of(List.of(new DistinguishedName.Attribute(b[0], "a".repeat(n))));
            assertEquals(
                    "attribute " + b[0] + " of the subject is " + (n + 1) + " characters, over RFC 5280's upper bound"
                            + " of " + n + " (" + b[2] + ")",
                    refused(b[0], "a".repeat(n + 1)));
        }
        // Characters, not UTF-8 bytes: 64 two-byte letters are a valid CN.
        DistinguishedName.of(List.of(new DistinguishedName.Attribute("CN", "ü".repeat(64))));
        assertEquals("C (country) must be a two-letter code, was 'USA'", refused("C", "USA"));
    }

    @Test
    void controlCharactersAreRefusedAndShownWrittenOut() {
        assertEquals(
                "attribute CN of the subject holds the control character \\n at character 2", refused("CN", "a\nb"));
        assertEquals("attribute O of the subject holds the control character \\x00 at character 1", refused("O", "\0"));
        assertEquals(
                "attribute OU of the subject holds the control character \\x1b at character 3",
                refused("OU", "ab\u001B[31m"));
        assertEquals(
                "attribute L of the subject holds the control character \\x85 at character 1", refused("L", "\u0085"));
        assertEquals(
                "subject alternative name 'URI:urn:a\\tb': it holds the control character \\t at character 6",
                assertThrows(IllegalArgumentException.class, () -> SubjectAltName.parse("URI:urn:a\tb"))
                        .getMessage());
    }
}
