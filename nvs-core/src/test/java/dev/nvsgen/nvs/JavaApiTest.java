package dev.nvsgen.nvs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.csv.EspIdfCsv;
import dev.nvsgen.nvs.read.NvsImage;
import dev.nvsgen.nvs.read.NvsReader;
import org.junit.jupiter.api.Test;

/** What a Java developer reaches for: CSV from memory, values by namespace and key, no casts. */
class JavaApiTest {
    private static final String CSV = """
            key,type,encoding,value
            app,namespace,,
            name,data,string,dev-1
            count,data,u16,512
            big,data,u64,18446744073709551615
            ratio,data,float,0.5
            blob,data,hex2bin,0102ff
            """;

    @Test
    void pageCountsBeyondAnyFlashAreRefusedWithoutOverflowing() {
        assertEquals(3, PartitionSize.ofPages(3).pages());
        assertEquals(
                "partition size of 2147483647 pages (8796093018112 bytes) is larger than any ESP flash: at most"
                        + " 0x8000000 (128 MiB, the largest flash size ESP-IDF configures) is accepted",
                assertThrows(NvsInputException.class, () -> PartitionSize.ofPages(Integer.MAX_VALUE))
                        .getMessage());
        assertEquals(
                "partition size of -1 pages: a page count is never negative",
                assertThrows(NvsInputException.class, () -> PartitionSize.ofPages(-1))
                        .getMessage());
    }

    @Test
    void malformedTextIsRefusedNotStoredAsAQuestionMark() {
        assertEquals(
                "string value is not valid text: an unpaired surrogate U+D800 at index 1 cannot be stored as UTF-8",
                assertThrows(NvsInputException.class, () -> NvsValue.string("a\uD800b"))
                        .getMessage());
        assertThrows(NvsInputException.class, () -> NvsValue.string("ab\uDC00"));
        assertThrows(NvsInputException.class, () -> NvsValue.string("\uD83D"));
        assertEquals("a\uD83D\uDE00b", NvsValue.string("a\uD83D\uDE00b").text());
    }

    @Test
    void csvFromMemoryReadsBackByNamespaceAndKey() {
        NvsImage image = NvsReader.read(EspIdfCsv.parse(CSV).toImage(PartitionSize.parse("0x3000")));
        assertEquals("dev-1", image.get("app", "name").orElseThrow().asString());
        assertEquals(512, image.get("app", "count").orElseThrow().asInt());
        assertEquals(0.5, image.get("app", "ratio").orElseThrow().asDouble());
        assertArrayEquals(
                new byte[] {1, 2, (byte) 0xff},
                image.get("app", "blob").orElseThrow().asBytes());
        assertTrue(image.get("app", "missing").isEmpty());
        assertTrue(image.get("other", "name").isEmpty());
    }

    @Test
    void aValueOfAnotherTypeSaysWhatItIs() {
        NvsImage image = NvsReader.read(EspIdfCsv.parse(CSV).toImage(PartitionSize.parse("0x3000")));
        assertEquals(
                "the value is a u16, not a string",
                assertThrows(
                                IllegalStateException.class,
                                () -> image.get("app", "count").orElseThrow().asString())
                        .getMessage());
        assertEquals(
                "the u64 18446744073709551615 does not fit a long; use bigValue()",
                assertThrows(
                                IllegalStateException.class,
                                () -> image.get("app", "big").orElseThrow().asLong())
                        .getMessage());
    }

    @Test
    void badRowsNameTheTextAndLine() {
        NvsInputException e = assertThrows(
                NvsInputException.class,
                () -> EspIdfCsv.parse("key,type,encoding,value\napp,namespace,,\nn,data,u8,300\n"));
        assertTrue(e.getMessage().startsWith("csv:3: key 'n': "), e.getMessage());
        assertEquals("csv", e.file().orElseThrow());
        assertEquals(3, e.line().orElseThrow());
        assertEquals("app", e.namespace().orElseThrow());
        assertEquals("n", e.key().orElseThrow());
    }
}
