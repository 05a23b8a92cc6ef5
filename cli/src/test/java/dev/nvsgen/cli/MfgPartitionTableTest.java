package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: partition table + mfg config and values → images sized by the table, a flash-args file each. */
class MfgPartitionTableTest {
    private static final String TABLE = "nvs,data,nvs,,0x6000\nphy_init,data,phy,,0x1000\nfactory,app,factory,,1M\n"
            + "fctry,data,nvs,,0x4000\nfctry_keys,data,nvs_keys,,4K,encrypted\n";

    @TempDir
    Path tmp;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(tmp.resolve("config.csv"), "factory,namespace,\nserial,data,string\nhw_rev,data,u8\n");
        Files.writeString(tmp.resolve("values.csv"), "serial,hw_rev\nSN-1,3\nSN-2,4\n");
        Files.writeString(tmp.resolve("partitions.csv"), TABLE);
    }

    @Test
    void eachDeviceGetsAFlashArgsFileAtTheTablesOffsets() throws Exception {
        CliRun run = CliRun.in(
                tmp,
                "mfg",
                "generate",
                "config.csv",
                "values.csv",
                "F",
                "--fileid",
                "serial",
                "-q",
                "--partition-table",
                "partitions.csv",
                "--partition",
                "fctry");
        assertEquals(0, run.status(), run.err());
        for (String id : List.of("SN-1", "SN-2")) {
            assertEquals(0x4000, Files.size(tmp.resolve("bin/F-" + id + ".bin")));
            List<String> args = Files.readAllLines(tmp.resolve("bin/F-" + id + ".flash_args"));
            assertEquals(
                    List.of("--flash_mode keep --flash_freq keep --flash_size keep", "0x110000 F-" + id + ".bin"),
                    args);
        }
        // The same images as with the size given by hand.
        assertEquals(
                0,
                CliRun.in(
                                tmp,
                                "mfg",
                                "generate",
                                "config.csv",
                                "values.csv",
                                "G",
                                "0x4000",
                                "--fileid",
                                "serial",
                                "-q",
                                "--outdir",
                                "plain")
                        .status());
        assertArrayEquals(
                Files.readAllBytes(tmp.resolve("plain/bin/G-SN-1.bin")),
                Files.readAllBytes(tmp.resolve("bin/F-SN-1.bin")));
    }

    @Test
    void encryptedDevicesFlashTheirKeysToTheKeysPartition() throws Exception {
        CliRun run = CliRun.in(
                tmp,
                "mfg",
                "generate",
                "config.csv",
                "values.csv",
                "F",
                "--fileid",
                "serial",
                "-q",
                "--keygen",
                "--partition-table",
                "partitions.csv",
                "--partition",
                "fctry");
        assertEquals(0, run.status(), run.err());
        List<String> args = Files.readAllLines(tmp.resolve("bin/F-SN-1.flash_args"));
        assertEquals("0x110000 F-SN-1.bin", args.get(1));
        assertTrue(args.get(2).startsWith("0x114000 ") && args.get(2).endsWith("keys-F-SN-1.bin"), args.toString());
    }

    @Test
    void sizeIsNeededWithoutATableAndMergedIsRefused() {
        CliRun noSize = CliRun.in(tmp, "mfg", "generate", "config.csv", "values.csv", "F");
        assertEquals(ExitCode.USAGE, noSize.status());
        assertTrue(noSize.err().contains("SIZE is missing"), noSize.err());
        CliRun merged = CliRun.in(
                tmp,
                "mfg",
                "generate",
                "config.csv",
                "values.csv",
                "F",
                "--partition-table",
                "partitions.csv",
                "--merged",
                "all.bin");
        assertEquals(ExitCode.USAGE, merged.status());
        assertTrue(merged.err().contains("--merged makes one file of one image"), merged.err());
        CliRun tooBig = CliRun.in(
                tmp,
                "mfg",
                "generate",
                "config.csv",
                "values.csv",
                "F",
                "0x8000",
                "--partition-table",
                "partitions.csv",
                "--partition",
                "fctry");
        assertEquals(ExitCode.INPUT, tooBig.status(), tooBig.err());
    }
}
