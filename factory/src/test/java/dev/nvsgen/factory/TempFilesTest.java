package dev.nvsgen.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFilesTest {
    @TempDir
    Path dir;

    @Test
    void namesCarryThePid() {
        assertEquals(1234, TempFiles.pidOf(".nvs.bin.nvsgen-tmp-1234"));
        assertEquals(1234, TempFiles.pidOf(".P-1.2.bin.nvsgen-tmp-1234-17"));
        assertEquals(-1, TempFiles.pidOf("nvs.bin.nvsgen-tmp-1234"), "not hidden");
        assertEquals(-1, TempFiles.pidOf(".nvs.bin.nvsgen-tmp-12a"));
        assertEquals(-1, TempFiles.pidOf(".nvs.bin.nvsgen-tmp-"));
        assertEquals(-1, TempFiles.pidOf(".nvs.bin.123.tmp"));
        long self = ProcessHandle.current().pid();
        assertEquals(
                ".out.bin.nvsgen-tmp-" + self,
                TempFiles.nameFor(Path.of("out.bin")).toString());
    }

    @Test
    void removesOnlyTheTemporariesOfProcessesThatAreGone() throws Exception {
        long dead = deadPid();
        long alive = ProcessHandle.current().parent().orElseThrow().pid();
        Path gone = Files.createFile(dir.resolve(".a.bin.nvsgen-tmp-" + dead));
        Path goneNumbered = Files.createFile(dir.resolve(".b.bin.nvsgen-tmp-" + dead + "-3"));
        Path running = Files.createFile(dir.resolve(".c.bin.nvsgen-tmp-" + alive));
        Path mine = Files.createFile(
                dir.resolve(".d.bin.nvsgen-tmp-" + ProcessHandle.current().pid()));
        Path user = Files.createFile(dir.resolve(".e.bin." + dead + ".tmp"));
        assertEquals(2, TempFiles.removeStale(dir));
        assertFalse(Files.exists(gone));
        assertFalse(Files.exists(goneNumbered));
        assertTrue(Files.exists(running) && Files.exists(mine) && Files.exists(user));
        assertEquals(0, TempFiles.removeStale(dir.resolve("missing")));
    }

    @Test
    void ownerOnlyTemporariesAreOwnerOnlyFromCreation() throws Exception {
        Path tmp = TempFiles.create(dir.resolve("k.bin"), true);
        try {
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp)));
            }
        } finally {
            Files.delete(tmp);
            TempFiles.done(tmp);
        }
    }

    /** A pid no process has: a child that has exited (pids are not reused at once). */
    static long deadPid() throws Exception {
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-version")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        return p.pid();
    }
}
