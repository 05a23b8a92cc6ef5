package dev.nvsgen.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.factory.RunLock;
import dev.nvsgen.nvs.NvsInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondRecordOnOneFolderIsRefusedWhileTheFirstIsOpen() throws Exception {
        // N06: two services on one folder gave one serial three identities; one record per folder.
        Path out = tmp.resolve("out");
        try (RunRecord first = RunRecord.open(out)) {
            assertTrue(Files.exists(out.resolve(RunLock.FILE_NAME)));
            NvsInputException e = assertThrows(NvsInputException.class, () -> RunRecord.open(out));
            assertTrue(
                    e.getMessage().startsWith(out + ": another nvsgen run is writing to this folder (pid "),
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertEquals(0, first.size());
        }
        assertFalse(Files.exists(out.resolve(RunLock.FILE_NAME)), "closing the record lets the next one in");
        RunRecord.open(out).close();
    }

    @Test
    void aBatchRunningInTheFolderKeepsTheRecordOut() throws Exception {
        Path out = tmp.resolve("out");
        RunLock batch = RunLock.acquire(out, "out");
        try {
            assertThrows(NvsInputException.class, () -> RunRecord.open(out));
        } finally {
            batch.close();
        }
        RunRecord.open(out).close();
    }
}
