package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One size syntax for every command, and sizes no ESP flash could hold refused before anything is allocated. */
class SizesTest {
    private static final String TOO_LARGE =
            " is larger than any ESP flash: at most 0x8000000 (128 MiB, the largest flash size ESP-IDF configures)"
                    + " is accepted";

    @TempDir
    Path tmp;

    @BeforeEach
    void csv() throws IOException {
        Files.writeString(tmp.resolve("nvs.csv"), "key,type,encoding,value\nns,namespace,,\nk,data,u8,1\n");
    }

    /** Every spelling of 0x3000 that nvs_partition_gen or a partition table takes makes the same image. */
    @ParameterizedTest
    @ValueSource(
            strings = {"12288", "0x3000", "0X3000", "0x3_000", "0o30000", "0b11000000000000", "12K", "12k", "0xcK"})
    void everySpellingOfASize(String size) throws IOException {
        assertEquals(
                0, CliRun.in(tmp, "generate", "nvs.csv", "ref.bin", "0x3000").status());
        CliRun run = CliRun.in(tmp, "generate", "nvs.csv", "a.bin", size);
        assertEquals(0, run.status(), run.err());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("ref.bin")), Files.readAllBytes(tmp.resolve("a.bin")));
    }

    @Test
    void megabytesToo() {
        CliRun run = CliRun.in(tmp, "generate", "nvs.csv", "a.bin", "1M");
        assertEquals(0, run.status(), run.err());
        assertEquals(1 << 20, tmp.resolve("a.bin").toFile().length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"generate", "encrypt", "mfg"})
    void aGibibyteIsRefusedNamingTheLimit(String command) throws IOException {
        Files.writeString(tmp.resolve("config.csv"), "key,type,encoding,value\nns,namespace,,\nk,data,u8\n");
        Files.writeString(tmp.resolve("values.csv"), "id,k\n1,5\n");
        List<String> argv = switch (command) {
            case "generate" -> List.of("generate", "nvs.csv", "a.bin", "0x40000000");
            case "encrypt" -> List.of("encrypt", "nvs.csv", "a.bin", "0x40000000", "--keygen");
            default -> List.of("mfg", "generate", "config.csv", "values.csv", "dev", "0x40000000");
        };
        CliRun run = CliRun.in(tmp, argv.toArray(String[]::new));
        String name = command.equals("mfg") ? "nvsgen mfg generate" : "nvsgen " + command;
        assertEquals(name + ": error: partition size '0x40000000'" + TOO_LARGE + "\n", run.err());
        assertEquals(ExitCode.INPUT, run.status());
        assertFalse(Files.exists(tmp.resolve("a.bin")));
    }

    @Test
    void theLargestNumberSaysTheMaximum() {
        CliRun run = CliRun.in(tmp, "generate", "nvs.csv", "a.bin", "0xFFFFFFFF");
        assertEquals("nvsgen generate: error: partition size '0xFFFFFFFF'" + TOO_LARGE + "\n", run.err());
        run = CliRun.in(tmp, "generate", "nvs.csv", "a.bin", "1024M");
        assertEquals("nvsgen generate: error: partition size '1024M' (1073741824 bytes)" + TOO_LARGE + "\n", run.err());
    }

    @Test
    void notANumberSaysTheForms() {
        CliRun run = CliRun.in(tmp, "generate", "nvs.csv", "a.bin", "12KB");
        assertEquals(
                "nvsgen generate: error: partition size '12KB' is not a number (give it in decimal, as 0x…, or with K"
                        + " or M: 12288, 0x3000, 12K)\n",
                run.err());
    }

    /** Out of memory (here a 128 MiB image in a 16 MiB heap) is one line, never a stack trace. */
    @Test
    void outOfMemoryIsOneLine() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx16m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of("generate", "nvs.csv", "a.bin", "128M"));
        Path log = tmp.resolve("err.log");
        Process p = new ProcessBuilder(cmd)
                .directory(tmp.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        String err = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals("nvsgen: error: out of memory; give Java more heap, e.g. NVSGEN_JAVA_OPTS=-Xmx2g\n", err);
        assertEquals(ExitCode.INPUT, p.exitValue());
        assertFalse(Files.exists(tmp.resolve("a.bin")));
    }
}
