package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.NvsEncryption;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.conformance.ConformanceSuite;
import dev.nvsgen.nvs.read.NvsImage;
import dev.nvsgen.nvs.read.NvsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class MfgGenerateCommandTest {
    @TempDir
    Path tmp;

    static Stream<ConformanceSuite.Case> mfgCases() {
        return ConformanceSuite.cases("mfg");
    }

    /** Each case's exact mfg_gen command line, as {@code nvsgen mfg …}, run from a copy of its folder. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mfgCases")
    void conformance(ConformanceSuite.Case c) throws Exception {
        c.assumePresent();
        Path work = tmp.resolve(c.name());
        CliRun.copyTree(c.dir(), work);
        List<String> before = CliRun.files(work);
        List<String> argv = new ArrayList<>(List.of("mfg"));
        argv.addAll(c.argv());
        CliRun run = CliRun.in(work, argv.toArray(String[]::new));
        switch (c.expect()) {
            case "ok" -> {
                assertEquals(0, run.status(), run.err());
                JsonNode outputs = c.json().get("outputs");
                int compared = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it =
                                outputs.properties().iterator();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> o = it.next();
                    assertArrayEquals(
                            Files.readAllBytes(c.dir().resolve(o.getValue().asString())),
                            Files.readAllBytes(work.resolve(o.getKey())),
                            c.name() + ": " + o.getKey());
                    compared++;
                }
                assertTrue(compared > 0);
                List<String> added = new ArrayList<>(CliRun.files(work));
                added.removeAll(before);
                added.removeIf(f -> f.startsWith("bin/") || f.startsWith("csv/"));
                assertEquals(
                        List.of(c.json().get("args").get("prefix").asString() + "-summary.csv"),
                        added,
                        "nothing but outputs and the run's record; no copies next to the inputs");
            }
            case "error" ->
                assertAll(
                        () -> assertEquals(ExitCode.INPUT, run.status(), "exit status; stderr: " + run.err()),
                        () -> assertTrue(run.err().startsWith("nvsgen mfg generate: error: "), run.err()),
                        () -> assertEquals(
                                1, run.err().strip().lines().count(), "one line, no stack trace: " + run.err()),
                        () -> assertEquals(before, CliRun.files(work), "a refused run must leave no file behind"));
            default -> fail("unknown expect '" + c.expect() + "' in case " + c.name());
        }
    }

    @Test
    void theReferenceErrorCaseSaysWhichKeyIsMissing() throws Exception {
        Files.writeString(tmp.resolve("config.csv"), "ns,namespace,\na,data,u8\nb,data,u8\n");
        Files.writeString(tmp.resolve("values.csv"), "a\n1\n2\n");
        CliRun run = CliRun.in(tmp, "mfg", "generate", "config.csv", "values.csv", "P", "0x3000");
        assertEquals(
                "nvsgen mfg generate: error: config.csv:3: key 'b' has no column in values.csv (header at line 1)\n",
                run.err());
    }

    @Test
    void badValueIsRefusedBeforeAnyImageNamingLineAndColumn() throws Exception {
        factory("serial,rev\nSN1,1\nSN2,2\nSN3,70000\nSN4,4\n");
        CliRun run = CliRun.in(tmp, "mfg", "generate", "config.csv", "values.csv", "F", "0x3000", "--fileid", "serial");
        assertEquals(ExitCode.INPUT, run.status());
        assertEquals(
                "nvsgen mfg generate: error: values.csv:4: column 2: key 'rev': value 70000 is out of range for u16"
                        + " (0 to 65535)\n",
                run.err());
        assertEquals(List.of("config.csv", "values.csv"), CliRun.files(tmp));
    }

    @Test
    void floatAndDoubleColumnsAreWrittenAsNvsFlashReadsThem() throws Exception {
        Files.writeString(
                tmp.resolve("config.csv"), "cal,namespace,\nserial,data,string\ngain,data,float\noffset,data,double\n");
        Files.writeString(tmp.resolve("values.csv"), "serial,gain,offset\nSN1,1.5,-0.25\nSN2,0x1p-3,inf\nSN3,1e39,0\n");
        CliRun bad = CliRun.in(tmp, "mfg", "generate", "config.csv", "values.csv", "C", "0x3000", "--fileid", "serial");
        assertEquals(ExitCode.INPUT, bad.status());
        assertEquals(
                "nvsgen mfg generate: error: values.csv:4: column 2: key 'gain': value '1e39' is too large for a float"
                        + " (largest 3.4028235e+38); write inf for infinity\n",
                bad.err());

        Files.writeString(tmp.resolve("values.csv"), "serial,gain,offset\nSN1,1.5,-0.25\nSN2,0x1p-3,inf\n");
        CliRun run = CliRun.in(tmp, "mfg", "generate", "config.csv", "values.csv", "C", "0x3000", "--fileid", "serial");
        assertEquals(0, run.status(), run.err());
        NvsImage sn2 = NvsReader.read(Files.readAllBytes(tmp.resolve("bin/C-SN2.bin")));
        assertEquals(
                List.of(
                        new NvsEntry("cal", "serial", NvsValue.string("SN2")),
                        new NvsEntry("cal", "gain", NvsValue.f32(0.125f)),
                        new NvsEntry("cal", "offset", NvsValue.f64(Double.POSITIVE_INFINITY))),
                sn2.entries());
    }

    @Test
    void withoutThePrecheckABadValueStopsTheRunAtItsDevice() throws Exception {
        factory("serial,rev\nSN1,1\nSN2,2\nSN3,70000\nSN4,4\n");
        CliRun run = CliRun.in(
                tmp,
                "mfg",
                "generate",
                "config.csv",
                "values.csv",
                "F",
                "0x3000",
                "--fileid",
                "serial",
                "--threads",
                "1",
                "--no-precheck");
        assertEquals(ExitCode.INPUT, run.status());
        assertTrue(
                run.err()
                        .startsWith("nvsgen mfg generate: error: values.csv:4: column 2: key 'rev': value 70000 is"
                                + " out of range for u16 (0 to 65535)"),
                run.err());
        assertTrue(Files.exists(tmp.resolve("bin/F-SN1.bin")));
        assertTrue(Files.notExists(tmp.resolve("bin/F-SN3.bin")));
    }

    /** What only the run finds (here a file's content) stops it there; the images before it stay, on record. */
    @Test
    void aFailureDuringTheRunKeepsTheImagesBeforeIt() throws Exception {
        Files.writeString(tmp.resolve("config.csv"), "factory,namespace,\nserial,data,string\nblob,file,hex2bin\n");
        Files.writeString(tmp.resolve("good.hex"), "0102");
        Files.writeString(tmp.resolve("bad.hex"), "01x2");
        Files.writeString(
                tmp.resolve("values.csv"), "serial,blob\nSN1,good.hex\nSN2,good.hex\nSN3,bad.hex\nSN4,good.hex\n");
        CliRun run = CliRun.in(
                tmp,
                "mfg",
                "generate",
                "config.csv",
                "values.csv",
                "F",
                "0x3000",
                "--fileid",
                "serial",
                "--threads",
                "1");
        assertEquals(ExitCode.INPUT, run.status());
        List<String> lines = run.err().lines().toList();
        assertEquals(
                "nvsgen mfg generate: error: values.csv:4: column 2: key 'blob': hex2bin value has 'x' at position 3,"
                        + " which is not a hex digit",
                lines.get(0));
        List<String> summary = Files.readAllLines(tmp.resolve("F-summary.csv"));
        int written = summary.size() - 1;
        assertTrue(written >= 2, summary.toString());
        assertEquals(
                "  " + written + " images were written before the failure; they are complete and valid (listed in"
                        + " F-summary.csv)",
                lines.get(1));
        assertTrue(Files.notExists(tmp.resolve("bin/F-SN3.bin")), "no image for the bad device");
        try (Stream<Path> bins = Files.list(tmp.resolve("bin"))) {
            List<Path> images = bins.toList();
            assertEquals(written, images.size());
            for (Path image : images) {
                assertEquals(0x3000, Files.size(image));
            }
        }
    }

    @Test
    void missingFileNamesLineAndColumn() throws Exception {
        Files.writeString(tmp.resolve("config.csv"), "ns,namespace,\ncert,file,binary\n");
        Files.writeString(tmp.resolve("values.csv"), "cert\nmissing.der\n");
        CliRun run = CliRun.in(tmp, "mfg", "generate", "config.csv", "values.csv", "P", "0x3000");
        assertEquals(ExitCode.INPUT, run.status());
        assertEquals(
                "nvsgen mfg generate: error: values.csv:2: column 1: key 'cert': file 'missing.der' does not exist\n",
                run.err());
        assertEquals(List.of("config.csv", "values.csv"), CliRun.files(tmp));
    }

    @Test
    void existingOutputsNeedForce() throws Exception {
        factory("serial,rev\nSN1,1\nSN2,2\n");
        String[] cmd = {"mfg", "generate", "config.csv", "values.csv", "F", "0x3000", "--fileid", "serial"};
        assertEquals(0, CliRun.in(tmp, cmd).status());
        byte[] first = Files.readAllBytes(tmp.resolve("bin/F-SN1.bin"));
        Files.writeString(tmp.resolve("values.csv"), "serial,rev\nSN1,9\nSN2,9\n");
        CliRun again = CliRun.in(tmp, cmd);
        assertEquals(ExitCode.INPUT, again.status());
        assertEquals(
                "nvsgen mfg generate: error: bin/F-SN1.bin already exists (the device of values.csv:2); not replacing"
                        + " it (use --force to replace existing outputs)\n",
                again.err());
        assertArrayEquals(first, Files.readAllBytes(tmp.resolve("bin/F-SN1.bin")));
        List<String> forced = new ArrayList<>(List.of(cmd));
        forced.add("--force");
        CliRun run = CliRun.in(tmp, forced.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(tmp.resolve("bin/F-SN1.bin"))));
    }

    @Test
    void summaryRecordsEveryImageWithItsHash() throws Exception {
        factory("serial,rev\nSN1,1\nSN2,2\n");
        CliRun run = CliRun.in(
                tmp,
                "mfg",
                "generate",
                "config.csv",
                "values.csv",
                "F",
                "0x3000",
                "--fileid",
                "serial",
                "--outdir",
                "out",
                "--summary",
                "record.json",
                "--no-csv");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("Generated 2 NVS images (0x3000) in "), run.out());
        assertTrue(run.out().strip().endsWith("24.0 KiB; record: record.json"), run.out());
        assertFalse(Files.exists(tmp.resolve("out/csv")));
        String json = Files.readString(tmp.resolve("record.json"));
        String sha = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(tmp.resolve("out/bin/F-SN2.bin"))));
        assertTrue(
                json.contains("{\"id\": \"SN2\", \"image\": \"out/bin/F-SN2.bin\", \"sha256\": \"" + sha
                        + "\", \"bytes\": 12288, \"keys\": null}"),
                json);
    }

    @Test
    void defaultSummaryIsKeptUnlessForced() throws Exception {
        factory("serial,rev\nSN1,1\n");
        assertEquals(
                0,
                CliRun.in(tmp, "mfg", "generate", "config.csv", "values.csv", "F", "0x3000", "-q")
                        .status());
        assertEquals(2, Files.readAllLines(tmp.resolve("F-summary.csv")).size());
        Files.delete(tmp.resolve("bin/F-1.bin"));
        Files.delete(tmp.resolve("csv/F-1.csv"));
        CliRun run = CliRun.in(tmp, "mfg", "generate", "config.csv", "values.csv", "F", "0x3000", "-q");
        assertEquals(ExitCode.INPUT, run.status());
        assertTrue(run.err().contains("F-summary.csv already exists"), run.err());
        assertEquals("", run.out());
        assertEquals(
                0,
                CliRun.in(tmp, "mfg", "generate", "config.csv", "values.csv", "F", "0x3000", "-q", "--no-summary")
                        .status());
    }

    /** The images of a plain run of the same values, to compare decrypted images with. */
    private java.util.Map<String, byte[]> plainImages(String... extra) throws Exception {
        Path plain = tmp.resolve("plain");
        List<String> cmd = new ArrayList<>(List.of(
                "mfg",
                "generate",
                "config.csv",
                "values.csv",
                "F",
                "0x3000",
                "--fileid",
                "serial",
                "-q",
                "--outdir",
                "plain",
                "--no-summary"));
        cmd.addAll(List.of(extra));
        assertEquals(0, CliRun.in(tmp, cmd.toArray(String[]::new)).status());
        java.util.Map<String, byte[]> images = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.list(plain.resolve("bin"))) {
            for (Path p : s.toList()) {
                images.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return images;
    }

    @Test
    void inputKeyEncryptsEveryDeviceWithOneKeysFile() throws Exception {
        factory("serial,rev\nSN1,1\nSN2,2\n");
        byte[] raw = new byte[64];
        new java.util.Random(7).nextBytes(raw);
        Files.write(tmp.resolve("nvs_keys.bin"), raw);
        NvsKeys keys = NvsKeys.parse(raw, "nvs_keys.bin");
        CliRun run = CliRun.in(
                tmp,
                "mfg",
                "generate",
                "config.csv",
                "values.csv",
                "F",
                "0x3000",
                "--fileid",
                "serial",
                "--inputkey",
                "nvs_keys.bin");
        assertEquals(0, run.status(), run.err());
        for (Map.Entry<String, byte[]> e : plainImages().entrySet()) {
            assertArrayEquals(
                    NvsEncryption.encrypt(e.getValue(), keys), Files.readAllBytes(tmp.resolve("bin/" + e.getKey())));
        }
        assertFalse(Files.exists(tmp.resolve("keys")), "shared keys: no key file per device");
    }

    @Test
    void keygenWritesEachDevicesKeysOwnerOnlyAndRecordsThem() throws Exception {
        factory("serial,rev\nSN1,1\nSN2,2\n");
        CliRun run = CliRun.in(
                tmp, "mfg", "generate", "config.csv", "values.csv", "F", "0x3000", "--fileid", "serial", "--keygen");
        assertEquals(0, run.status(), run.err());
        Map<String, byte[]> plain = plainImages();
        List<String> summary = Files.readAllLines(tmp.resolve("F-summary.csv"));
        for (String device : List.of("SN1", "SN2")) {
            Path keysFile = tmp.resolve("keys/keys-F-" + device + ".bin");
            assertEquals(4096, Files.size(keysFile));
            if (Files.getFileStore(keysFile).supportsFileAttributeView("posix")) {
                assertEquals(
                        "rw-------",
                        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(keysFile)));
            }
            NvsKeys keys = NvsKeys.read(keysFile);
            assertArrayEquals(
                    plain.get("F-" + device + ".bin"),
                    NvsEncryption.decrypt(Files.readAllBytes(tmp.resolve("bin/F-" + device + ".bin")), keys));
            assertTrue(
                    summary.stream()
                            .anyMatch(l -> l.startsWith(device + ",") && l.endsWith(",keys/keys-F-" + device + ".bin")),
                    summary.toString());
        }
        assertFalse(java.util.Arrays.equals(
                Files.readAllBytes(tmp.resolve("keys/keys-F-SN1.bin")),
                Files.readAllBytes(tmp.resolve("keys/keys-F-SN2.bin"))));
    }

    @Test
    void hmacDerivedKeysAreTheSameForEveryDeviceAndReproducible() throws Exception {
        factory("serial,rev\nSN1,1\nSN2,2\n");
        byte[] hmac = new byte[32];
        new java.util.Random(11).nextBytes(hmac);
        Files.write(tmp.resolve("hmac.bin"), hmac);
        String[] cmd = {
            "mfg",
            "generate",
            "config.csv",
            "values.csv",
            "F",
            "0x3000",
            "--fileid",
            "serial",
            "--keygen",
            "--key_protect_hmac",
            "--kp_hmac_inputkey",
            "hmac.bin",
            "-q",
            "--no-summary"
        };
        assertEquals(0, CliRun.in(tmp, cmd).status());
        byte[] expectedKeys = HmacKey.of(hmac).deriveNvsKeys().toKeysPartition();
        assertArrayEquals(expectedKeys, Files.readAllBytes(tmp.resolve("keys/keys-F-SN1.bin")));
        assertArrayEquals(expectedKeys, Files.readAllBytes(tmp.resolve("keys/keys-F-SN2.bin")));
        byte[] first = Files.readAllBytes(tmp.resolve("bin/F-SN2.bin"));
        List<String> forced = new ArrayList<>(List.of(cmd));
        forced.add("--force");
        assertEquals(0, CliRun.in(tmp, forced.toArray(String[]::new)).status(), "same keys: key files may stay");
        assertArrayEquals(first, Files.readAllBytes(tmp.resolve("bin/F-SN2.bin")), "deterministic");
    }

    @Test
    void hmacKeyPerDeviceIsKeptBesideItsKeys() throws Exception {
        factory("serial,rev\nSN1,1\n");
        CliRun run = CliRun.in(
                tmp,
                "mfg",
                "generate",
                "config.csv",
                "values.csv",
                "F",
                "0x3000",
                "--fileid",
                "serial",
                "--keygen",
                "--key_protect_hmac",
                "--kp_hmac_keygen");
        assertEquals(0, run.status(), run.err());
        HmacKey hmac = HmacKey.read(tmp.resolve("keys/hmac-keys-F-SN1.bin"));
        assertTrue(hmac.deriveNvsKeys().sameKeysAs(NvsKeys.read(tmp.resolve("keys/keys-F-SN1.bin"))));
    }

    @Test
    void keyFilesAreNeverReplacedByOtherKeys() throws Exception {
        factory("serial,rev\nSN1,1\n");
        String[] cmd = {
            "mfg",
            "generate",
            "config.csv",
            "values.csv",
            "F",
            "0x3000",
            "--fileid",
            "serial",
            "--keygen",
            "-q",
            "--force"
        };
        assertEquals(0, CliRun.in(tmp, cmd).status());
        byte[] keys = Files.readAllBytes(tmp.resolve("keys/keys-F-SN1.bin"));
        CliRun again = CliRun.in(tmp, cmd);
        assertEquals(ExitCode.INPUT, again.status());
        // Found by the check before anything is written, even with --force.
        assertEquals(
                "nvsgen mfg generate: error: keys/keys-F-SN1.bin already exists (the device of values.csv:2);"
                        + " nvsgen never replaces key files, not even with --force: move it away first, or finish an"
                        + " interrupted run with --resume\n",
                again.err());
        assertArrayEquals(keys, Files.readAllBytes(tmp.resolve("keys/keys-F-SN1.bin")));
    }

    @Test
    void contradictoryKeyOptionsAreRefused() throws Exception {
        factory("serial,rev\nSN1,1\n");
        Files.write(tmp.resolve("k.bin"), new byte[64]);
        String[][] bad = {
            {"--keygen", "--inputkey", "k.bin"},
            {"--key_protect_hmac", "--kp_hmac_inputkey", "k.bin"},
            {"--inputkey", "k.bin", "--key_protect_hmac"},
            {"--keygen", "--key_protect_hmac", "--kp_hmac_keygen", "--kp_hmac_keyfile", "h.bin"},
            {"--keygen", "--kp_hmac_keygen"},
        };
        for (String[] options : bad) {
            List<String> cmd = new ArrayList<>(List.of("mfg", "generate", "config.csv", "values.csv", "F", "0x3000"));
            cmd.addAll(List.of(options));
            CliRun run = CliRun.in(tmp, cmd.toArray(String[]::new));
            assertEquals(ExitCode.USAGE, run.status(), String.join(" ", options) + ": " + run.err());
            assertEquals(List.of("config.csv", "k.bin", "values.csv"), CliRun.files(tmp));
        }
    }

    @Test
    void blobsNvsFlashCannotReadAreWrittenAndSaidOnce() throws Exception {
        Files.writeString(tmp.resolve("config.csv"), "factory,namespace,\nserial,data,string\nfw,file,binary\n");
        Files.write(tmp.resolve("big.bin"), new byte[600_000]);
        Files.writeString(tmp.resolve("values.csv"), "serial,fw\nSN1,big.bin\nSN2,big.bin\nSN3,big.bin\n");
        CliRun run = CliRun.in(
                tmp,
                "mfg",
                "generate",
                "config.csv",
                "values.csv",
                "F",
                "0xA0000",
                "--fileid",
                "serial",
                "-q",
                "--threads",
                "1");
        assertEquals(0, run.status(), run.err());
        assertEquals(
                "nvsgen mfg generate: warning: device F-SN1 (values.csv:2): namespace 'factory', key 'fw': a blob of"
                        + " 600000 bytes is larger than the 508000 bytes nvs_flash reads; a device will not see it"
                        + " (2 other devices too)\n",
                run.err());
        assertEquals(0xA0000, Files.size(tmp.resolve("bin/F-SN3.bin")));
    }

    @Test
    void usageErrors() {
        assertEquals(ExitCode.USAGE, CliRun.in(tmp, "mfg").status());
        assertEquals(
                ExitCode.USAGE,
                CliRun.in(tmp, "mfg", "generate", "c.csv", "v.csv", "P").status());
        CliRun digits = CliRun.in(tmp, "mfg", "generate", "c.csv", "v.csv", "P", "0x3000", "--prefix_num", "1", "-2");
        assertEquals(ExitCode.USAGE, digits.status(), digits.err());
        CliRun size = CliRun.in(tmp, "mfg", "generate", "c.csv", "v.csv", "P", "0x3100");
        assertEquals(ExitCode.INPUT, size.status());
        assertTrue(size.err().contains("not a multiple of 4096"), size.err());
    }

    private void factory(String values) throws Exception {
        Files.writeString(tmp.resolve("config.csv"), "factory,namespace,\nserial,data,string\nrev,data,u16\n");
        Files.writeString(tmp.resolve("values.csv"), values);
    }
}
