package dev.nvsgen.nvs.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.probes.SpecialFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
    @TempDir
    Path dir;

    private static String refused(Path file, long max) {
        return assertThrows(NvsInputException.class, () -> InputFiles.read(file, "in", max, "an NVS value"))
                .getMessage();
    }

    @Test
    void readsARegularFileWithinTheLimit() throws Exception {
        Path f = Files.write(dir.resolve("f"), new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, InputFiles.read(f, "f", 3, "x"));
        assertEquals("in: is 3 bytes, more than an NVS value can be (at most 2 bytes); not read", refused(f, 2));
    }

    @Test
    void aHugeFileIsRefusedBySizeWithoutReadingIt() throws Exception {
        Path big = SpecialFiles.sparse(dir.resolve("big"), 3L << 30);
        assertEquals(
                "in: is 3,221,225,472 bytes, more than an NVS value can be (at most 16 MiB); not read",
                refused(big, InputFiles.MAX_VALUE_FILE));
    }

    @Test
    void specialFilesAreRefusedBeforeTheyAreOpened() throws Exception {
        assertEquals(
                "in: is a character device, not a regular file; nvsgen reads inputs only from regular files",
                refused(SpecialFiles.devZero(), 100));
        assertEquals("in: is a folder, not a file", refused(dir, 100));
        assertEquals("in: no such file", refused(dir.resolve("missing"), 100));
        // Opening a FIFO for reading would block until a writer came: it must not even be opened.
        assertEquals(
                "in: is a FIFO (named pipe), not a regular file; nvsgen reads inputs only from regular files",
                refused(SpecialFiles.fifo(dir.resolve("fifo")), 100));
    }
}
