package dev.nvsgen.partitions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nvsgen.partitions.internal.PythonText;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Python's own answers for int(s, 0), str.splitlines and os.path.expandvars, checked by hand. */
class PythonTextTest {
    @Test
    void intWithBaseZero() {
        assertEquals(BigInteger.valueOf(0x9000), PythonText.parseInt("0x9000"));
        assertEquals(BigInteger.valueOf(0x9000), PythonText.parseInt(" 0X_90_00 "));
        assertEquals(BigInteger.valueOf(-16), PythonText.parseInt("-0x10"));
        assertEquals(BigInteger.valueOf(8), PythonText.parseInt("0o10"));
        assertEquals(BigInteger.valueOf(5), PythonText.parseInt("0b101"));
        assertEquals(BigInteger.ZERO, PythonText.parseInt("000"));
        assertEquals(BigInteger.valueOf(1000), PythonText.parseInt("1_000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "010", "0x", "1__0", "_1", "1_", "0x9000 1", "9e3", "- 1", "0x-1"})
    void notIntegers(String s) {
        assertNull(PythonText.parseInt(s));
    }

    @Test
    void splitLinesKnowsPythonsLineBreaks() {
        assertEquals(List.of("a", "b", "c", "d", ""), PythonText.splitLines("a\r\nb\rc\u000Bd\n\n"));
        assertEquals(List.of(), PythonText.splitLines(""));
    }

    @Test
    void stripUsesPythonWhitespace() {
        assertEquals("x", PythonText.strip("\u00A0\u001F x \t\u3000"));
    }

    @Test
    void expandVarsLeavesUnsetVariables() {
        Map<String, String> env = Map.of("A", "1", "B_2", "two");
        assertEquals("1-two-$C-${D}-1", PythonText.expandVars("$A-${B_2}-$C-${D}-${A}", env));
        assertEquals("C", PythonText.leadingUnsetVariable("$C,data"));
        assertNull(PythonText.leadingUnsetVariable(" $C,data"));
    }
}
