package dev.nvsgen.nvs.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    /** A temporary file a crashed run with this pid left, readable by all, is not reused for key material. */
    @Test
    void anOwnerOnlyFileIsWrittenThroughAFreshTemporaryFile() throws Exception {
        Path target = dir.resolve("keys.bin");
        Path leftover = AtomicFiles.tempNameFor(target);
        Files.write(leftover, new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-r--r--"));

        AtomicFiles.writeInFolder(target, new byte[] {9, 8}, true);

        assertArrayEquals(new byte[] {9, 8}, Files.readAllBytes(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertTrue(Files.notExists(leftover));
    }
}
