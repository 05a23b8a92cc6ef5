package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** encrypt with a partition table: the keys image goes to the nvs_keys partition in the flash args. */
class EncryptPartitionTableTest {
    private static final String VALUES = "key,type,encoding,value\nns,namespace,,\nk,data,u8,1\n";

    @TempDir
    Path tmp;

    @BeforeEach
    void files() throws Exception {
        Files.writeString(tmp.resolve("v.csv"), VALUES);
        Files.writeString(
                tmp.resolve("adjacent.csv"),
                "nvs,data,nvs,,0x6000\nnvs_keys,data,nvs_keys,,4K,encrypted\nfactory,app,factory,,1M\n");
        Files.writeString(
                tmp.resolve("apart.csv"),
                "nvs,data,nvs,,0x6000\nfactory,app,factory,,1M\nnvs_keys,data,nvs_keys,,4K\n");
    }

    @Test
    void keysImageIsFlashedToTheKeysPartition() throws Exception {
        CliRun run = CliRun.in(
                tmp,
                "encrypt",
                "v.csv",
                "nvs.bin",
                "--keygen",
                "--keyfile",
                "k.bin",
                "--partition-table",
                "adjacent.csv",
                "--merged",
                "merged.bin");
        assertEquals(0, run.status(), run.err());
        assertEquals(
                List.of("--flash_mode keep --flash_freq keep --flash_size keep", "0x9000 nvs.bin", "0xf000 keys/k.bin"),
                Files.readAllLines(tmp.resolve("nvs.flash_args")));
        assertTrue(run.out().contains("  esptool.py write_flash 0x9000 nvs.bin 0xf000 keys/k.bin\n"), run.out());
        byte[] merged = Files.readAllBytes(tmp.resolve("merged.bin"));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("nvs.bin")), Arrays.copyOf(merged, 0x6000));
        assertArrayEquals(Files.readAllBytes(tmp.resolve("keys/k.bin")), Arrays.copyOfRange(merged, 0x6000, 0x7000));
    }

    @Test
    void keysPartitionWithoutEncryptedFlagWarnsAndAMergeOverTheAppIsRefused() throws Exception {
        CliRun run = CliRun.in(
                tmp,
                "encrypt",
                "v.csv",
                "nvs.bin",
                "--keygen",
                "--keyfile",
                "k.bin",
                "--partition-table",
                "apart.csv",
                "--merged",
                "merged.bin");
        assertEquals(ExitCode.INPUT, run.status());
        assertTrue(
                run.err()
                        .startsWith("nvsgen encrypt: warning: apart.csv:3: partition 'nvs_keys' has no"
                                + " 'encrypted' flag"),
                run.err());
        assertTrue(
                run.err()
                        .contains("nvsgen encrypt: error: a merged file from 0x9000 to 0x111000 would overwrite"
                                + " 'factory' at 0x10000 with 0xFF"),
                run.err());
        assertEquals(List.of("adjacent.csv", "apart.csv", "v.csv"), CliRun.files(tmp), "nothing written");
    }

    @Test
    void hmacSchemeLeavesTheKeysPartitionAlone() throws Exception {
        CliRun run = CliRun.in(
                tmp,
                "encrypt",
                "v.csv",
                "nvs.bin",
                "--keygen",
                "--keyfile",
                "k.bin",
                "--key_protect_hmac",
                "--kp_hmac_keygen",
                "--partition-table",
                "adjacent.csv");
        assertEquals(0, run.status(), run.err());
        assertEquals(
                List.of("--flash_mode keep --flash_freq keep --flash_size keep", "0x9000 nvs.bin"),
                Files.readAllLines(tmp.resolve("nvs.flash_args")));
    }

    @Test
    void bareInputKeysGetAKeysPartitionImage() throws Exception {
        assertEquals(0, CliRun.in(tmp, "generate-key", "--keyfile", "k.bin").status());
        Files.write(tmp.resolve("bare.bin"), Arrays.copyOf(Files.readAllBytes(tmp.resolve("keys/k.bin")), 64));
        CliRun run = CliRun.in(
                tmp, "encrypt", "v.csv", "dev1.bin", "--inputkey", "bare.bin", "--partition-table", "adjacent.csv");
        assertEquals(0, run.status(), run.err());
        assertArrayEquals(
                Files.readAllBytes(tmp.resolve("keys/k.bin")),
                Files.readAllBytes(tmp.resolve("keys/dev1-nvs_keys.bin")));
        assertEquals(
                "0xf000 keys/dev1-nvs_keys.bin",
                Files.readAllLines(tmp.resolve("dev1.flash_args")).get(2));
        CliRun given = CliRun.in(
                tmp, "encrypt", "v.csv", "dev2.bin", "--inputkey", "keys/k.bin", "--partition-table", "adjacent.csv");
        assertEquals(0, given.status(), given.err());
        assertEquals(
                "0xf000 keys/k.bin",
                Files.readAllLines(tmp.resolve("dev2.flash_args")).get(2));
    }
}
