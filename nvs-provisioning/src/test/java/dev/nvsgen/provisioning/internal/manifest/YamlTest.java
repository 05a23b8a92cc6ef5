package dev.nvsgen.provisioning.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nvsgen.nvs.NvsInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlTest {
    @Test
    void nodesKnowTheirLineAndPath() {
        Yaml.Mapping root = Yaml.parse("# comment\na:\n  b: 0x10\n  c: [x, 007]\n  d:\n", "m.yaml")
                .asMapping();
        Yaml.Mapping a = root.require("a").asMapping();
        Yaml.Scalar b = a.require("b").asScalar();
        assertEquals("0x10", b.text(), "scalars stay as written");
        assertEquals("m.yaml:3: a.b", b.where().toString());
        Yaml.Sequence c = a.require("c").asSequence();
        assertEquals("007", c.items().get(1).asScalar().text());
        assertEquals("a.c[1]", c.items().get(1).where().path());
        assertEquals(2, a.where().line(), "a mapping is where its field is named");
        assertNull(a.require("d").asScalar().text());
    }

    @Test
    void unknownFieldsNameTheNearestKnownOne() {
        Yaml.Mapping m = Yaml.parse("top:\n  sise: 1\n", "m.yaml")
                .asMapping()
                .require("top")
                .asMapping();
        NvsInputException e = assertThrows(NvsInputException.class, () -> m.only("size", "version"));
        assertEquals("m.yaml:2: unknown field 'sise' of top (did you mean 'size'?)", e.getMessage());
        Yaml.Mapping far = Yaml.parse("zzzzzz: 1\n", "m.yaml").asMapping();
        NvsInputException f = assertThrows(NvsInputException.class, () -> far.only(List.of("size", "version")));
        assertEquals("m.yaml:1: unknown field 'zzzzzz' (expected size, version)", f.getMessage());
    }

    @Test
    void duplicateFieldsAreRefused() {
        NvsInputException e =
                assertThrows(NvsInputException.class, () -> Yaml.parse("a:\n  x: 1\n  y: 2\n  x: 3\n", "m.yaml"));
        assertEquals("m.yaml:4: field 'x' is given twice in a (first on line 2)", e.getMessage());
    }

    @Test
    void syntaxErrorsGiveTheLineAndTheProblem() {
        NvsInputException e = assertThrows(NvsInputException.class, () -> Yaml.parse("a: [1, 2\nb: c\n", "m.yaml"));
        assertEquals(
                "m.yaml:2: not valid YAML: while parsing a flow sequence; expected ',' or ']', but got :",
                e.getMessage());
        assertEquals(
                "m.yaml: the file is empty",
                assertThrows(NvsInputException.class, () -> Yaml.parse("# nothing\n", "m.yaml"))
                        .getMessage());
    }

    @Test
    void wrongKindsOfNodeAreNamed() {
        Yaml.Mapping m = Yaml.parse("a: [1]\nb: text\n", "m.yaml").asMapping();
        assertEquals(
                "m.yaml:1: a: expected a single value, found a list",
                assertThrows(NvsInputException.class, () -> m.require("a").asScalar())
                        .getMessage());
        assertEquals(
                "m.yaml:2: b: expected fields (name: value), found the value 'text'",
                assertThrows(NvsInputException.class, () -> m.require("b").asMapping())
                        .getMessage());
        assertEquals(
                "m.yaml:1: field 'c' is missing",
                assertThrows(NvsInputException.class, () -> m.require("c")).getMessage());
        assertEquals(
                "m.yaml:1: give only one of a, b",
                assertThrows(NvsInputException.class, () -> m.oneOf("a", "b")).getMessage());
    }
}
