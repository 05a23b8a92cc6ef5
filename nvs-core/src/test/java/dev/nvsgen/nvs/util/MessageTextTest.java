package dev.nvsgen.nvs.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nvsgen.nvs.NvsInputException;
import org.junit.jupiter.api.Test;

/** Control characters from the input never split a message's one line (issue 22). */
class MessageTextTest {
    @Test
    void plainTextIsItself() {
        String s = "values.csv:7: key 'serial': Grüße, 'a\\nb'";
        assertSame(s, MessageText.oneLine(s));
        assertEquals(-1, MessageText.firstControl(s));
    }

    @Test
    void everyControlCharacterIsWrittenOut() {
        assertEquals(
                "a\\nb\\rc\\td\\x01e\\x7ff\\x9bg\\u2028h\\x00\\x1b[2J",
                MessageText.oneLine("a\nb\rc\td\u0001e\u007Ff\u009Bg\u2028h\u0000\u001B[2J"));
        assertEquals(1, MessageText.firstControl("a\nb"));
    }

    @Test
    void anExceptionsMessageIsOneLine() {
        NvsInputException e = new NvsInputException("devices.csv:3: column 'ou': 'Sales\nroot' is bad");
        assertEquals("devices.csv:3: column 'ou': 'Sales\\nroot' is bad", e.getMessage());
    }
}
