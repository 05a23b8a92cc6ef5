package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.NvsEncryption;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.crypto.flash.Chip;
import dev.nvsgen.crypto.flash.FlashEncryptionKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dump}/{@code verify --keys K --flash-key F --address A}: an nvs_keys partition as it sits on an
 * encrypted device's flash, decrypted in memory, then read as any keys file.
 */
class FlashEncryptedKeysTest {
    @TempDir
    Path tmp;

    private NvsKeys encryptedImage() throws IOException {
        Files.writeString(tmp.resolve("nvs.csv"), "key,type,encoding,value\nstorage,namespace,,\nanswer,data,u32,42\n");
        CliRun gen = CliRun.in(tmp, "generate", "nvs.csv", "nvs.bin", "0x3000");
        assertEquals(0, gen.status(), gen.err());
        NvsKeys keys = NvsKeys.generate();
        Files.write(tmp.resolve("enc.bin"), NvsEncryption.encrypt(Files.readAllBytes(tmp.resolve("nvs.bin")), keys));
        return keys;
    }

    @Test
    void readsAnXtsEncryptedKeysPartition() throws IOException {
        NvsKeys keys = encryptedImage();
        FlashEncryptionKey flash = FlashEncryptionKey.generate(Chip.ESP32S3);
        flash.writeTo(tmp.resolve("flash_key.bin"));
        Files.write(tmp.resolve("nvs_keys.enc"), flash.cipher().encrypt(keys.toKeysPartition(), 0x110000));
        CliRun expected = CliRun.in(tmp, "dump", "nvs.bin", "--format", "csv");
        CliRun dump = CliRun.in(
                tmp,
                "dump",
                "enc.bin",
                "--keys",
                "nvs_keys.enc",
                "--flash-key",
                "flash_key.bin",
                "--address",
                "0x110000",
                "--format",
                "csv");
        assertEquals(0, dump.status(), dump.err());
        assertEquals(expected.out(), dump.out());
        CliRun verify = CliRun.in(
                tmp,
                "verify",
                "enc.bin",
                "--keys",
                "nvs_keys.enc",
                "--flash-key",
                "flash_key.bin",
                "--address",
                "0x110000");
        assertEquals(0, verify.status(), verify.out() + verify.err());

        // At another address the keys partition decrypts to noise: its CRC says so.
        CliRun wrong = CliRun.in(
                tmp,
                "verify",
                "enc.bin",
                "--keys",
                "nvs_keys.enc",
                "--flash-key",
                "flash_key.bin",
                "--address",
                "0x120000");
        assertEquals(ExitCode.UNREADABLE, wrong.status());
        assertTrue(
                wrong.err()
                        .startsWith(
                                "nvsgen verify: error: nvs_keys.enc (decrypted with flash_key.bin at" + " 0x120000)"),
                wrong.err());

        CliRun noAddress =
                CliRun.in(tmp, "verify", "enc.bin", "--keys", "nvs_keys.enc", "--flash-key", "flash_key.bin");
        assertEquals(ExitCode.USAGE, noAddress.status());
        assertTrue(noAddress.err().contains("--flash-key, --address and --keys go together"), noAddress.err());
    }

    @Test
    void readsAnEsp32EncryptedKeysPartition() throws IOException {
        NvsKeys keys = encryptedImage();
        FlashEncryptionKey flash = FlashEncryptionKey.generate(Chip.ESP32);
        flash.writeTo(tmp.resolve("flash_key.bin"));
        Files.write(tmp.resolve("nvs_keys.enc"), flash.cipher().encrypt(keys.toKeysPartition(), 0x10000));
        CliRun verify = CliRun.in(
                tmp,
                "verify",
                "enc.bin",
                "--keys",
                "nvs_keys.enc",
                "--flash-key",
                "flash_key.bin",
                "--address",
                "0x10000",
                "--chip",
                "esp32");
        assertEquals(0, verify.status(), verify.out() + verify.err());
    }
}
