package dev.nvsgen.provisioning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.crypto.flash.Chip;
import dev.nvsgen.crypto.flash.FlashCipher;
import dev.nvsgen.crypto.flash.FlashEncryptionKey;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.read.NvsImage;
import dev.nvsgen.nvs.read.NvsReader;
import dev.nvsgen.partitions.PartitionEntry;
import dev.nvsgen.partitions.PartitionTable;
import dev.nvsgen.partitions.PartitionTableOptions;
import dev.nvsgen.provisioning.model.FileRef;
import dev.nvsgen.provisioning.model.FlashEncryption;
import dev.nvsgen.provisioning.testing.EspefuseReplay;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Per-device flash encryption in a run: each device's pre-encrypted nvs_keys partition decrypts, with
 * its own flash key at the partition's offset, to the keys that open its NVS image; its eFuse script
 * names its key file in a block with the flash-encryption purpose. With {@code -Dnvsgen.espefuse=PATH}
 * the scripts are also replayed in {@code espefuse --virt} (the keys stage must succeed).
 */
class FlashEncryptionBatchTest {
    private static final String TABLE = """
            # Name,   Type, SubType, Offset,  Size, Flags
            nvs,      data, nvs,     0x9000,  0x6000,
            otadata,  data, ota,     0xf000,  0x2000, encrypted
            phy_init, data, phy,     0x11000, 0x1000,
            nvs_key,  data, nvs_keys,0x12000, 0x1000, encrypted
            factory,  app,  factory, 0x20000, 1M,
            """;
    private static final List<Device> DEVICES =
            List.of(Device.of("SN-0001"), Device.of("SN-0002"), Device.of("SN-0003"));

    @TempDir
    Path tmp;

    private static PartitionTable table() {
        return PartitionTable.parseCsv(TABLE, "partitions.csv", PartitionTableOptions.defaults());
    }

    private static Provisioner.Builder builder(Chip chip) {
        return Provisioner.builder()
                .partitionTable(table())
                .value("factory", "serial", "string", "${serial}")
                .keysPerDevice()
                .flashEncryption(FlashEncryption.perDevice(chip));
    }

    @ParameterizedTest
    @EnumSource(
            value = Chip.class,
            names = {"ESP32S3", "ESP32"})
    void eachDevicesEncryptedKeysPartitionOpensItsImage(Chip chip) throws Exception {
        Path out = tmp.resolve("out");
        builder(chip).build().writeAll(DEVICES, out);
        PartitionEntry keysPartition = table().byName("nvs_key").orElseThrow();
        Set<String> keys = new HashSet<>();
        for (Device d : DEVICES) {
            Path dir = out.resolve("flash").resolve(d.serial());
            Path keyFile = dir.resolve("flash_key.bin");
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
            }
            keys.add(Arrays.toString(Files.readAllBytes(keyFile)));
            FlashEncryptionKey key = FlashEncryptionKey.read(keyFile, "flash_key.bin", chip);
            byte[] encrypted = Files.readAllBytes(dir.resolve("nvs_key.bin"));
            byte[] plainKeys = Files.readAllBytes(out.resolve("keys").resolve(d.serial() + ".bin"));
            assertFalse(Arrays.equals(plainKeys, encrypted), "the keys partition is written encrypted");
            byte[] decrypted = key.cipher().decrypt(encrypted, keysPartition.offset());
            assertArrayEquals(plainKeys, decrypted);
            NvsKeys nvsKeys = NvsKeys.parse(decrypted, d.serial());
            NvsImage image =
                    NvsReader.read(Files.readAllBytes(out.resolve("bin").resolve(d.serial() + ".bin")), nvsKeys);
            assertTrue(image.isSound(), image.findings().toString());
            assertEquals(
                    NvsValue.string(d.serial()),
                    image.entries().stream()
                            .filter(e -> e.key().equals("serial"))
                            .findFirst()
                            .orElseThrow()
                            .value());

            String script = Files.readString(dir.resolve("espefuse.sh"));
            String burn = chip == Chip.ESP32
                    ? "efuse burn_key flash_encryption flash_key.bin"
                    : "efuse burn_key BLOCK_KEY0 flash_key.bin XTS_AES_128_KEY";
            assertTrue(script.contains(burn + "\n"), script);
            String args = Files.readString(dir.resolve("flash_args"));
            assertTrue(args.contains("0x9000 ../../bin/" + d.serial() + ".bin\n"), args);
            assertTrue(args.contains("0x12000 nvs_key.bin\n"), args);
            replay(chip, dir, key);
        }
        assertEquals(DEVICES.size(), keys.size(), "a fresh key per device");
        String summary = Files.readString(out.resolve(RunLog.JSON));
        assertTrue(summary.contains(chip == Chip.ESP32 ? "\"efuse_BLOCK1\"" : "\"efuse_BLOCK_KEY0\""), summary);
        assertTrue(summary.contains(chip == Chip.ESP32 ? "\"flash_encryption\"" : "\"XTS_AES_128_KEY\""), summary);
    }

    /**
     * Issue 23's acceptance: each device's script, replayed in espefuse --virt (keys left readable), leaves
     * that device's key in the block its script names, as espefuse stores it (XTS and ESP32 keys
     * byte-reversed, HMAC keys as given), the purpose named, and flash encryption on. ESP32 is not replayed
     * here: its burn_key spells the option --no-protect-key, which the script does not map yet.
     */
    @ParameterizedTest
    @EnumSource(
            value = Chip.class,
            names = {"ESP32S3", "ESP32C3"})
    void eachScriptReplayedInEspefuseLeavesItsDevicesKeys(Chip chip) throws Exception {
        EspefuseReplay.espefuse();
        Path out = tmp.resolve("out");
        Provisioner.Builder b = builder(chip);
        if (chip == Chip.ESP32C3) {
            b.hmacKeyPerDevice();
        }
        b.build().writeAll(DEVICES.subList(0, 2), out);
        for (Device d : DEVICES.subList(0, 2)) {
            Path dir = out.resolve("flash").resolve(d.serial());
            Map<String, EspefuseReplay.Field> efuses = EspefuseReplay.replay(dir, chip.id(), "keys");
            byte[] flashKey = Files.readAllBytes(dir.resolve("flash_key.bin"));
            if (chip == Chip.ESP32) {
                assertEquals(
                        EspefuseReplay.stored(flashKey, true),
                        efuses.get("BLOCK1").value(),
                        d.serial());
                assertEquals("0x7f", efuses.get("FLASH_CRYPT_CNT").rawValue());
                continue;
            }
            assertEquals(
                    EspefuseReplay.stored(flashKey, true),
                    efuses.get("BLOCK_KEY0").value(),
                    d.serial());
            assertEquals("XTS_AES_128_KEY", efuses.get("KEY_PURPOSE_0").value());
            assertEquals("0x7", efuses.get("SPI_BOOT_CRYPT_CNT").rawValue());
            if (chip == Chip.ESP32C3) {
                byte[] hmac = Files.readAllBytes(out.resolve("keys").resolve(d.serial() + "-hmac-key.bin"));
                assertEquals(
                        EspefuseReplay.stored(hmac, false),
                        efuses.get("BLOCK_KEY1").value(),
                        d.serial());
                assertEquals("HMAC_UP", efuses.get("KEY_PURPOSE_1").value());
            }
        }
    }

    @Test
    void hmacKeysPerDeviceGoToHmacUpAndNoKeysPartitionIsWritten() throws Exception {
        Path out = tmp.resolve("out");
        builder(Chip.ESP32C3).hmacKeyPerDevice().build().writeAll(DEVICES.subList(0, 1), out);
        Path dir = out.resolve("flash").resolve("SN-0001");
        String script = Files.readString(dir.resolve("espefuse.sh"));
        assertTrue(script.contains("efuse burn_key BLOCK_KEY1 ../../keys/SN-0001-hmac-key.bin HMAC_UP\n"), script);
        assertFalse(Files.exists(dir.resolve("nvs_key.bin")));
    }

    @Test
    void theWholeFlashMergedHoldsTheFirmwareEncryptedAndTheNvsImagePlain() throws Exception {
        byte[] bootloader = new byte[1000];
        byte[] app = new byte[5000];
        for (int i = 0; i < app.length; i++) {
            app[i] = (byte) (i * 7);
            bootloader[i % bootloader.length] = (byte) i;
        }
        Files.write(tmp.resolve("bootloader.bin"), bootloader);
        Files.write(tmp.resolve("app.bin"), app);
        FlashEncryption fe = new FlashEncryption(
                Chip.ESP32S3,
                null,
                FlashCipher.DEFAULT_FLASH_CRYPT_CONFIG,
                List.of("BLOCK_KEY0"),
                new FlashEncryption.Firmware(
                        FileRef.of(tmp.resolve("bootloader.bin"), null),
                        null,
                        FileRef.of(tmp.resolve("app.bin"), null),
                        null),
                true,
                null);
        Path out = tmp.resolve("out");
        Provisioner.builder()
                .partitionTable(table())
                .value("factory", "serial", "string", "${serial}")
                .keysPerDevice()
                .flashEncryption(fe)
                .build()
                .writeAll(DEVICES.subList(0, 1), out);
        Path dir = out.resolve("flash").resolve("SN-0001");
        byte[] merged = Files.readAllBytes(dir.resolve("merged.bin"));
        assertEquals(
                "--flash_mode keep --flash_freq keep --flash_size keep\n0x0 merged.bin\n",
                Files.readString(dir.resolve("flash_args")));
        FlashCipher cipher = FlashEncryptionKey.read(dir.resolve("flash_key.bin"), "k", Chip.ESP32S3)
                .cipher();
        byte[] appOnFlash = Arrays.copyOfRange(merged, 0x20000, 0x20000 + 5024);
        byte[] plainApp = cipher.decrypt(appOnFlash, 0x20000);
        assertArrayEquals(app, Arrays.copyOf(plainApp, app.length));
        assertEquals((byte) 0xFF, plainApp[5023], "padded with 0xFF to 32 bytes, as esptool pads");
        assertArrayEquals(bootloader, Arrays.copyOf(cipher.decrypt(Arrays.copyOf(merged, 1024), 0), 1000));
        byte[] tableOnFlash = Arrays.copyOfRange(merged, 0x8000, 0x8000 + PartitionTable.BINARY_LENGTH);
        assertArrayEquals(table().toBinary(), cipher.decrypt(tableOnFlash, 0x8000));
        byte[] image = Files.readAllBytes(out.resolve("bin").resolve("SN-0001.bin"));
        assertArrayEquals(image, Arrays.copyOfRange(merged, 0x9000, 0x9000 + image.length), "NVS stays plain");
        String script = Files.readString(dir.resolve("espefuse.sh"));
        assertTrue(script.contains("efuse burn_key BLOCK_KEY1 flash_key.bin XTS_AES_128_KEY\n"), script);
    }

    @Test
    void aResumeKeepsTheKeysOfDevicesAlreadyDone() throws Exception {
        Path out = tmp.resolve("out");
        Provisioner p = builder(Chip.ESP32S3).build();
        p.writeAll(DEVICES, out);
        List<byte[]> before = new ArrayList<>();
        for (Device d : DEVICES) {
            before.add(
                    Files.readAllBytes(out.resolve("flash").resolve(d.serial()).resolve("flash_key.bin")));
        }
        RunSummary again = p.writeAll(DEVICES, out, RunOptions.defaults().withResume());
        assertEquals(DEVICES.size(), again.resumed());
        for (int i = 0; i < DEVICES.size(); i++) {
            assertArrayEquals(
                    before.get(i),
                    Files.readAllBytes(out.resolve("flash")
                            .resolve(DEVICES.get(i).serial())
                            .resolve("flash_key.bin")));
        }
        assertNotEquals(0, before.get(0).length);
    }

    /**
     * With {@code -Dnvsgen.espefuse}: the script's keys stage, replayed on virtual eFuses, exits 0 and
     * burns the key block.
     */
    private static void replay(Chip chip, Path dir, FlashEncryptionKey key) throws Exception {
        String espefuse = System.getProperty("nvsgen.espefuse");
        if (espefuse == null) {
            return; // -Dnvsgen.espefuse=PATH not set: the script's text is asserted, not replayed
        }
        ProcessBuilder pb = new ProcessBuilder("sh", "espefuse.sh", "keys", "--virt", "efuse-virt.bin")
                .directory(dir.toFile())
                .redirectErrorStream(true);
        pb.environment().put("ESPEFUSE", espefuse);
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        assertTrue(log.contains("BURN BLOCK"), chip + ": the key block was burnt\n" + log);
        Files.delete(dir.resolve("efuse-virt.bin"));
    }
}
