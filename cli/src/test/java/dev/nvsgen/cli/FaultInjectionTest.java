package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.NvsEncryption;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.nvs.read.NvsImage;
import dev.nvsgen.nvs.read.NvsReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault injection: nvsgen in child JVMs killed with SIGTERM (what Ctrl-C does) and SIGKILL while they
 * write, then run again and compared with an uninterrupted run; two runs started together into one
 * folder. Bounded: a few dozen small devices, each child at most a minute (a few seconds in practice).
 */
class FaultInjectionTest {
    private static final int DEVICES = 24;
    private static final String TMP = ".nvsgen-tmp-";

    @TempDir
    Path tmp;

    private Path folder(String name) throws IOException {
        return Files.createDirectories(tmp.resolve(name));
    }

    private static List<String> temporaries(Path dir) {
        return FolderSnapshot.of(dir).named(TMP);
    }

    @ParameterizedTest(name = "SIGKILL={0}")
    @ValueSource(booleans = {false, true})
    void anInterruptedGenerateLeavesNothingAndTheNextRunClearsAKilledOnesTemporary(boolean sigkill) throws Exception {
        Path work = folder("work");
        Files.writeString(work.resolve("a.csv"), "key,type,encoding,value\nns,namespace,,\nk,data,u8,1\n");
        FolderSnapshot before = FolderSnapshot.of(work);
        ChildRun child = ChildRun.start(work, tmp.resolve("log"), 60_000, "generate", "a.csv", "nvs.bin", "0x3000");
        assertTrue(child.await(() -> !temporaries(work).isEmpty()), child.err());
        int status = child.kill(sigkill);
        if (!sigkill) {
            assertEquals(143, status, "SIGTERM ends the JVM with 128+15; stderr: " + child.err());
            assertEquals(before, FolderSnapshot.of(work), "no temporary file, no output: as before the run");
            assertEquals("", child.err());
            return;
        }
        assertEquals(137, status);
        assertEquals(1, temporaries(work).size(), "kill -9 leaves the temporary file, named with the pid");
        assertTrue(
                temporaries(work).get(0).endsWith(TMP + child.pid() + "-1"),
                temporaries(work).toString());
        CliRun next = CliRun.in(work, "generate", "a.csv", "nvs.bin", "0x3000");
        assertEquals(0, next.status(), next.err());
        assertEquals(List.of(), temporaries(work), "the next run in the folder removed the dead run's temporary");
    }

    private void factory(Path dir, int devices) throws IOException {
        Files.writeString(dir.resolve("config.csv"), "factory,namespace,\nserial,data,string\nrev,data,u8\n");
        StringBuilder values = new StringBuilder("serial,rev\n");
        for (int i = 1; i <= devices; i++) {
            values.append("SN").append(i).append(',').append(i % 200).append('\n');
        }
        Files.writeString(dir.resolve("values.csv"), values);
    }

    private static final String[] MFG = {
        "mfg", "generate", "config.csv", "values.csv", "P", "0x3000", "--fileid", "serial", "--threads", "1", "-q"
    };

    private static String[] mfg(String... more) {
        List<String> args = new ArrayList<>(List.of(MFG));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static long recorded(Path progress) {
        try {
            return Files.exists(progress)
                    ? Files.readAllLines(progress).stream()
                            .filter(l -> l.startsWith("device,"))
                            .count()
                    : 0;
        } catch (IOException e) {
            return 0; // being replaced at this moment
        }
    }

    /** Every file of the tree, by relative path, with its bytes' digest and mode. */
    private static Map<String, String> tree(Path dir, String... leaveOut) {
        Map<String, String> m = new TreeMap<>(FolderSnapshot.of(dir).entries());
        for (String name : leaveOut) {
            m.remove(name);
        }
        return m;
    }

    @ParameterizedTest(name = "SIGKILL={0}")
    @ValueSource(booleans = {false, true})
    void anInterruptedMfgRunResumesToExactlyWhatAnUninterruptedOneWrites(boolean sigkill) throws Exception {
        Path reference = folder("reference");
        factory(reference, DEVICES);
        CliRun whole = CliRun.in(reference, MFG);
        assertEquals(0, whole.status(), whole.err());

        Path work = folder("work");
        factory(work, DEVICES);
        Path progress = work.resolve("P-progress.csv");
        ChildRun child = ChildRun.start(work, tmp.resolve("log"), 120, mfg());
        assertTrue(child.await(() -> recorded(progress) >= 4), child.err());
        int status = child.kill(sigkill);
        assertEquals(sigkill ? 137 : 143, status, child.err());
        if (!sigkill) {
            assertEquals(List.of(), temporaries(work), "SIGTERM leaves no temporary file");
            String err = child.err();
            assertEquals(1, err.lines().count(), err);
            assertTrue(
                    err.matches("nvsgen mfg generate: interrupted: \\d+ of " + DEVICES
                            + " images written and recorded in P-progress.csv; run the same command with --resume to"
                            + " finish\\n"),
                    err);
        }
        assertTrue(recorded(progress) < DEVICES, "interrupted mid-run");

        // Without --resume the folder is left as it is (a dead run's temporaries and lock file aside).
        Map<String, String> before = tree(work, ".nvsgen.lock");
        before.keySet().removeIf(n -> n.contains(TMP));
        CliRun plain = CliRun.in(work, MFG);
        assertEquals(ExitCode.INPUT, plain.status());
        assertEquals(
                "nvsgen mfg generate: error: P-progress.csv records an unfinished run of P: --resume finishes it,"
                        + " --force starts over\n",
                plain.err());
        assertEquals(before, tree(work));

        // A resume with other values would mix two configurations.
        String values = Files.readString(work.resolve("values.csv"));
        Files.writeString(work.resolve("values.csv"), values.replace("SN3,3", "SN3,4"));
        CliRun changed = CliRun.in(work, mfg("--resume"));
        assertEquals(ExitCode.INPUT, changed.status());
        assertEquals(
                "nvsgen mfg generate: error: P-progress.csv: cannot resume: the values file values.csv differs from"
                        + " the interrupted run's; resume with what it had, or start over with --force\n",
                changed.err());
        Files.writeString(work.resolve("values.csv"), values);

        CliRun resumed = CliRun.in(work, mfg("--resume"));
        assertEquals(0, resumed.status(), resumed.err());
        assertEquals(tree(reference), tree(work), "byte for byte what the uninterrupted run wrote, and nothing else");
    }

    @Test
    void anInterruptedKeygenRunCanBeFinishedAndEveryImageOpensWithItsKeys() throws Exception {
        Path work = folder("work");
        factory(work, 12);
        Path progress = work.resolve("P-progress.csv");
        ChildRun child = ChildRun.start(work, tmp.resolve("log"), 100, mfg("--keygen"));
        assertTrue(child.await(() -> recorded(progress) >= 3), child.err());
        assertEquals(137, child.kill(true));
        CliRun resumed = CliRun.in(work, mfg("--keygen", "--resume"));
        assertEquals(0, resumed.status(), resumed.err());
        List<String> summary = Files.readAllLines(work.resolve("P-summary.csv"));
        assertEquals(13, summary.size(), summary.toString());
        for (int i = 1; i <= 12; i++) {
            Path keys = work.resolve("keys/keys-P-SN" + i + ".bin");
            if (!FolderSnapshot.mode(keys).equals("?")) {
                assertEquals("rw-------", FolderSnapshot.mode(keys));
            }
            byte[] image = NvsEncryption.decrypt(
                    Files.readAllBytes(work.resolve("bin/P-SN" + i + ".bin")), NvsKeys.read(keys, keys.toString()));
            NvsImage read = NvsReader.read(image, null);
            assertTrue(read.findings().isEmpty(), read.findings().toString());
            assertEquals(2, read.entries().size());
        }
        assertEquals(List.of(), temporaries(work));
        assertTrue(Files.notExists(progress));
    }

    @Test
    void twoRunsStartedTogetherIntoOneFolder() throws Exception {
        Path work = folder("work");
        factory(work, 8);
        // Started at the same moment: the lock, not the timing, decides. The run that gets it takes about
        // five seconds (8 devices, two files each, each file held 300 ms), far longer than a JVM's start.
        ChildRun first = ChildRun.start(work, tmp.resolve("log1"), 300, mfg("--force"));
        ChildRun second = ChildRun.start(work, tmp.resolve("log2"), 300, mfg("--force"));
        int a = first.exitStatus();
        int b = second.exitStatus();
        ChildRun refused = a == 0 ? second : first;
        assertEquals(List.of(0, ExitCode.INPUT), List.of(Math.min(a, b), Math.max(a, b)), first.err() + second.err());
        String other = "pid " + (a == 0 ? first.pid() : second.pid());
        assertTrue(
                refused.err()
                        .matches("nvsgen mfg generate: error: \\.: another nvsgen run is writing to this folder \\("
                                + other + " on .+, started \\S+\\); wait for it to finish, or choose another output"
                                + " folder\\n"),
                refused.err());
        // The run that went through is whole: every image is the one its record names.
        for (String line : Files.readAllLines(work.resolve("P-summary.csv")).subList(1, 9)) {
            String[] f = line.split(",");
            assertEquals(f[2], sha256(Files.readAllBytes(work.resolve(f[1]))), line);
        }
        assertEquals(List.of(), temporaries(work));
        assertTrue(Files.notExists(work.resolve(".nvsgen.lock")));
    }

    private static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
