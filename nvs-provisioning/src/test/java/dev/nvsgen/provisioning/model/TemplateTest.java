package dev.nvsgen.provisioning.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.credentials.DistinguishedName;
import dev.nvsgen.nvs.NvsInputException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateTest {
    static final Origin AT = Origin.of("m.yaml", 7, "x.value");

    @Test
    void placeholdersAreFilledFromTheRow() {
        Template t = Template.parse("dev-${serial}/${ region }-$${literal}-$5", AT);
        assertEquals(Set.of("serial", "region"), t.columns());
        assertEquals("dev-SN1/EU-${literal}-$5", t.render(Map.of("serial", "SN1", "region", "EU")));
        assertTrue(Template.parse("plain", AT).isConstant());
        assertEquals(List.of("serial"), Template.parse("${serial}", AT).names());
    }

    @Test
    void malformedPlaceholdersAreRefusedWhereTheyAre() {
        assertEquals(
                "m.yaml:7: x.value: '${' at position 3 of 'ab${serial' is never closed with '}'",
                assertThrows(NvsInputException.class, () -> Template.parse("ab${serial", AT))
                        .getMessage());
        assertEquals(
                "m.yaml:7: x.value: '${1x}' does not name a column (letters, digits, '_', '-', '.')",
                assertThrows(NvsInputException.class, () -> Template.parse("${1x}", AT))
                        .getMessage());
    }

    /** Whatever a column holds, it becomes one attribute of the subject, unchanged. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void subjectValuesStayOneAttributeWhateverTheyHold(long seed) throws Exception {
        Random r = new Random(seed);
        String alphabet = "abcXYZ019 ,+\"\\<>;#=é$";
        Subject subject = Subject.parse("CN=${v},OU=a\\,b,O=x", AT);
        for (int n = 0; n < 200; n++) {
            StringBuilder v = new StringBuilder();
            int len = 1 + r.nextInt(12);
            for (int i = 0; i < len; i++) {
                v.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String value = v.toString();
            // Read back from the encoded name, not through a DN string parser (JNDI's LdapName misreads a
            // value that ends in a backslash).
            List<DistinguishedName.Attribute> attributes =
                    subject.render(Map.of("v", value)).attributes();
            assertEquals(
                    List.of(
                            new DistinguishedName.Attribute("2.5.4.3", value),
                            new DistinguishedName.Attribute("2.5.4.11", "a,b"),
                            new DistinguishedName.Attribute("2.5.4.10", "x")),
                    attributes,
                    "seed " + seed + ", value [" + value + "]");
        }
    }

    @Test
    void badSubjectsAreRefusedAtTheirLine() {
        assertEquals(
                "m.yaml:7: x.value: subject 'CN=a+UID=b': multi-valued names (+) are not supported;"
                        + " write \\+ for a plus sign",
                assertThrows(NvsInputException.class, () -> Subject.parse("CN=a+UID=b", AT))
                        .getMessage());
        assertEquals(
                "m.yaml:7: x.value: subject 'CN=a,junk': 'junk' is not TYPE=value (e.g. CN=${serial},O=Example)",
                assertThrows(NvsInputException.class, () -> Subject.parse("CN=a,junk", AT))
                        .getMessage());
        assertTrue(assertThrows(NvsInputException.class, () -> Subject.parse("XX=${serial}", AT))
                .getMessage()
                .startsWith("m.yaml:7: x.value: subject 'XX=${serial}': unknown attribute type 'XX'"));
        assertEquals(
                List.of("serial"),
                Subject.parse("CN=${serial}", AT).templates().get(0).names());
    }
}
