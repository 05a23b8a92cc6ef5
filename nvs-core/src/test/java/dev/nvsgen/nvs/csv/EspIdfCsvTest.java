package dev.nvsgen.nvs.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EspIdfCsvTest {
    @TempDir
    Path dir;

    private NvsPartition read(String csv) throws Exception {
        return read(csv, FormatVersion.V2);
    }

    private NvsPartition read(String csv, FormatVersion version) throws Exception {
        Files.writeString(dir.resolve("in.csv"), csv);
        return EspIdfCsv.read(List.of(Path.of("in.csv")), version, dir);
    }

    private String error(String csv) {
        return assertThrows(NvsInputException.class, () -> read(csv)).getMessage();
    }

    private static String rows(String... rows) {
        return "key,type,encoding,value\nns,namespace,,\n" + String.join("\n", rows) + "\n";
    }

    @Test
    void everyEncoding() throws Exception {
        Files.write(dir.resolve("raw.bin"), new byte[] {0, 1, 2});
        Files.writeString(dir.resolve("motd.txt"), "héllo\n");
        Files.writeString(dir.resolve("cal.hex"), "0A0b\n");
        Files.writeString(dir.resolve("ratio.txt"), "-nan\n");
        NvsPartition p = read(rows(
                "a,data,u8,255",
                "b,data,i8,-128",
                "c,data,u16,65535",
                "d,data,i16,-32768",
                "e,data,u32,4294967295",
                "f,data,i32,-2147483648",
                "g,data,u64,18446744073709551615",
                "h,data,i64,-9223372036854775808",
                "fl,data,float,-0.1",
                "db,data,double, 0x1.8p1 ",
                "ff,file,double,ratio.txt",
                "s,data,string,  spaced  ",
                "x,data,hex2bin,  DEADbeef ",
                "y,data,base64,\"YW Jj\nZA==\"",
                "z,data,binary,ab",
                "fb,file,binary,raw.bin",
                "fs,file,string,motd.txt",
                "fh,file,hex2bin,cal.hex",
                "bf,data,blob_fill(4;0xee),a",
                "bsz,data,blob_sz_fill(3;0x00),ab"));
        assertEquals(
                List.of(
                        new NvsEntry("ns", "a", NvsValue.u8(255)),
                        new NvsEntry("ns", "b", NvsValue.i8(-128)),
                        new NvsEntry("ns", "c", NvsValue.u16(65535)),
                        new NvsEntry("ns", "d", NvsValue.i16(-32768)),
                        new NvsEntry("ns", "e", NvsValue.u32(4294967295L)),
                        new NvsEntry("ns", "f", NvsValue.i32(Integer.MIN_VALUE)),
                        new NvsEntry("ns", "g", NvsValue.u64(-1L)),
                        new NvsEntry("ns", "h", NvsValue.i64(Long.MIN_VALUE)),
                        new NvsEntry("ns", "fl", NvsValue.f32(-0.1f)),
                        new NvsEntry("ns", "db", NvsValue.f64(3.0)),
                        new NvsEntry("ns", "ff", NvsValue.f64Bits(0xFFF8_0000_0000_0000L)),
                        new NvsEntry("ns", "s", NvsValue.string("  spaced  ")),
                        new NvsEntry("ns", "x", blob("deadbeef")),
                        new NvsEntry("ns", "y", blob("61626364")),
                        new NvsEntry("ns", "z", blob("6162")),
                        new NvsEntry("ns", "fb", blob("000102")),
                        new NvsEntry("ns", "fs", NvsValue.string("héllo\n")),
                        new NvsEntry("ns", "fh", blob("0a0b")),
                        new NvsEntry("ns", "bf", blob("61eeeeee")),
                        new NvsEntry("ns", "bsz", blob("02000000616200"))),
                p.entries());
    }

    private static NvsValue blob(String hex) {
        return NvsValue.blob(Bytes.fromHex(hex));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            k,data,u8,256                | in.csv:3: key 'k': value 256 is out of range for u8 (0 to 255)
            k,data,i8,-129               | in.csv:3: key 'k': value -129 is out of range for i8 (-128 to 127)
            k,data,u32,0x10              | in.csv:3: key 'k': value '0x10' is not a decimal integer (hex literals are not accepted: write it in decimal)
            k,data,u16,                  | in.csv:3: key 'k': value '' is not a decimal integer
            k,data,u128,1                | in.csv:3: key 'k': unknown encoding 'u128' (expected u8, i8, u16, i16, u32, i32, u64, i64, float, double, string, hex2bin, base64, binary, blob_fill(N;0xPP) or blob_sz_fill(N;0xPP))
            k,data,HEX2BIN,00            | in.csv:3: key 'k': encoding 'HEX2BIN' must be written in lower case: 'hex2bin'
            k,data,FLOAT,1               | in.csv:3: key 'k': encoding 'FLOAT' must be written in lower case: 'float'
            k,data,float,1.5f            | in.csv:3: key 'k': value '1.5f' is not a float (write a decimal or hexadecimal literal such as 0.5, -1e-3 or 0x1.8p1, or inf, -inf, nan)
            k,data,double,NaN            | in.csv:3: key 'k': value 'NaN' is not a double (write a decimal or hexadecimal literal such as 0.5, -1e-3 or 0x1.8p1, or inf, -inf, nan)
            k,data,float,                | in.csv:3: key 'k': value '' is not a float (write a decimal or hexadecimal literal such as 0.5, -1e-3 or 0x1.8p1, or inf, -inf, nan)
            k,data,float,1e39            | in.csv:3: key 'k': value '1e39' is too large for a float (largest 3.4028235e+38); write inf for infinity
            k,data,double,nan(42)        | in.csv:3: key 'k': value 'nan(42)' is not a double: a NaN payload is written in hex, as in nan(0x1) or snan(0x1)
            k,data,hex2bin,abc           | in.csv:3: key 'k': hex2bin value has 3 digits; it needs an even number (two per byte)
            k,data,hex2bin,zz            | in.csv:3: key 'k': hex2bin value has 'z' at position 1, which is not a hex digit
            k,data,base64,YWJjZA         | in.csv:3: key 'k': base64 value has 6 characters, not a multiple of 4: its '=' padding is missing or it is cut short
            k,data,base64,YW!j           | in.csv:3: key 'k': base64 value has '!' at position 3, which is not in the base64 alphabet
            k,data,blob_fill(2;0x00),abc | in.csv:3: key 'k': value is 3 bytes, longer than the 2 that blob_fill(2;0x00) allows
            k,data,blob_fill(2),abc      | in.csv:3: key 'k': encoding 'blob_fill(2)' is malformed: write blob_fill(LENGTH;0xPP) or blob_sz_fill(LENGTH;0xPP)
            k,file,binary,missing.bin    | in.csv:3: key 'k': file 'missing.bin' does not exist
            k,file,binary,.              | in.csv:3: key 'k': file '.': is a folder, not a file
            k,dat,u8,1                   | in.csv:3: key 'k': unknown type 'dat' (expected namespace, data or file)
            abcdefghijklmnop,data,u8,1   | in.csv:3: key 'abcdefghijklmnop': key 'abcdefghijklmnop' is 16 bytes in UTF-8; at most 15 fit
            ,data,u8,1                   | in.csv:3: the key is empty
            k,data                       | in.csv:3: key 'k': no encoding given
            k,data,u8                    | in.csv:3: key 'k': the row has no value column
            """)
    void badRowsNameFileLineAndKey(String row, String message) {
        assertEquals(message, error(rows(row)));
    }

    @Test
    void keysAreCountedInUtf8Bytes() {
        assertEquals(
                "in.csv:3: key 'schlüssel_gröẞe': key 'schlüssel_gröẞe' is 19 bytes in UTF-8; at most 15 fit",
                error(rows("schlüssel_gröẞe,data,u8,1")));
    }

    @Test
    void dataBeforeAnyNamespaceIsRefused() {
        assertEquals(
                "in.csv:2: key 'k': comes before any namespace row; the first row after the header must open a namespace",
                error("key,type,encoding,value\nk,data,u8,1\n"));
    }

    @Test
    void stringLimitsPerVersion() throws Exception {
        String v2max = "a".repeat(3967);
        assertEquals(1, read(rows("s,data,string," + v2max)).entries().size());
        assertEquals(
                "in.csv:3: key 's': string for key 's' is 3969 bytes with its NUL; a string must fit one page, which holds at most 3968",
                error(rows("s,data,string," + v2max + "a")));
        assertEquals(
                "in.csv:3: key 's': string for key 's' is 1985 bytes with its NUL; format version 1 allows at most 1984",
                assertThrows(
                                NvsInputException.class,
                                () -> read(rows("s,data,string," + "a".repeat(1984)), FormatVersion.V1))
                        .getMessage());
    }

    @Test
    void headerProblems() {
        assertEquals(
                "in.csv:1: the header key,kind,encoding,value has no 'type' column; expected key,type,encoding,value",
                error("key,kind,encoding,value\nns,namespace,,\n"));
        assertEquals("in.csv:3: a quoted value opened here is never closed", error(rows("k,data,string,\"open")));
    }

    @Test
    void aFileWithNoRowsAddsNothing() throws Exception {
        NvsPartition p = read("# only a comment\n\n");
        assertEquals(List.of(), p.entries());
        assertEquals(List.of(), p.namespaces());
    }

    @Test
    void columnsAreFoundByNameAndBlankRowsSkipped() throws Exception {
        NvsPartition p = read("type,key,value,encoding\nnamespace,ns,,\n,,,\ndata,k,7,u8\n");
        assertEquals(List.of(new NvsEntry("ns", "k", NvsValue.u8(7))), p.entries());
    }

    @Test
    void reopenedNamespaceGetsTheRowsAfterIt() throws Exception {
        NvsPartition p = read(
                "key,type,encoding,value\na,namespace,,\nx,data,u8,1\nb,namespace,,\ny,data,u8,2\na,namespace,,\nz,data,u8,3\n");
        assertEquals(List.of("a", "b"), p.namespaces());
        assertEquals(new NvsEntry("a", "z", NvsValue.u8(3)), p.entries().get(2));
    }

    @Test
    void wifiStationHelperEntriesFollowTheFirstStationRowOnce() throws Exception {
        NvsPartition p = read(rows("sta.ssid,data,string,home", "sta.pswd,data,string,secret"));
        List<String> keys = p.entries().stream().map(NvsEntry::key).toList();
        assertEquals(List.of("sta.ssid", "sta.apinfo", "sta.pmk", "sta.apsw", "sta.pswd"), keys);
        byte[] apinfo = ((NvsValue.BlobValue) p.entries().get(1).value()).data().toByteArray();
        assertEquals(140, apinfo.length);
        assertEquals((byte) 0xFF, apinfo[139]);
    }

    @Test
    void softApPmkIsWrittenBeforeTheRowThatCompletesItsInputs() throws Exception {
        NvsPartition p =
                read(rows("ap.ssid,data,string,myap", "ap.passwd,data,string,password", "ap.authmode,data,u8,3"));
        assertEquals(
                List.of("ap.ssid", "ap.passwd", "ap.pmk_info", "ap.authmode"),
                p.entries().stream().map(NvsEntry::key).toList());
        byte[] info = ((NvsValue.BlobValue) p.entries().get(2).value()).data().toByteArray();
        assertEquals(132, info.length);
        // IEEE 802.11i Annex H test vector: PSK for passphrase "password", SSID "IEEE" is f42c6fc5…; here we use
        // our own SSID, so check the PBKDF2 function against that vector directly.
        assertArrayEquals(
                HexFormat.of().parseHex("f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e"),
                EspIdfRows.pbkdf2Sha1("password".getBytes(), "IEEE".getBytes(), 4096, 32));
    }

    @Test
    void nonUtf8CsvIsRefused() throws Exception {
        Files.write(dir.resolve("in.csv"), new byte[] {'k', ',', (byte) 0xE9, '\n'});
        assertEquals(
                "in.csv: is not UTF-8 text (save the CSV as UTF-8)",
                assertThrows(
                                NvsInputException.class,
                                () -> EspIdfCsv.read(List.of(Path.of("in.csv")), FormatVersion.V2, dir))
                        .getMessage());
    }
}
