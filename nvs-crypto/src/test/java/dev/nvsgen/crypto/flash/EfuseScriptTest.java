package dev.nvsgen.crypto.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * eFuse scripts: the commands for the shared {@code efuse_*} cases, block choice without collisions, the
 * release-mode order. With {@code -Dnvsgen.espefuse=PATH} (an espefuse command) each shared case is also
 * replayed in {@code espefuse --virt} and the eFuse file compared byte for byte with the case's.
 */
class EfuseScriptTest {
    @TempDir
    Path tmp;

    private static FlashEncryptionKey key(Chip chip, FlashEncryptionScheme s) {
        return FlashEncryptionKey.generate(chip, s, new SecureRandom());
    }

    private static List<List<String>> keyCommands(EfuseScript s) {
        return s.commands().stream()
                .filter(c -> c.stage() == EfuseScript.Stage.KEYS)
                .map(EfuseScript.Command::args)
                .toList();
    }

    @Test
    void esp32s3FlashKeyThenHmacKeyAsTheSharedCases() {
        EfuseScript s = EfuseScript.builder(Chip.ESP32S3)
                .flashEncryptionKey("key.bin", key(Chip.ESP32S3, FlashEncryptionScheme.XTS_AES_128))
                .hmacUpKey("hmac.bin")
                .build();
        // efuse_esp32s3_xts128_key0 and efuse_esp32s3_hmac_up_key1, in this order.
        assertEquals(
                List.of(
                        List.of("burn_key", "BLOCK_KEY0", "key.bin", "XTS_AES_128_KEY"),
                        List.of("burn_key", "BLOCK_KEY1", "hmac.bin", "HMAC_UP"),
                        List.of("burn_efuse", "SPI_BOOT_CRYPT_CNT", "7")),
                keyCommands(s));
        assertEquals(Map.of("BLOCK_KEY0", "XTS_AES_128_KEY", "BLOCK_KEY1", "HMAC_UP"), s.purposesByBlock());
        List<EfuseScript.Command> release = s.commands().stream()
                .filter(c -> c.stage() == EfuseScript.Stage.RELEASE)
                .toList();
        assertEquals(
                List.of(
                        "burn_efuse",
                        "DIS_DOWNLOAD_ICACHE",
                        "1",
                        "DIS_DOWNLOAD_DCACHE",
                        "1",
                        "DIS_DIRECT_BOOT",
                        "1",
                        "DIS_USB_JTAG",
                        "1",
                        "DIS_PAD_JTAG",
                        "1",
                        "DIS_DOWNLOAD_MANUAL_ENCRYPT",
                        "1"),
                release.get(0).args());
        assertEquals(
                List.of("write_protect_efuse", "DIS_ICACHE"), release.get(1).args());
        assertEquals(
                List.of("burn_efuse", "ENABLE_SECURITY_DOWNLOAD", "1"),
                release.get(2).args());
        String script = s.render();
        assertTrue(script.contains("    efuse burn_key BLOCK_KEY0 key.bin XTS_AES_128_KEY\n"), script);
        assertTrue(script.contains("--do-not-confirm \"$@\""), script);
    }

    @Test
    void esp32FlashKeyAsTheSharedCase() {
        EfuseScript s = EfuseScript.builder(Chip.ESP32)
                .flashEncryptionKey("key.bin", key(Chip.ESP32, FlashEncryptionScheme.ESP32_AES256_KEY_TWEAK))
                .build();
        assertEquals(
                List.of(
                        List.of("burn_key", "flash_encryption", "key.bin"),
                        List.of("burn_efuse", "FLASH_CRYPT_CNT", "127", "FLASH_CRYPT_CONFIG", "0xF")),
                keyCommands(s));
        // ESP32's UART_DOWNLOAD_DIS needs chip revision 3: only when asked.
        assertTrue(s.commands().stream().noneMatch(c -> c.args().contains("UART_DOWNLOAD_DIS")));
        assertTrue(EfuseScript.builder(Chip.ESP32)
                .flashEncryptionKey("key.bin", key(Chip.ESP32, FlashEncryptionScheme.ESP32_AES256_KEY_TWEAK))
                .lockDownloadMode(true)
                .build()
                .commands()
                .stream()
                .anyMatch(c -> c.args().contains("UART_DOWNLOAD_DIS")));
    }

    @Test
    void blocksNeverCollide() {
        // XTS-AES-256 takes two blocks; reserved ones are skipped; the last block takes no XTS key on S3.
        EfuseScript s = EfuseScript.builder(Chip.ESP32S3)
                .reserveBlocks("BLOCK_KEY0", "BLOCK_KEY2")
                .flashEncryptionKey("fe.bin", key(Chip.ESP32S3, FlashEncryptionScheme.XTS_AES_256))
                .hmacUpKey("hmac.bin")
                .digitalSignatureKey("ds.bin")
                .build();
        assertEquals(
                Map.of(
                        "BLOCK_KEY1", "XTS_AES_256_KEY_1",
                        "BLOCK_KEY3", "XTS_AES_256_KEY_2",
                        "BLOCK_KEY4", "HMAC_UP",
                        "BLOCK_KEY5", "HMAC_DOWN_DIGITAL_SIGNATURE"),
                s.purposesByBlock());
        assertEquals(
                List.of("burn_key", "BLOCK_KEY1", "fe.bin", "XTS_AES_256_KEY"),
                keyCommands(s).get(0));
        // Only KEY4 and KEY5 free: the second half would land in KEY5, which refuses XTS keys on S3.
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> EfuseScript.builder(Chip.ESP32S3)
                        .reserveBlocks("BLOCK_KEY0", "BLOCK_KEY1", "BLOCK_KEY2", "BLOCK_KEY3")
                        .flashEncryptionKey("fe.bin", key(Chip.ESP32S3, FlashEncryptionScheme.XTS_AES_256))
                        .build());
        assertTrue(
                e.getMessage().startsWith("no two free key blocks for an XTS-AES-256 key on esp32s3"), e.getMessage());
        // On S2 the last block takes XTS keys.
        assertEquals(
                Map.of("BLOCK_KEY4", "XTS_AES_256_KEY_1", "BLOCK_KEY5", "XTS_AES_256_KEY_2"),
                EfuseScript.builder(Chip.ESP32S2)
                        .reserveBlocks("BLOCK_KEY0", "BLOCK_KEY1", "BLOCK_KEY2", "BLOCK_KEY3")
                        .flashEncryptionKey("fe.bin", key(Chip.ESP32S2, FlashEncryptionScheme.XTS_AES_256))
                        .build()
                        .purposesByBlock());
    }

    @Test
    void theDigitalSignatureKeyStaysInTheBlockItsDsDataNames() {
        // esp_secure_cert's DS data names eFuse key id 1: the XTS-AES-256 halves go around BLOCK_KEY1.
        EfuseScript s = EfuseScript.builder(Chip.ESP32S3)
                .flashEncryptionKey("fe.bin", key(Chip.ESP32S3, FlashEncryptionScheme.XTS_AES_256))
                .hmacUpKey("hmac.bin")
                .digitalSignatureKey("ds.bin", "BLOCK_KEY1")
                .build();
        assertEquals(
                Map.of(
                        "BLOCK_KEY0", "XTS_AES_256_KEY_1",
                        "BLOCK_KEY2", "XTS_AES_256_KEY_2",
                        "BLOCK_KEY3", "HMAC_UP",
                        "BLOCK_KEY1", "HMAC_DOWN_DIGITAL_SIGNATURE"),
                s.purposesByBlock());
        assertEquals(
                List.of("burn_key", "BLOCK_KEY1", "ds.bin", "HMAC_DOWN_DIGITAL_SIGNATURE"),
                keyCommands(s).get(2));
        IllegalArgumentException reserved = assertThrows(
                IllegalArgumentException.class,
                () -> EfuseScript.builder(Chip.ESP32S3)
                        .reserveBlocks("BLOCK_KEY2")
                        .digitalSignatureKey("ds.bin", "BLOCK_KEY2")
                        .build());
        assertEquals(
                "the Digital Signature key's block BLOCK_KEY2 (the DS data's eFuse key id) is reserved",
                reserved.getMessage());
        IllegalArgumentException none = assertThrows(
                IllegalArgumentException.class,
                () -> EfuseScript.builder(Chip.ESP32C2).digitalSignatureKey("ds.bin", "BLOCK_KEY0"));
        assertEquals("esp32c2 has no Digital Signature peripheral", none.getMessage());
    }

    @Test
    void chipsWithoutThePeripheralRefuse() {
        assertThrows(
                IllegalArgumentException.class,
                () -> EfuseScript.builder(Chip.ESP32C2).hmacUpKey("h.bin"));
        assertThrows(
                IllegalArgumentException.class,
                () -> EfuseScript.builder(Chip.ESP32).digitalSignatureKey("d.bin"));
        assertThrows(
                IllegalArgumentException.class,
                () -> EfuseScript.builder(Chip.ESP32S3).hmacUpKey("h bin"));
        assertThrows(
                IllegalArgumentException.class,
                () -> EfuseScript.builder(Chip.ESP32S3).hmacUpKey("-h.bin"));
        FlashEncryptionKey c2 = FlashEncryptionKey.parse(Chip.ESP32C2, new byte[16], "k");
        assertEquals(
                Map.of("BLOCK_KEY0", "XTS_AES_128_KEY_DERIVED_FROM_128_EFUSE_BITS"),
                EfuseScript.builder(Chip.ESP32C2)
                        .flashEncryptionKey("k.bin", c2)
                        .build()
                        .purposesByBlock());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chips")
    void everyChipHasAScript(Chip chip) {
        EfuseScript.Builder b = EfuseScript.builder(chip).flashEncryptionKey("fe.bin", key(chip, chip.defaultScheme()));
        if (chip.hasHmac()) {
            b.hmacUpKey("hmac.bin");
        }
        if (chip.hasDigitalSignature()) {
            b.digitalSignatureKey("ds.bin");
        }
        EfuseScript s = b.build();
        String text = s.render();
        assertTrue(text.contains("--chip " + chip.id()), text);
        assertTrue(text.contains("burn_efuse " + chip.cryptCounter()), text);
        assertEquals(s.purposesByBlock().size(), s.keyBlocks().size(), "one purpose per block");
    }

    static List<Chip> chips() {
        return List.of(Chip.values());
    }

    /** The shared espefuse cases, replayed: our commands for their inputs leave exactly their eFuse file. */
    static List<FlashVectors.Case> efuseCases() {
        return FlashVectors.cases("espefuse");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("efuseCases")
    void replaysInEspefuseVirt(FlashVectors.Case c) throws IOException, InterruptedException {
        Chip chip = Chip.fromId(c.text("chip"));
        EfuseScript.Builder b = EfuseScript.builder(chip).releaseMode(false);
        String keyFile = c.json().get("key_files").propertyNames().iterator().next();
        if (keyFile.equals("hmac.bin")) {
            b.reserveBlocks("BLOCK_KEY0").hmacUpKey("hmac.bin");
        } else {
            b.flashEncryptionKey("key.bin", FlashEncryptionKey.parse(chip, c.file("key.bin"), "key.bin"));
        }
        EfuseScript script = b.build();
        // The case's burn command, with the connection options taken out, is ours.
        String caseCommand = c.json().get("commands").get(0).asString();
        String ours = String.join(" ", script.commands().get(0).args());
        assertTrue(caseCommand.endsWith("--do-not-confirm " + ours), caseCommand + " vs " + ours);

        String espefuse = System.getProperty("nvsgen.espefuse");
        Assumptions.assumeTrue(espefuse != null, "-Dnvsgen.espefuse=PATH not set: no replay");
        Files.copy(c.dir().resolve(keyFile), tmp.resolve(keyFile));
        Path sh = tmp.resolve("efuse.sh");
        Files.writeString(sh, script.render());
        ProcessBuilder pb = new ProcessBuilder("sh", sh.toString(), "keys", "--virt", "efuse.bin")
                .directory(tmp.toFile())
                .redirectErrorStream(true);
        pb.environment().put("ESPEFUSE", espefuse);
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        assertArrayEquals(c.file("efuse.bin"), Files.readAllBytes(tmp.resolve("efuse.bin")), log);
    }
}
