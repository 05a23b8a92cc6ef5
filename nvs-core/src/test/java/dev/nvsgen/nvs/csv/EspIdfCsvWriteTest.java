package dev.nvsgen.nvs.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link EspIdfCsv#write}: the CSV it writes, and what it refuses to write. */
class EspIdfCsvWriteTest {

    private static NvsPartition read(String csv, FormatVersion version) {
        NvsPartition.Builder b = NvsPartition.builder(version);
        EspIdfCsv.readInto(new EspIdfRows(b, Path.of("")), "test.csv", csv);
        return b.build();
    }

    @Test
    void rowsForEveryKindOfValue() {
        NvsPartition p = NvsPartition.builder()
                .namespace("empty")
                .namespace("app")
                .put("n", NvsValue.u64(-1L))
                .put("s", NvsValue.string("a, \"quoted\"\nvalue"))
                .put("#hash", NvsValue.string(""))
                .put("b", NvsValue.blob(new byte[] {0x0A, (byte) 0xFF}))
                .put("e", NvsValue.blob(new byte[0]))
                .build();
        String csv = EspIdfCsv.write(p);
        assertEquals(
                "key,type,encoding,value\n"
                        + "empty,namespace,,\n"
                        + "app,namespace,,\n"
                        + "n,data,u64,18446744073709551615\n"
                        + "s,data,string,\"a, \"\"quoted\"\"\nvalue\"\n"
                        + "\"#hash\",data,string,\n"
                        + "b,data,hex2bin,0aff\n"
                        + "e,data,hex2bin,\n",
                csv);
        assertEquals(p, read(csv, FormatVersion.V2));
    }

    @Test
    void namespaceRowsWhereTheyAreDefinedAndWhereTheyAreReopened() {
        NvsPartition p = NvsPartition.builder()
                .namespace("a")
                .put("x", NvsValue.u8(1))
                .namespace("b")
                .put("y", NvsValue.u8(2))
                .namespace("a")
                .put("z", NvsValue.u8(3))
                .build();
        String csv = EspIdfCsv.write(p);
        assertEquals(
                "key,type,encoding,value\na,namespace,,\nx,data,u8,1\nb,namespace,,\ny,data,u8,2\n"
                        + "a,namespace,,\nz,data,u8,3\n",
                csv);
        assertEquals(p, read(csv, FormatVersion.V2));
    }

    @Test
    void wifiHelperEntriesAreLeftToTheGenerator() {
        String source = "key,type,encoding,value\nnvs.net80211,namespace,,\nsta.ssid,data,string,home\n"
                + "ap.ssid,data,string,esp\nap.passwd,data,string,secret12\nap.authmode,data,u8,3\n";
        NvsPartition p = read(source, FormatVersion.V2);
        assertTrue(p.entries().size() > 6, "the generator added its helper entries");
        String csv = EspIdfCsv.write(p);
        assertEquals(source, csv);
        assertEquals(p, read(csv, FormatVersion.V2));
    }

    @Test
    void aPartitionNoCsvCanCarryIsRefusedNamingTheEntry() {
        NvsPartition cr = NvsPartition.builder()
                .namespace("app")
                .put("text", NvsValue.string("line\r\nbreak"))
                .build();
        String message =
                assertThrows(NvsInputException.class, () -> EspIdfCsv.write(cr)).getMessage();
        assertTrue(message.contains("app/text"), message);

        NvsPartition helperMissing = NvsPartition.builder()
                .namespace("wifi")
                .put("sta.ssid", NvsValue.string("home"))
                .build();
        message = assertThrows(NvsInputException.class, () -> EspIdfCsv.write(helperMissing))
                .getMessage();
        assertTrue(message.contains("Wi-Fi helper entries"), message);
    }
}
