package dev.nvsgen.nvs.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The records Python's csv module gives for the same text, as nvs_partition_gen feeds it. */
class CsvParserTest {
    private static List<List<String>> fields(String text) {
        return CsvParser.parse(text, true).stream()
                .map(CsvParser.Record::fields)
                .toList();
    }

    @Test
    void plainAndQuotedFields() {
        assertEquals(List.of(List.of("a", "b", "", "d")), fields("a,b,,d\n"));
        assertEquals(List.of(List.of("x", "a,b", "say \"hi\"")), fields("x,\"a,b\",\"say \"\"hi\"\"\"\n"));
        assertEquals(List.of(List.of("a", "")), fields("a,\n"));
    }

    @Test
    void quotedValuesSpanLinesAndKeepTheirNewlines() {
        List<CsvParser.Record> r = CsvParser.parse("k,\"one\r\ntwo\"\r\nnext,1\r\n", true);
        assertEquals(List.of("k", "one\ntwo"), r.get(0).fields());
        assertEquals(1, r.get(0).line());
        assertEquals(3, r.get(1).line());
    }

    @Test
    void commentLinesAreDroppedEvenInsideQuotes() {
        assertEquals(List.of(List.of("k", "a\nc")), fields("# header comment\nk,\"a\n# dropped\nc\"\n"));
        assertEquals(
                List.of(List.of("#k", "1")),
                CsvParser.parse("#k,1\n", false).stream()
                        .map(CsvParser.Record::fields)
                        .toList());
        assertEquals(List.of(List.of("k", "v # not a comment")), fields("k,v # not a comment\n"));
    }

    @Test
    void pythonQuirksOfTheExcelDialect() {
        assertEquals(List.of(List.of("a\"b\"", "c")), fields("a\"b\",c\n"), "a quote inside an unquoted field is text");
        assertEquals(List.of(List.of("ab c", "d")), fields("\"ab\" c,d\n"), "text after a closing quote is kept");
        assertEquals(List.of(List.of(" \"x\"")), fields(" \"x\"\n"), "a quote after a space does not open quoting");
    }

    @Test
    void blankLinesLineEndingsAndBom() {
        List<CsvParser.Record> r = CsvParser.parse("\uFEFFa,b\r\n\r\n\rc,d", true);
        assertEquals(List.of("a", "b"), r.get(0).fields());
        assertEquals(List.of(), r.get(1).fields());
        assertEquals(List.of(), r.get(2).fields());
        assertEquals(List.of("c", "d"), r.get(3).fields());
        assertEquals(4, r.get(3).line());
    }

    @Test
    void unterminatedQuoteIsAnError() {
        CsvParser.MalformedCsvException e = assertThrows(
                CsvParser.MalformedCsvException.class, () -> CsvParser.parse("k,v\nx,\"open\nmore\n", true));
        assertEquals(2, e.line());
        assertEquals("a quoted value opened here is never closed", e.getMessage());
    }
}
