package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nvsgen.nvs.conformance.ConformanceSuite;
import dev.nvsgen.nvs.read.NvsReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GenerateCommandTest {
    @TempDir
    Path tmp;

    static Stream<ConformanceSuite.Case> generateCases() {
        return ConformanceSuite.cases("generate");
    }

    /** Each case's exact reference command line, run from a copy of its folder. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("generateCases")
    void conformance(ConformanceSuite.Case c) throws Exception {
        c.assumePresent();
        Path work = tmp.resolve(c.name());
        CliRun.copyTree(c.dir(), work);
        List<String> before = CliRun.files(work);
        CliRun run = CliRun.in(work, c.argv().toArray(String[]::new));
        switch (c.expect()) {
            case "ok" -> {
                assertEquals(0, run.status(), run.err());
                assertArrayEquals(
                        Files.readAllBytes(c.dir().resolve("expected.bin")),
                        Files.readAllBytes(work.resolve("out.bin")));
            }
            case "error" ->
                assertAll(
                        () -> assertEquals(ExitCode.INPUT, run.status(), "exit status; stderr: " + run.err()),
                        () -> assertTrue(run.err().startsWith("nvsgen generate: error: "), run.err()),
                        () -> assertEquals(
                                1, run.err().strip().lines().count(), "one line, no stack trace: " + run.err()),
                        () -> assertEquals(before, CliRun.files(work), "a failed run must leave no file behind"));
            case "semantic" -> {
                // The reference's bytes carry a defect nvsgen does not copy (nvs-core's conformance test
                // compares the entries read back); here the command must succeed with a sound image.
                assertEquals(0, run.status(), run.err());
                assertTrue(NvsReader.read(Files.readAllBytes(work.resolve("out.bin")))
                        .isSound());
            }
            case "either" -> {
                // A restriction of the reference nvsgen need not copy: accepting is fine, refusing must be clean.
                if (run.status() != 0) {
                    assertEquals(ExitCode.INPUT, run.status(), run.err());
                    assertEquals(before, CliRun.files(work), "a failed run must leave no file behind");
                }
            }
            default -> fail("unknown expect '" + c.expect() + "' in case " + c.name());
        }
    }

    @Test
    void errorNamesFileLineAndKey() throws Exception {
        Files.writeString(
                tmp.resolve("in.csv"), "key,type,encoding,value\nns,namespace,,\nok,data,u8,1\nk,data,u8,256\n");
        CliRun run = CliRun.in(tmp, "generate", "in.csv", "out.bin", "0x3000");
        assertEquals(ExitCode.INPUT, run.status());
        assertEquals(
                "nvsgen generate: error: in.csv:4: key 'k': value 256 is out of range for u8 (0 to 255)\n", run.err());
        assertFalse(Files.exists(tmp.resolve("out.bin")));
    }

    @Test
    void existingOutputIsKeptWhenTheRunFails() throws Exception {
        Files.writeString(tmp.resolve("in.csv"), "key,type,encoding,value\nns,namespace,,\nk,data,hex2bin,abc\n");
        Files.writeString(tmp.resolve("out.bin"), "previous image");
        CliRun run = CliRun.in(tmp, "generate", "in.csv", "out.bin", "0x3000");
        assertEquals(ExitCode.INPUT, run.status());
        assertTrue(run.err().contains("in.csv:3: key 'k': hex2bin value has 3 digits"), run.err());
        assertEquals("previous image", Files.readString(tmp.resolve("out.bin")));
        assertEquals(List.of("in.csv", "out.bin"), CliRun.files(tmp));
    }

    @Test
    void outdirIsCreatedAndJoinedAsTheReferenceDoes() throws Exception {
        Files.writeString(tmp.resolve("in.csv"), "key,type,encoding,value\nns,namespace,,\nk,data,u8,1\n");
        CliRun run = CliRun.in(tmp, "generate", "--outdir", "build/nvs", "in.csv", "sub/out.bin", "0x3000");
        assertEquals(0, run.status(), run.err());
        assertEquals(0x3000, Files.size(tmp.resolve("build/nvs/sub/out.bin")));
    }

    @Test
    void spreadsheetCsvWithBomAndCrlfWorks() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String crlf = "key,type,encoding,value\r\nns,namespace,,\r\ns,data,string,\"a,b\"\r\n";
        Files.write(tmp.resolve("bom.csv"), concat(bom, crlf.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(tmp.resolve("plain.csv"), crlf.replace("\r\n", "\n"));
        assertEquals(0, CliRun.in(tmp, "generate", "bom.csv", "a.bin", "0x3000").status());
        assertEquals(
                0, CliRun.in(tmp, "generate", "plain.csv", "b.bin", "0x3000").status());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a.bin")), Files.readAllBytes(tmp.resolve("b.bin")));
    }

    @Test
    void badSizeAndVersionAreRefused() {
        CliRun size = CliRun.in(tmp, "generate", "in.csv", "out.bin", "0x3100");
        assertEquals(ExitCode.INPUT, size.status());
        assertTrue(size.err().contains("partition size 0x3100 is not a multiple of 4096"), size.err());
        CliRun version = CliRun.in(tmp, "generate", "--version", "3", "in.csv", "out.bin", "0x3000");
        assertEquals(ExitCode.USAGE, version.status());
        assertTrue(version.err().contains("--version must be 1 or 2"), version.err());
        CliRun missing = CliRun.in(tmp, "generate", "in.csv", "out.bin", "0x3000");
        assertEquals(ExitCode.INPUT, missing.status());
        assertEquals("nvsgen generate: error: in.csv: no such file\n", missing.err());
    }

    @Test
    void blobsTooLargeForNvsFlashAreWrittenWithAWarning() throws Exception {
        Files.write(tmp.resolve("big.bin"), new byte[508_001]);
        Files.writeString(tmp.resolve("in.csv"), "key,type,encoding,value\nns,namespace,,\nbig,file,binary,big.bin\n");
        CliRun run = CliRun.in(tmp, "generate", "in.csv", "out.bin", "0x100000");
        assertEquals(0, run.status(), run.err());
        assertEquals(
                "nvsgen generate: warning: namespace 'ns', key 'big': a blob of 508001 bytes is larger than the 508000"
                        + " bytes nvs_flash reads; a device will not see it\n",
                run.err());
    }

    @Test
    void unwritableOutputsNameTheFileAskedFor() throws Exception {
        Files.writeString(tmp.resolve("in.csv"), "key,type,encoding,value\nns,namespace,,\nk,data,u8,1\n");
        Files.createDirectory(tmp.resolve("folder.bin"));
        CliRun folder = CliRun.in(tmp, "generate", "in.csv", "folder.bin", "0x3000");
        assertEquals(ExitCode.INPUT, folder.status());
        assertEquals("nvsgen generate: error: folder.bin: is a folder; name the file to write\n", folder.err());
        Files.writeString(tmp.resolve("file"), "");
        CliRun under = CliRun.in(tmp, "generate", "in.csv", "file/out.bin", "0x3000");
        assertEquals(ExitCode.INPUT, under.status());
        assertTrue(
                under.err()
                        .equals("nvsgen generate: error: file/out.bin: cannot be written: a file is in the way of its"
                                + " folder\n"),
                under.err());
        assertEquals(List.of("file", "in.csv"), CliRun.files(tmp));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
