package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.provisioning.testing.Fixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code nvsgen batch} under faults: case-colliding serials, a resume with another configuration, a
 * child run killed mid-write and resumed, two runs started together into one folder, owner-only images.
 */
class BatchReliabilityTest {
    private static final String TMP = ".nvsgen-tmp-";

    @TempDir
    Path tmp;

    private Fixture fixture(int devices) {
        Fixture f = new Fixture(tmp.resolve("work")).devices(devices);
        f.write("m.yaml", Fixture.manifest(Fixture.credentials(), Fixture.FACTORY + Fixture.CERTS));
        return f;
    }

    private Path work() {
        return tmp.resolve("work");
    }

    private static final String[] BATCH = {"batch", "m.yaml", "--outdir", "out", "--threads", "1", "-q"};

    private static String[] batch(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(BATCH));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** The run record's rows by serial: image, its SHA-256, certificate fingerprint. */
    private static Map<String, String> record(Path out) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(out.resolve("batch-run.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length == 6 && f[2].length() == 64) {
                m.put(f[0], line);
            }
        }
        return m;
    }

    private static void assertWhole(Path out, int devices) throws Exception {
        Map<String, String> rows = record(out);
        assertEquals(devices, rows.size(), rows.keySet().toString());
        for (String line : rows.values()) {
            String[] f = line.split(",", -1);
            byte[] image = Files.readAllBytes(out.resolve(f[1]));
            assertEquals(
                    f[2],
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(image)),
                    line);
            String cert = Files.readString(out.resolve("certs/" + f[0] + ".pem"));
            assertTrue(cert.startsWith("-----BEGIN CERTIFICATE-----"), f[0]);
        }
        assertEquals(List.of(), FolderSnapshot.of(out).named(TMP), "no temporary file");
        assertTrue(Files.notExists(out.resolve(".nvsgen.lock")), "the lock went with the run");
    }

    @Test
    void serialsThatDifferOnlyInCaseAreRefusedNamingBothLines() {
        Fixture f = fixture(2);
        f.write("devices.csv", "serial,hw_rev,mac\nA-1,1,246f28000001\nB-2,2,246f28000002\na-1,3,246f28000003\n");
        FolderSnapshot before = FolderSnapshot.of(work());
        CliRun run = CliRun.in(work(), batch());
        assertEquals(ExitCode.INPUT, run.status());
        assertEquals(
                "nvsgen batch: error: devices.csv:4: serial 'a-1' differs only in case from 'A-1' on line 2; on"
                        + " Windows and macOS both would be one file\n",
                run.err());
        assertEquals(before, FolderSnapshot.of(work()));
    }

    @Test
    void noOutputOfTheRunIsOneOfItsInputs() throws Exception {
        Fixture f = fixture(2);
        f.write("out/batch-run.csv", Files.readString(work().resolve("devices.csv")));
        f.write(
                "m.yaml",
                Fixture.manifest(Fixture.credentials(), Fixture.FACTORY + Fixture.CERTS)
                        .replace("csv: devices.csv", "csv: out/batch-run.csv"));
        FolderSnapshot before = FolderSnapshot.of(work());
        CliRun run = CliRun.in(work(), batch("--force"));
        assertEquals(ExitCode.INPUT, run.status());
        assertEquals(
                "nvsgen batch: error: out/batch-run.csv: would overwrite out/batch-run.csv, an input of this run; an"
                        + " output never replaces an input or a key file\n",
                run.err());
        assertEquals(before, FolderSnapshot.of(work()));
    }

    @Test
    void imagesHoldingAPrivateKeyAreOwnerOnly() throws Exception {
        fixture(2);
        assertEquals(0, CliRun.in(work(), batch()).status());
        for (String serial : List.of("SN-0001", "SN-0002")) {
            Path image = work().resolve("out/bin/" + serial + ".bin");
            if (!FolderSnapshot.mode(image).equals("?")) {
                assertEquals("rw-------", FolderSnapshot.mode(image));
            }
        }
    }

    @ParameterizedTest(name = "SIGKILL={0}")
    @ValueSource(booleans = {false, true})
    void anInterruptedRunResumesWithoutReissuingAndRefusesAnotherConfiguration(boolean sigkill) throws Exception {
        Fixture f = fixture(16);
        Path out = work().resolve("out");
        ChildRun child = ChildRun.start(work(), tmp.resolve("log"), 100, batch());
        assertTrue(
                child.await(() -> {
                    try {
                        return Files.exists(out.resolve("batch-run.csv"))
                                && record(out).size() >= 3;
                    } catch (IOException e) {
                        return false;
                    }
                }),
                child.err());
        int status = child.kill(sigkill);
        assertEquals(sigkill ? 137 : 143, status, child.err());
        if (!sigkill) {
            assertEquals(List.of(), FolderSnapshot.of(out).named(TMP), "SIGTERM leaves no temporary file");
            assertTrue(
                    child.err()
                            .matches(
                                    "nvsgen batch: interrupted: \\d+ of 16 devices made now and recorded in the"
                                            + " output folder's batch-run.csv; run the same command with --resume to finish\\n"),
                    child.err());
        }
        Map<String, String> before = record(out);
        assertTrue(before.size() < 16, "interrupted mid-run");

        // Another device list is another run: refused, naming it.
        String devices = Files.readString(work().resolve("devices.csv"));
        f.write("devices.csv", devices.replace("SN-0016,16", "SN-0016,17"));
        CliRun changed = CliRun.in(work(), batch("--resume"));
        assertEquals(ExitCode.INPUT, changed.status());
        assertEquals(
                "nvsgen batch: error: out: cannot resume: the device list devices.csv differs from the interrupted"
                        + " run's (batch-run.fingerprint); resume with what it had, or start over with --force\n",
                changed.err());
        f.write("devices.csv", devices);

        CliRun resumed = CliRun.in(work(), batch("--resume"));
        assertEquals(0, resumed.status(), resumed.err());
        Map<String, String> after = record(out);
        for (Map.Entry<String, String> e : before.entrySet()) {
            assertEquals(e.getValue(), after.get(e.getKey()), "kept, not issued again: " + e.getKey());
        }
        assertWhole(out, 16);
    }

    @Test
    void aResumeAfterASharedValueFileChangedIsRefused() throws Exception {
        Fixture f = new Fixture(work()).devices(3);
        f.write("motd.txt", "hello");
        f.write(
                "m.yaml",
                Fixture.manifest(
                        Fixture.credentials(),
                        Fixture.FACTORY + "    motd: {type: string, file: motd.txt}\n" + Fixture.CERTS));
        CliRun first = CliRun.in(work(), batch());
        assertEquals(0, first.status(), first.err());
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(work().resolve("out/batch-run.fingerprint"))),
                "the fingerprint holds digests of key files: owner-only");

        f.write("motd.txt", "changed");
        CliRun changed = CliRun.in(work(), batch("--resume"));
        assertEquals(ExitCode.INPUT, changed.status());
        assertEquals(
                "nvsgen batch: error: out: cannot resume: the value file motd.txt of factory.motd differs from the"
                        + " interrupted run's (batch-run.fingerprint); resume with what it had, or start over with --force\n",
                changed.err());
    }

    @Test
    void aSecondRunIntoAFolderInUseIsRefusedAtOnce() throws Exception {
        fixture(6);
        Path out = work().resolve("out");
        // The second starts once the first holds the folder (its lock file is there), whatever the load.
        ChildRun first = ChildRun.start(work(), tmp.resolve("log1"), 200, batch("--force"));
        assertTrue(first.await(() -> Files.exists(out.resolve(".nvsgen.lock"))), first.err());
        ChildRun second = ChildRun.start(work(), tmp.resolve("log2"), 200, batch("--force"));
        int a = first.exitStatus();
        int b = second.exitStatus();
        assertEquals(List.of(0, ExitCode.INPUT), List.of(Math.min(a, b), Math.max(a, b)), first.err() + second.err());
        ChildRun refused = a == 0 ? second : first;
        assertTrue(
                refused.err()
                        .matches("nvsgen batch: error: out: another nvsgen run is writing to this folder \\(pid "
                                + (a == 0 ? first.pid() : second.pid())
                                + " on .+, started \\S+\\); wait for it to finish, or choose another output folder\\n"),
                refused.err());
        assertWhole(out, 6);
    }
}
