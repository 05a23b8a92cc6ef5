package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link DirectRun} gives exactly what picocli gives for what it takes, and hands everything else over. */
class DirectRunTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void rootHelpIsExactlyWhatPicocliRenders(String option) {
        StringWriter picocli = new StringWriter();
        int status = Main.runWithPicocli(tmp, new PrintWriter(picocli), new PrintWriter(new StringWriter()), option);
        CliRun direct = CliRun.in(tmp, option);
        assertEquals(0, status);
        assertEquals(0, direct.status());
        // On failure: paste picocli's text into RootHelp.
        assertEquals(picocli.toString(), direct.out(), "RootHelp is out of date");
        assertEquals("", direct.err());
    }

    static Stream<List<String>> takenCommandLines() {
        return Stream.of(
                List.of("generate", "in.csv", "out.bin", "0x3000"),
                List.of("generate", "in.csv", "more.csv", "out.bin", "0x4000"),
                List.of("generate", "--version", "1", "in.csv", "out.bin", "0x3000"),
                List.of("generate", "--version=2", "in.csv", "out.bin", "12288"),
                List.of("generate", "--outdir", "build/nvs", "in.csv", "out.bin", "0x3000"),
                List.of("generate", "in.csv", "out.bin", "0x3000", "--outdir", "build/nvs"),
                List.of("generate", "--outdir=build", "--verbose", "in.csv", "out.bin", "0x3000"),
                List.of("generate", "in.csv", "out.bin"), // SIZE missing
                List.of("generate", "in.csv", "out.bin", "0x3001"), // not a multiple of 4096
                List.of("generate", "in.csv", "out.bin", "0x1000"), // too small
                List.of("generate", "bad.csv", "out.bin", "0x3000"), // a bad value: file, line and key
                List.of("generate", "missing.csv", "out.bin", "0x3000"),
                List.of("generate", "--verbose", "missing.csv", "out.bin", "0x3000"),
                List.of("generate", "in.csv", "in.csv", "0x3000"), // the output is an input: refused or not, alike
                List.of("generate", "in.csv", "folder", "0x3000")); // the output is a folder
    }

    /** Each command line it takes, run in two identical folders, directly and through picocli. */
    @ParameterizedTest
    @MethodSource("takenCommandLines")
    void givesWhatPicocliGives(List<String> args) throws IOException {
        String[] argv = args.toArray(String[]::new);
        Path direct = fixture(tmp.resolve("direct"));
        Path picocli = fixture(tmp.resolve("picocli"));
        Path probe = fixture(tmp.resolve("probe"));
        assertNotNull(DirectRun.tryRun(new Main(probe), sink(), sink(), argv), "DirectRun should take this line");

        CliRun a = CliRun.in(direct, argv);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.runWithPicocli(picocli, new PrintWriter(out), new PrintWriter(err), argv);
        assertEquals(status, a.status(), "exit status; " + a.err());
        assertEquals(out.toString(), a.out());
        // Stack traces (--verbose) differ in their frames; the first line is the message.
        assertEquals(
                firstLine(err.toString().replace(picocli.toString(), "DIR")),
                firstLine(a.err().replace(direct.toString(), "DIR")));
        assertEquals(CliRun.files(picocli), CliRun.files(direct));
        for (String f : CliRun.files(picocli)) {
            assertArrayEquals(Files.readAllBytes(picocli.resolve(f)), Files.readAllBytes(direct.resolve(f)), f);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "generate",
                "generate in.csv",
                "generate -h",
                "generate --help",
                "generate in.csv out.bin 0x3000 --help",
                "generate --version 3 in.csv out.bin 0x3000",
                "generate --version x in.csv out.bin 0x3000",
                "generate --version",
                "generate in.csv out.bin --version",
                "generate --version 1 --version 2 in.csv out.bin 0x3000",
                "generate --outdir a --outdir b in.csv out.bin 0x3000",
                "generate --outdir --version in.csv out.bin 0x3000",
                "generate --outdir= in.csv out.bin 0x3000",
                "generate --verbose --verbose in.csv out.bin 0x3000",
                "generate --partition-table p.csv in.csv out.bin",
                "generate --unknown in.csv out.bin 0x3000",
                "generate -- in.csv out.bin 0x3000",
                "generate @args.txt",
                "generate in.csv out.bin -1",
                "generate in.csv --outdir b out.bin 0x3000",
                "generate in.csv out.bin --verbose 0x3000",
                "--verbose generate in.csv out.bin 0x3000",
                "GENERATE in.csv out.bin 0x3000",
                "encrypt in.csv out.bin 0x3000 --keygen",
                "--help --verbose",
                "--version",
                "help generate",
                ""
            })
    void leavesEverythingElseToPicocli(String line) {
        String[] argv = line.isEmpty() ? new String[0] : line.split(" ");
        assertNull(DirectRun.tryRun(new Main(tmp), sink(), sink(), argv));
    }

    @Test
    void leavesAnEmptyArgumentToPicocli() {
        assertNull(DirectRun.tryRun(new Main(tmp), sink(), sink(), new String[] {"generate", "", "out.bin", "0x3000"}));
    }

    private static Path fixture(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("folder"));
        Files.writeString(
                dir.resolve("in.csv"),
                "key,type,encoding,value\nns,namespace,,\nn,data,u8,7\ns,data,string,hello\nb,data,hex2bin,0a0b\n");
        Files.writeString(dir.resolve("more.csv"), "key,type,encoding,value\nother,namespace,,\nx,data,i32,-5\n");
        Files.writeString(dir.resolve("bad.csv"), "key,type,encoding,value\nns,namespace,,\nk,data,u8,256\n");
        return dir;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static PrintWriter sink() {
        return new PrintWriter(new StringWriter());
    }
}
