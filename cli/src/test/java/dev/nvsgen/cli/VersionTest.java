package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--version",
                "-V",
                "generate --version",
                "generate -V",
                "encrypt --version",
                "decrypt --version",
                "generate-key --version",
                "mfg --version",
                "mfg generate --version",
                "mfg generate -V",
                "partitions --version",
                "dump --version",
                "verify -V",
                "batch --version"
            })
    void everyCommandPrintsTheToolVersion(String commandLine) {
        CliRun run = CliRun.in(tmp, commandLine.split(" "));
        assertEquals(ExitCode.OK, run.status(), run.err());
        String first = run.out().lines().findFirst().orElse("");
        // The build writes version.properties before the tests run, so this is the real version.
        assertTrue(first.matches("nvsgen \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?( \\(commit [0-9a-f]{7,40}\\))?"), first);
        assertTrue(run.out().contains("Java " + System.getProperty("java.version")), run.out());
        assertEquals("", run.err());
    }

    @Test
    void formatVersionStillTakesItsValue() {
        CliRun run = CliRun.in(tmp, "generate", "--version", "3", "in.csv", "out.bin", "0x3000");
        assertEquals(ExitCode.USAGE, run.status());
        assertTrue(run.err().contains("--version must be 1 or 2"), run.err());
    }

    @Test
    void describesVersionAndCommitWhenKnown() {
        assertEquals(
                "nvsgen 1.2.0 (commit 0123456789ab)",
                VersionProvider.describe(Map.of("version", "1.2.0", "commit", "0123456789ab")));
        assertEquals("nvsgen 1.2.0", VersionProvider.describe(Map.of("version", "1.2.0", "commit", "")));
        assertEquals("nvsgen (development build)", VersionProvider.describe(Map.of()));
    }
}
