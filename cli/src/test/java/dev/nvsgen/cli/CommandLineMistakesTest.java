package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A mistyped option or command is named, with the nearest one nvsgen has, on every path a command line takes. */
class CommandLineMistakesTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void csv() throws IOException {
        Files.writeString(tmp.resolve("nvs.csv"), "key,type,encoding,value\nns,namespace,,\nk,data,u8,1\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "generate nvs.csv a.bin 0x3000 --outidr x | nvsgen generate: unknown option '--outidr' (did you mean '--outdir'?)",
                "generate nvs.csv a.bin 0x3000 -outdir x  | nvsgen generate: unknown option '-outdir' (did you mean '--outdir'?)",
                "generate --outidr x nvs.csv a.bin 0x3000 | nvsgen generate: unknown option '--outidr' (did you mean '--outdir'?)",
                "generate --outidr=x nvs.csv a.bin 0x3000 | nvsgen generate: unknown option '--outidr' (did you mean '--outdir'?)",
                "generate nvs.csv a.bin 0x3000 --froce    | nvsgen generate: unknown option '--froce' (did you mean '--force'?)",
                "genrate nvs.csv a.bin 0x3000             | nvsgen: unknown command 'genrate' (did you mean 'generate'?)",
                "xyzzy                                    | nvsgen: unknown command 'xyzzy' (commands: generate, encrypt, decrypt,"
                        + " generate-key, mfg, matter-mfg, partitions, secure-cert, dump, verify, batch, espsecure, help)",
                "mfg genrate                              | nvsgen mfg: unknown command 'genrate' (did you mean 'generate'?)",
                "mfg generate v.csv c.csv p 0x3000 --prefix-nm 1 | nvsgen mfg generate: unknown option '--prefix-nm' (did you"
                        + " mean '--prefix-num'?)",
                "dump --formt json a.bin                  | nvsgen dump: unknown option '--formt' (did you mean '--format'?)",
                "encrypt nvs.csv a.bin 0x3000 --keygne    | nvsgen encrypt: unknown option '--keygne' (did you mean '--keygen'?)",
                "partitions t.csv --flsh-size 4MB         | nvsgen partitions: unknown option '--flsh-size' (did you mean"
                        + " '--flash-size'?)",
                "generate nvs.csv a.bin 0x3000 --zzzzzzzz | nvsgen generate: unknown option '--zzzzzzzz'",
            })
    void namesTheMistake(String line, String expected) {
        String[] argv = line.strip().split(" +");
        CliRun run = CliRun.in(tmp, argv);
        String command = expected.substring(0, expected.indexOf(':'));
        assertEquals(expected + "\nTry '" + command + " --help' for more information.\n", run.err());
        assertEquals(ExitCode.USAGE, run.status());
        // The same without the fast path: every command line through picocli.
        StringWriter err = new StringWriter();
        int status = Main.runWithPicocli(tmp, new PrintWriter(new StringWriter()), new PrintWriter(err), argv);
        assertEquals(run.err(), err.toString());
        assertEquals(ExitCode.USAGE, status);
    }

    @Test
    void anOptionsValueMayLookLikeAnOption() {
        // --outdir takes "-x" as its value here; the error is then about the folder, not an unknown option.
        CliRun run = CliRun.in(tmp, "generate", "--partition", "-x", "nvs.csv", "a.bin", "0x3000");
        assertEquals(ExitCode.USAGE, run.status(), run.err());
        assertEquals(false, run.err().contains("unknown option"), run.err());
    }

    @Test
    void editDistanceCountsASwapAsOneStep() {
        assertEquals(1, UnknownArguments.distance("--outidr", "--outdir"));
        assertEquals(1, UnknownArguments.distance("-outdir", "--outdir"));
        assertEquals(1, UnknownArguments.distance("genrate", "generate"));
        assertEquals(3, UnknownArguments.distance("abc", ""));
        assertEquals(0, UnknownArguments.distance("same", "same"));
    }
}
