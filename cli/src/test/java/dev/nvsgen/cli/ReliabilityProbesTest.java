package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.probes.SpecialFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an adversarial user types: outputs that name inputs, key files or each other, special and
 * oversized inputs, a comma too many. Each probe asserts the exit status, a one-line message, and that
 * nothing in the folder changed (bytes and mode), nothing was added.
 */
class ReliabilityProbesTest {
    private static final String CSV = "key,type,encoding,value\nns,namespace,,\nk,data,u8,1\n";
    private static final String TABLE = "# Name, Type, SubType, Offset, Size\nnvs,data,nvs,0x9000,0x6000\n"
            + "nvs_keys,data,nvs_keys,0xf000,0x1000,encrypted\n";

    @TempDir
    Path tmp;

    @BeforeEach
    void inputs() throws Exception {
        Files.writeString(tmp.resolve("a.csv"), CSV);
        Files.writeString(tmp.resolve("b.csv"), CSV.replace("k,data,u8,1", "j,data,u8,2"));
        Files.writeString(tmp.resolve("partitions.csv"), TABLE);
        Files.writeString(tmp.resolve("config.csv"), "ns,namespace,\nserial,data,string\n");
        Files.writeString(tmp.resolve("values.csv"), "serial\nA-1\nB-2\n");
        assertEquals(0, CliRun.in(tmp, "generate-key", "--keyfile", "k.bin").status());
        assertEquals(
                0,
                CliRun.in(tmp, "encrypt", "--inputkey", "keys/k.bin", "a.csv", "enc.bin", "0x3000")
                        .status());
        Files.write(tmp.resolve("hmac.bin"), new byte[32]);
    }

    static Stream<Arguments> collisions() {
        return Stream.of(
                Arguments.of(
                        "generate: OUTPUT forgotten, the last CSV would be the output",
                        List.of("generate", "a.csv", "b.csv", "0x3000"),
                        "nvsgen generate: error: b.csv: exists and is not an NVS image; not replacing it (use --force to"
                                + " replace it)"),
                Arguments.of(
                        "generate: a file row's file as output, even with --force",
                        List.of("generate", "f.csv", "data.bin", "0x3000", "--force"),
                        "nvsgen generate: error: data.bin: the image would overwrite a file a `file` row names; an"
                                + " output never replaces an input or a key file (is an argument missing?)"),
                Arguments.of(
                        "encrypt: a file row's file, through a symlinked folder",
                        List.of("encrypt", "--inputkey", "keys/k.bin", "f.csv", "linked/data.bin", "0x3000", "--force"),
                        null),
                Arguments.of(
                        "encrypt: the output is the --inputkey file",
                        List.of("encrypt", "--inputkey", "keys/k.bin", "a.csv", "keys/k.bin", "0x3000"),
                        "nvsgen encrypt: error: keys/k.bin: the image would overwrite the keys file given with"
                                + " --inputkey; an output never replaces an input or a key file (is an argument missing?)"),
                Arguments.of(
                        "encrypt: --merged names the keys file",
                        List.of(
                                "encrypt",
                                "--inputkey",
                                "keys/k.bin",
                                "a.csv",
                                "nvs.bin",
                                "--partition-table",
                                "partitions.csv",
                                "--merged",
                                "keys/k.bin"),
                        null),
                Arguments.of(
                        "encrypt --keygen: --merged names the new keys file",
                        List.of(
                                "encrypt",
                                "--keygen",
                                "--keyfile",
                                "new.bin",
                                "a.csv",
                                "nvs.bin",
                                "--partition-table",
                                "partitions.csv",
                                "--merged",
                                "keys/new.bin"),
                        "nvsgen encrypt: error: keys/new.bin: is both the encryption keys and the merged image"
                                + " (--merged) of this run; give them different names"),
                Arguments.of(
                        "generate: --merged is the image",
                        List.of(
                                "generate",
                                "a.csv",
                                "nvs.bin",
                                "--partition-table",
                                "partitions.csv",
                                "--merged",
                                "nvs.bin"),
                        "nvsgen generate: error: nvs.bin: is both the image and the merged image (--merged) of this"
                                + " run; give them different names"),
                Arguments.of(
                        "generate: --merged is the partition table",
                        List.of(
                                "generate",
                                "a.csv",
                                "nvs.bin",
                                "--partition-table",
                                "partitions.csv",
                                "--merged",
                                "partitions.csv"),
                        null),
                Arguments.of(
                        "decrypt: OUTPUT is the KEYFILE",
                        List.of("decrypt", "enc.bin", "keys/k.bin", "keys/k.bin"),
                        "nvsgen decrypt: error: keys/k.bin: the image would overwrite the keys file (KEYFILE); an"
                                + " output never replaces an input or a key file (is an argument missing?)"),
                Arguments.of("decrypt: OUTPUT is INPUT", List.of("decrypt", "enc.bin", "keys/k.bin", "enc.bin"), null),
                Arguments.of(
                        "generate-key: the HMAC key file is the keys file",
                        List.of(
                                "generate-key",
                                "--keyfile",
                                "x.bin",
                                "--key_protect_hmac",
                                "--kp_hmac_keygen",
                                "--kp_hmac_keyfile",
                                "x.bin"),
                        null),
                Arguments.of(
                        "encrypt: the keys file made would be the HMAC key given",
                        List.of(
                                "encrypt",
                                "--keygen",
                                "--keyfile",
                                "/" + "HMAC",
                                "--key_protect_hmac",
                                "--kp_hmac_inputkey",
                                "hmac.bin",
                                "a.csv",
                                "out.bin",
                                "0x3000"),
                        null),
                Arguments.of(
                        "partitions: -o is the table",
                        List.of("partitions", "partitions.csv", "-o", "partitions.csv"),
                        "nvsgen partitions: error: partitions.csv: the output (-o) would overwrite the partition"
                                + " table it converts; an output never replaces an input or a key file (is an argument"
                                + " missing?)"),
                Arguments.of(
                        "mfg: --summary is the values file",
                        List.of(
                                "mfg",
                                "generate",
                                "config.csv",
                                "values.csv",
                                "P",
                                "0x3000",
                                "--summary",
                                "values.csv"),
                        null),
                Arguments.of(
                        "mfg: --summary is the config file, through a symlink",
                        List.of(
                                "mfg",
                                "generate",
                                "config.csv",
                                "values.csv",
                                "P",
                                "0x3000",
                                "--summary",
                                "link-to-config.csv"),
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("collisions")
    void outputsNeverReplaceInputsKeysOrEachOther(String probe, List<String> argv, String message) throws Exception {
        Files.createSymbolicLink(tmp.resolve("link-to-config.csv"), tmp.resolve("config.csv"));
        Files.createSymbolicLink(tmp.resolve("linked"), tmp);
        Files.write(tmp.resolve("data.bin"), new byte[] {1, 2, 3});
        Files.writeString(tmp.resolve("f.csv"), CSV + "blob,file,binary,data.bin\n");
        List<String> args = argv.stream()
                .map(a -> a.equals("/HMAC") ? tmp.resolve("hmac.bin").toString().replace(".bin", "") : a)
                .toList();
        refusedAndNothingChanged(message, args.toArray(String[]::new));
    }

    /** Runs {@code args}, expects exit 1 and one line ({@code message} when given), and an unchanged folder. */
    private CliRun refusedAndNothingChanged(String message, String... args) {
        FolderSnapshot before = FolderSnapshot.of(tmp);
        CliRun run = CliRun.in(tmp, args);
        assertEquals(ExitCode.INPUT, run.status(), "exit status; " + run.err());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        if (message != null) {
            assertEquals(message + "\n", run.err());
        }
        assertEquals(before, FolderSnapshot.of(tmp), "nothing that existed changed, nothing was added");
        return run;
    }

    @Test
    void existingOutputsThatAreNotOursNeedForceAndSpecialFilesAreNeverReplaced() throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "mine");
        refusedAndNothingChanged(
                "nvsgen generate: error: notes.txt: exists and is not an NVS image; not replacing it (use --force to"
                        + " replace it)",
                "generate",
                "a.csv",
                "notes.txt",
                "0x3000");
        assertEquals(
                0,
                CliRun.in(tmp, "generate", "a.csv", "notes.txt", "0x3000", "--force")
                        .status());
        Files.createDirectory(tmp.resolve("dir.bin"));
        refusedAndNothingChanged(
                "nvsgen generate: error: dir.bin: is a folder; name the file to write",
                "generate",
                "a.csv",
                "dir.bin",
                "0x3000",
                "--force");
        Path devNull = Path.of("/dev/null");
        if (Files.exists(devNull)) {
            refusedAndNothingChanged(
                    "nvsgen generate: error: /dev/null: is a character device, not a regular file; nvsgen writes only"
                            + " regular files and does not replace this one",
                    "generate",
                    "a.csv",
                    "/dev/null",
                    "0x3000",
                    "--force");
            assertTrue(Files.exists(devNull) && !Files.isRegularFile(devNull), "/dev/null is still a device");
        }
        SpecialFiles.fifo(tmp.resolve("fifo.bin"));
        refusedAndNothingChanged(
                "nvsgen generate: error: fifo.bin: is a FIFO (named pipe), not a regular file; nvsgen writes only"
                        + " regular files and does not replace this one",
                "generate",
                "a.csv",
                "fifo.bin",
                "0x3000",
                "--force");
    }

    @Test
    void anMfgRunNeverWritesOverItsOwnInputs() throws Exception {
        Files.createDirectories(tmp.resolve("keys"));
        Files.write(tmp.resolve("keys/keys-P-A-1.bin"), new byte[32]);
        refusedAndNothingChanged(
                "nvsgen mfg generate: error: keys/keys-P-A-1.bin: the device of values.csv:2 would overwrite"
                        + " keys/keys-P-A-1.bin, an input of this run; an output never replaces an input or a key file",
                "mfg",
                "generate",
                "config.csv",
                "values.csv",
                "P",
                "0x3000",
                "--fileid",
                "serial",
                "--keygen",
                "--key_protect_hmac",
                "--kp_hmac_inputkey",
                "keys/keys-P-A-1.bin",
                "--force");
        Files.createDirectories(tmp.resolve("csv"));
        Files.move(tmp.resolve("values.csv"), tmp.resolve("csv/P-B-2.csv"));
        refusedAndNothingChanged(
                "nvsgen mfg generate: error: csv/P-B-2.csv: the device of csv/P-B-2.csv:3 would overwrite"
                        + " csv/P-B-2.csv, an input of this run; an output never replaces an input or a key file",
                "mfg",
                "generate",
                "config.csv",
                "csv/P-B-2.csv",
                "P",
                "0x3000",
                "--fileid",
                "serial",
                "--force");
    }

    @Test
    void theMfgSummaryIsNeitherADevicesFileNorTheProgressFile() throws Exception {
        refusedAndNothingChanged(
                "nvsgen mfg generate: error: bin/P-A-1.bin: the summary cannot go into bin/, where the run writes each"
                        + " device's files; name a file elsewhere with --summary",
                "mfg",
                "generate",
                "config.csv",
                "values.csv",
                "P",
                "0x3000",
                "--fileid",
                "serial",
                "--summary",
                "bin/P-A-1.bin");
        refusedAndNothingChanged(
                "nvsgen mfg generate: error: P-progress.csv: is both the summary (--summary) and the run's progress"
                        + " file of this run; give them different names",
                "mfg",
                "generate",
                "config.csv",
                "values.csv",
                "P",
                "0x3000",
                "--summary",
                "P-progress.csv");
    }

    @Test
    void aBatchNeverRenamesAnImageOverAFifoEvenWhenForced() throws Exception {
        Files.createDirectories(tmp.resolve("bin"));
        SpecialFiles.fifo(tmp.resolve("bin/P-B-2.bin"));
        refusedAndNothingChanged(
                "nvsgen mfg generate: error: bin/P-B-2.bin: is a FIFO (named pipe), not a regular file; nvsgen writes"
                        + " only regular files and does not replace this one",
                "mfg",
                "generate",
                "config.csv",
                "values.csv",
                "P",
                "0x3000",
                "--fileid",
                "serial",
                "--force");
    }

    @Test
    void aScriptRerunOverItsOwnImagesKeepsWorking() throws Exception {
        for (int i = 0; i < 2; i++) {
            assertEquals(
                    0, CliRun.in(tmp, "generate", "a.csv", "nvs.bin", "0x3000").status());
            assertEquals(
                    0,
                    CliRun.in(tmp, "encrypt", "--inputkey", "keys/k.bin", "a.csv", "e.bin", "0x3000")
                            .status());
            assertEquals(
                    0, CliRun.in(tmp, "decrypt", "e.bin", "keys/k.bin", "d.bin").status());
            CliRun merged = CliRun.in(
                    tmp,
                    "encrypt",
                    "--inputkey",
                    "keys/k.bin",
                    "a.csv",
                    "m.bin",
                    "--partition-table",
                    "partitions.csv",
                    "--merged",
                    "merged.bin");
            assertEquals(0, merged.status(), merged.err());
        }
    }

    @Test
    void filesHoldingKeyMaterialAreOwnerOnly() throws Exception {
        assertEquals(
                0,
                CliRun.in(
                                tmp,
                                "encrypt",
                                "--keygen",
                                "--keyfile",
                                "m.bin",
                                "a.csv",
                                "m-img.bin",
                                "--partition-table",
                                "partitions.csv",
                                "--merged",
                                "merged.bin")
                        .status());
        assertEquals(
                0,
                CliRun.in(tmp, "decrypt", "enc.bin", "keys/k.bin", "plain.bin").status());
        assertEquals(
                0,
                CliRun.in(
                                tmp,
                                "generate",
                                "a.csv",
                                "nvs.bin",
                                "--partition-table",
                                "partitions.csv",
                                "--merged",
                                "plain-merged.bin")
                        .status());
        if (!FolderSnapshot.mode(tmp).equals("?")) {
            for (String secret : List.of("keys/k.bin", "keys/m.bin", "merged.bin", "plain.bin")) {
                assertEquals("rw-------", FolderSnapshot.mode(tmp.resolve(secret)), secret);
            }
            assertEquals(
                    "rw-r--r--".substring(0, 3),
                    FolderSnapshot.mode(tmp.resolve("plain-merged.bin")).substring(0, 3));
        }
    }

    static Stream<Arguments> unboundedInputs() {
        return Stream.of(
                Arguments.of("a file row naming /dev/zero", "zero"),
                Arguments.of("a file row naming a FIFO", "fifo"),
                Arguments.of("a file row naming a 3 GB file", "huge"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unboundedInputs")
    void unboundedInputsAreRefusedBySizeBeforeReading(String probe, String kind) throws Exception {
        Path file = switch (kind) {
            case "zero" -> SpecialFiles.devZero();
            case "fifo" -> SpecialFiles.fifo(tmp.resolve("pipe"));
            default -> SpecialFiles.sparse(tmp.resolve("huge.bin"), 3L << 30);
        };
        Files.writeString(
                tmp.resolve("f.csv"), "key,type,encoding,value\nns,namespace,,\nblob,file,binary," + file + "\n");
        CliRun run = refusedAndNothingChanged(null, "generate", "f.csv", "out.bin", "0x3000");
        assertTrue(
                run.err().startsWith("nvsgen generate: error: f.csv:3: key 'blob': file '" + file + "': is "),
                run.err());
        // mfg: found by its pre-check, before the first image.
        Files.writeString(tmp.resolve("fconfig.csv"), "ns,namespace,\nblob,file,binary\n");
        Files.writeString(tmp.resolve("fvalues.csv"), "blob\n" + file + "\n");
        CliRun mfg = refusedAndNothingChanged(null, "mfg", "generate", "fconfig.csv", "fvalues.csv", "P", "0x3000");
        assertTrue(
                mfg.err().startsWith("nvsgen mfg generate: error: fvalues.csv:2: column 1: key 'blob': file '"),
                mfg.err());
    }

    @Test
    void otherInputsAreLookedAtBeforeTheyAreOpened() throws Exception {
        SpecialFiles.sparse(tmp.resolve("table.bin"), 1L << 30);
        refusedAndNothingChanged(
                "nvsgen partitions: error: table.bin: is 1,073,741,824 bytes, more than a partition table can be (at"
                        + " most 1 MiB); not read",
                "partitions",
                "table.bin");
        refusedAndNothingChanged(
                "nvsgen generate: error: table.bin: is 1,073,741,824 bytes, more than a partition table can be (at"
                        + " most 1 MiB); not read",
                "generate",
                "a.csv",
                "nvs.bin",
                "--partition-table",
                "table.bin");
        Path fifo = SpecialFiles.fifo(tmp.resolve("fifo"));
        String special = ": is a FIFO (named pipe), not a regular file; nvsgen reads inputs only from regular files";
        refusedAndNothingChanged("nvsgen generate: error: fifo" + special, "generate", "fifo", "o.bin", "0x3000");
        refusedAndNothingChanged(
                "nvsgen decrypt: error: fifo" + special,
                "decrypt",
                "enc.bin",
                fifo.getFileName().toString(),
                "d.bin");
        refusedAndNothingChanged("nvsgen decrypt: error: fifo" + special, "decrypt", "fifo", "keys/k.bin", "d.bin");
        refusedAndNothingChanged(
                "nvsgen mfg generate: error: fifo" + special, "mfg", "generate", "config.csv", "fifo", "P", "0x3000");
        refusedAndNothingChanged(
                "nvsgen generate: error: a.csv: the image would overwrite a CSV input; an output never replaces an"
                        + " input or a key file (is an argument missing?)",
                "generate",
                "a.csv",
                "b.csv",
                "a.csv",
                "0x3000");
        refusedAndNothingChanged(
                "nvsgen encrypt: error: fifo" + special, "encrypt", "--inputkey", "fifo", "a.csv", "o.bin", "0x3000");
        CliRun dump = CliRun.in(tmp, "dump", "fifo");
        assertEquals(ExitCode.UNREADABLE, dump.status());
        assertEquals("nvsgen dump: error: fifo" + special + "\n", dump.err());
    }

    @Test
    void aRowWithMoreFieldsThanTheHeaderIsRefused() throws Exception {
        Files.writeString(
                tmp.resolve("comma.csv"), "key,type,encoding,value\nns,namespace,,\ng,data,string,hello, world\n");
        refusedAndNothingChanged(
                "nvsgen generate: error: comma.csv:3: the row has 5 fields but the header has 4; a value with a comma"
                        + " must be quoted (\"hello, world\")",
                "generate",
                "comma.csv",
                "out.bin",
                "0x3000");
    }

    @Test
    void deviceNamesThatDifferOnlyInCaseAreRefusedNamingBothLines() throws Exception {
        Files.writeString(tmp.resolve("values.csv"), "serial\nA-1\nB-2\na-1\n");
        refusedAndNothingChanged(
                "nvsgen mfg generate: error: values.csv:4: the device name P-a-1 differs only in case from P-A-1 of"
                        + " line 2; on Windows and macOS both would be one file (check the 'serial' column)",
                "mfg",
                "generate",
                "config.csv",
                "values.csv",
                "P",
                "0x3000",
                "--fileid",
                "serial");
    }

    @Test
    void anImageOfTheRightKindIsNotMistakenForOurs() throws Exception {
        // A keys file is not an image nvsgen writes as an image: an image over it is refused, even with --force.
        NvsPartition p =
                NvsPartition.builder().namespace("ns").put("k", NvsValue.u8(1)).build();
        Files.write(tmp.resolve("image.bin"), p.toImage(PartitionSize.parse("0x3000")));
        Files.copy(tmp.resolve("keys/k.bin"), tmp.resolve("copy-of-keys.bin"));
        refusedAndNothingChanged(
                "nvsgen generate: error: copy-of-keys.bin: holds an nvs_keys partition (NVS encryption keys), which"
                        + " nvsgen never replaces (not even with --force); name another output",
                "generate",
                "a.csv",
                "copy-of-keys.bin",
                "0x3000",
                "--force");
    }
}
