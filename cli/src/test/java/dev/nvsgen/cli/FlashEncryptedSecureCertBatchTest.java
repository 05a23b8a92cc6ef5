package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.flash.Chip;
import dev.nvsgen.crypto.flash.FlashEncryptionKey;
import dev.nvsgen.provisioning.testing.Fixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch that writes esp_secure_cert with RSA DS data under per-device flash encryption: each device's eFuse
 * script burns its DS key ({@code HMAC_DOWN_DIGITAL_SIGNATURE}) into the block its DS data names, the flash
 * key into another, and its esp_secure_cert partition, flagged {@code encrypted}, is written pre-encrypted
 * at its offset; the run record lists every block and purpose.
 */
class FlashEncryptedSecureCertBatchTest {
    private static final String TABLE = """
            nvs,      data, nvs,     0x9000,  0x4000,
            esp_secure_cert, 0x3F, , 0xD000, 0x2000, encrypted
            factory,  app,  factory, 0x10000, 1M,
            """;

    @TempDir
    Path tmp;

    private CliRun batch(int efuseKeyId, String chip) {
        Fixture f = new Fixture(tmp).devices(2);
        f.write("partitions.csv", TABLE);
        f.write(
                "m.yaml",
                "preset: esp_secure_cert\nsecure-cert: {chip: esp32s3, key: rsa-ds, efuse-key-id: " + efuseKeyId
                        + "}\npartition: {table: partitions.csv}\ndevices: {csv: devices.csv}\n"
                        + Fixture.credentials("key-type: rsa-2048") + "flash-encryption: {chip: " + chip + "}\n");
        return CliRun.in(tmp, "batch", "m.yaml", "--outdir", "out", "-q");
    }

    @Test
    void theDsKeyGoesToItsBlockAndTheFlashKeyAroundIt() throws Exception {
        CliRun run = batch(0, "esp32s3");
        assertEquals(0, run.status(), run.err());
        for (String serial : new String[] {"SN-0001", "SN-0002"}) {
            Path dir = tmp.resolve("out/flash/" + serial);
            String script = Files.readString(dir.resolve("espefuse.sh"));
            assertTrue(script.contains("efuse burn_key BLOCK_KEY1 flash_key.bin XTS_AES_128_KEY\n"), script);
            assertTrue(
                    script.contains("efuse burn_key BLOCK_KEY0 ../../keys/" + serial
                            + "-hmac-key.bin HMAC_DOWN_DIGITAL_SIGNATURE\n"),
                    script);
            byte[] plain = Files.readAllBytes(tmp.resolve("out/bin/" + serial + ".bin"));
            byte[] onFlash = Files.readAllBytes(dir.resolve("esp_secure_cert.bin"));
            assertFalse(Arrays.equals(plain, onFlash), "esp_secure_cert is written encrypted");
            FlashEncryptionKey key =
                    FlashEncryptionKey.read(dir.resolve("flash_key.bin"), "flash_key.bin", Chip.ESP32S3);
            assertArrayEquals(plain, key.cipher().decrypt(onFlash, 0xD000));
            String args = Files.readString(dir.resolve("flash_args"));
            assertTrue(args.contains("0xd000 esp_secure_cert.bin\n"), args);
            assertFalse(args.contains("../../bin/"), args);
        }
        String json = Files.readString(tmp.resolve("out/batch-run.json"));
        assertTrue(json.contains("\"efuse_BLOCK_KEY1\" : \"XTS_AES_128_KEY\""), json);
        assertTrue(json.contains("\"efuse_BLOCK_KEY0\" : \"HMAC_DOWN_DIGITAL_SIGNATURE\""), json);
    }

    @Test
    void theDefaultKeyIdLeavesBlockKey0ToTheFlashKey() throws Exception {
        CliRun run = batch(1, "esp32s3");
        assertEquals(0, run.status(), run.err());
        String script = Files.readString(tmp.resolve("out/flash/SN-0001/espefuse.sh"));
        assertTrue(script.contains("efuse burn_key BLOCK_KEY0 flash_key.bin XTS_AES_128_KEY\n"), script);
        assertTrue(script.contains("efuse burn_key BLOCK_KEY1 ../../keys/SN-0001-hmac-key.bin"), script);
    }

    @Test
    void oneDeviceHasOneChip() {
        CliRun run = batch(1, "esp32c3");
        assertEquals(1, run.status());
        assertTrue(
                run.err()
                        .contains("flash encryption is for esp32c3, but the esp_secure_cert partition's DS key"
                                + " is for esp32s3: one device, one chip"),
                run.err());
    }
}
