package dev.nvsgen.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.NvsInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondRunIsRefusedNamingTheHolder() {
        RunLock first = RunLock.acquire(dir, "out");
        try {
            String message = assertThrows(NvsInputException.class, () -> RunLock.acquire(dir, "out"))
                    .getMessage();
            assertTrue(
                    message.matches("out: another nvsgen run is writing to this folder \\(pid "
                            + ProcessHandle.current().pid()
                            + " on .+, started \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\); wait for it to finish,"
                            + " or choose another output folder"),
                    message);
        } finally {
            first.close();
        }
        assertFalse(Files.exists(dir.resolve(RunLock.FILE_NAME)), "the lock file goes with the run");
        RunLock.acquire(dir, "out").close();
    }

    @Test
    void aCrashedRunsLockFileIsTakenOverAndAFolderMadeForNothingIsRemoved() throws Exception {
        Files.writeString(dir.resolve(RunLock.FILE_NAME), "pid 1 on elsewhere, started long ago (1)\n");
        RunLock.acquire(dir, "out").close();
        Path fresh = dir.resolve("a/b");
        RunLock.acquire(fresh, "a/b").close();
        assertFalse(Files.exists(dir.resolve("a")));
    }

    @Test
    void fingerprintsSayWhatChanged() {
        RunFingerprint a = RunFingerprint.builder()
                .text("the values", "1")
                .text("the options", "x")
                .build();
        RunFingerprint b = RunFingerprint.builder()
                .text("the values", "2")
                .text("the options", "x")
                .build();
        assertEquals(List.of(), a.changedSince(RunFingerprint.parse(a.lines())));
        assertEquals(List.of("the values"), b.changedSince(a));
        assertEquals(a.digest(), RunFingerprint.parse(a.lines()).digest());
    }
}
