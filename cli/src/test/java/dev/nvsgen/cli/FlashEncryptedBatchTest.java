package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 23's acceptance through the command line, as a station would check it: a batch with a flash key
 * per device, then each device's pre-encrypted nvs_keys decrypted by {@code nvsgen espsecure
 * decrypt_flash_data} with that device's key at the partition's address gives exactly the device's keys
 * partition, which opens that device's NVS image and no other device's.
 */
class FlashEncryptedBatchTest {
    private static final int DEVICES = 3;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"esp32s3", "esp32"})
    void eachDevicesPreEncryptedKeysDecryptWithEspsecureToKeysThatOpenItsImage(String chip) throws Exception {
        Files.writeString(
                tmp.resolve("partitions.csv"),
                "nvs,data,nvs,0x9000,0x6000,\nnvs_key,data,nvs_keys,0xf000,0x1000,encrypted\n"
                        + "factory,app,factory,0x10000,1M,\n");
        Files.writeString(
                tmp.resolve("m.yaml"),
                "partition:\n  table: partitions.csv\n  encryption: {keys: per-device}\n"
                        + "devices:\n  range: {prefix: SN-, from: 1, to: " + DEVICES + ", digits: 4}\n"
                        + "namespaces:\n  factory:\n    serial: {type: string, value: \"${serial}\"}\n"
                        + "flash-encryption:\n  chip: " + chip + "\n");
        CliRun batch = CliRun.in(tmp, "batch", "m.yaml", "--outdir", "out", "--quiet");
        assertEquals(0, batch.status(), batch.err());

        for (int i = 1; i <= DEVICES; i++) {
            String serial = String.format("SN-%04d", i);
            Path device = tmp.resolve("out/flash/" + serial);
            List<String> decrypt = new ArrayList<>(List.of("espsecure", "decrypt_flash_data"));
            if (!chip.equals("esp32")) {
                decrypt.add("--aes_xts");
            }
            decrypt.addAll(List.of(
                    "--keyfile",
                    device.resolve("flash_key.bin").toString(),
                    "--address",
                    "0xf000",
                    "--output",
                    serial + "-keys.bin",
                    device.resolve("nvs_key.bin").toString()));
            CliRun plain = CliRun.in(tmp, decrypt.toArray(String[]::new));
            assertEquals(0, plain.status(), plain.err());
            assertArrayEquals(
                    Files.readAllBytes(tmp.resolve("out/keys/" + serial + ".bin")),
                    Files.readAllBytes(tmp.resolve(serial + "-keys.bin")),
                    serial + ": the decrypted partition is the device's keys partition");

            CliRun opens = CliRun.in(tmp, "verify", "out/bin/" + serial + ".bin", "--keys", serial + "-keys.bin");
            assertEquals(0, opens.status(), opens.out() + opens.err());
            assertTrue(opens.out().contains(": sound"), opens.out());

            String other = String.format("SN-%04d", i % DEVICES + 1);
            CliRun wrong = CliRun.in(tmp, "verify", "out/bin/" + other + ".bin", "--keys", serial + "-keys.bin");
            assertEquals(2, wrong.status(), wrong.out() + wrong.err());
            assertTrue(wrong.err().contains("the keys do not belong to this image"), wrong.err());
        }
    }
}
