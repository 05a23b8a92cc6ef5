package dev.nvsgen.nvs.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link CsvParser.Reader}: the streaming reader agrees with the whole-text parser, and drops blank lines as mfg_gen does. */
class CsvReaderTest {
    @Test
    void pythonQuoting() throws IOException {
        String text = "a,\"b,\"\"c\"\"\",d\r\n\"multi\nline\",x\"y\"z\n,\n";
        List<List<String>> expected =
                List.of(List.of("a", "b,\"c\"", "d"), List.of("multi\nline", "x\"y\"z"), List.of("", ""));
        assertEquals(expected, fields(CsvParser.parse(text, false)));
        assertEquals(expected, fields(stream(text, false, false)));
    }

    @Test
    void recordsKnowTheLineTheyStartOn() throws IOException {
        List<CsvParser.Record> records = stream("h\n\n  \n\"a\nb\",c\r\nd\n", false, true);
        assertEquals(
                List.of(1, 4, 6), records.stream().map(CsvParser.Record::line).toList());
        assertEquals(List.of(List.of("h"), List.of("a\nb", "c"), List.of("d")), fields(records));
    }

    @Test
    void blankLinesAreDroppedEvenInsideQuotesAsMfgGenDoes() throws IOException {
        assertEquals(List.of(List.of("a\nb", "c")), fields(stream("\"a\n \t\nb\",c\n", false, true)));
        assertEquals(List.of(List.of("a\n \t\nb", "c")), fields(stream("\"a\n \t\nb\",c\n", false, false)));
        // U+00A0 is whitespace to Python's str.isspace(), so such a line is blank too.
        assertEquals(List.of(List.of("x")), fields(stream("\u00a0\nx\n", false, true)));
    }

    @Test
    void byteOrderMarkIsDropped() throws IOException {
        assertEquals(List.of(List.of("k", "v")), fields(stream("\uFEFFk,v\n", false, false)));
    }

    @Test
    void unclosedQuoteNamesItsLine() {
        CsvParser.MalformedCsvException e =
                assertThrows(CsvParser.MalformedCsvException.class, () -> stream("a\n\"b,\nc\n", false, false));
        assertEquals(2, e.line());
        assertEquals("a quoted value opened here is never closed", e.getMessage());
    }

    static LongStream seeds() {
        return LongStream.range(0, 300).map(i -> 0x5eedL * 31 + i);
    }

    /** The streaming reader and the whole-text parser agree on any text. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void streamingReaderMatchesParse(long seed) throws IOException {
        String text = randomCsv(new Random(seed));
        for (boolean comments : new boolean[] {false, true}) {
            Object whole;
            Object streamed;
            try {
                whole = CsvParser.parse(text, comments);
            } catch (CsvParser.MalformedCsvException e) {
                whole = e.line() + ": " + e.getMessage();
            }
            try {
                streamed = stream(text, comments, false);
            } catch (CsvParser.MalformedCsvException e) {
                streamed = e.line() + ": " + e.getMessage();
            }
            assertEquals(whole, streamed, "seed " + seed + ", comments " + comments + ", text " + escape(text));
        }
    }

    /** Dropping blank lines while streaming is parsing the text with those lines taken out. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void blankLineDroppingIsLineRemoval(long seed) throws IOException {
        String text = randomCsv(new Random(seed));
        StringBuilder kept = new StringBuilder();
        for (String line : text.split("\r\n|\r|\n", -1)) {
            if (!CsvParser.isPythonSpace(line)) {
                kept.append(line).append('\n');
            }
        }
        Object expected;
        Object actual;
        try {
            expected = fields(CsvParser.parse(kept.toString(), false));
        } catch (IllegalArgumentException e) {
            expected = "error";
        }
        try {
            actual = fields(stream(text, false, true));
        } catch (IllegalArgumentException e) {
            actual = "error";
        }
        assertEquals(expected, actual, "seed " + seed + ", text " + escape(text));
    }

    private static String randomCsv(Random r) {
        String[] pieces = {"a", "bc", ",", "\"", "\"\"", "\n", "\r\n", "\r", " ", "\t", "#", "é", "  \n", ",,"};
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(40); i > 0; i--) {
            b.append(pieces[r.nextInt(pieces.length)]);
        }
        return b.toString();
    }

    private static List<CsvParser.Record> stream(String text, boolean comments, boolean blank) throws IOException {
        List<CsvParser.Record> out = new ArrayList<>();
        try (CsvParser.Reader reader = new CsvParser.Reader(new StringReader(text), comments, blank)) {
            for (CsvParser.Record r = reader.next(); r != null; r = reader.next()) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<List<String>> fields(List<CsvParser.Record> records) {
        return records.stream().map(CsvParser.Record::fields).toList();
    }

    private static String escape(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }
}
