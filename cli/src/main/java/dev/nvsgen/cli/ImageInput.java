package dev.nvsgen.cli;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.crypto.flash.Chip;
import dev.nvsgen.crypto.flash.FlashEncryptionKey;
import dev.nvsgen.nvs.EntryCipher;
import dev.nvsgen.nvs.NvsException;
import dev.nvsgen.nvs.read.NvsImage;
import dev.nvsgen.nvs.read.NvsReader;
import dev.nvsgen.nvs.util.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The image {@code dump} and {@code verify} read, and its keys: anything that keeps it from being read
 * at all (no such file, a bad keys file, keys that decrypt nothing) ends the command with
 * {@link ExitCode#UNREADABLE}.
 */
final class ImageInput {
    /** Far above any NVS partition; stops a wrong argument (a disk image, a device file) from filling memory. */
    static final int MAX_IMAGE_BYTES = (int) InputFiles.MAX_IMAGE;
    /** An nvs_keys partition: one 4096-byte page. */
    private static final int KEYS_PARTITION_BYTES = 4096;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The NVS partition image.")
    String image;

    @Option(
            names = "--keys",
            paramLabel = "KEYFILE",
            description = "Keys file of an encrypted image (4096-byte nvs_keys partition or the bare 64 bytes).")
    String keys;

    @Option(
            names = "--hmac-key",
            paramLabel = "KEYFILE",
            description = "HMAC key (32 bytes, as burnt into the eFuse) of an image encrypted under the HMAC"
                    + " scheme: its XTS keys are derived from it as nvs_flash derives them.")
    String hmacKey;

    @Option(
            names = "--flash-key",
            paramLabel = "KEYFILE",
            description = "Flash-encryption key the --keys file was pre-encrypted with (a flash-encrypted nvs_keys"
                    + " partition, as read from the device or written for it); needs --address.")
    String flashKey;

    @Option(
            names = "--address",
            paramLabel = "ADDRESS",
            description = "With --flash-key: the flash offset of the nvs_keys partition (0x110000).")
    String flashAddress;

    @Option(
            names = "--chip",
            paramLabel = "CHIP",
            description = "With --flash-key: the chip (esp32 means its AES key tweak with FLASH_CRYPT_CONFIG 0xF;"
                    + " default: XTS-AES, every later chip).")
    String chip;

    /** Reads and interprets the image. */
    NvsImage read(Main main) {
        return read(main, bytes(main));
    }

    /** Interprets {@code bytes}, the image's contents (see {@link #bytes}). */
    NvsImage read(Main main, byte[] bytes) {
        EntryCipher cipher = null;
        if (keys != null && hmacKey != null) {
            throw new CliException("give --keys or --hmac-key, not both", ExitCode.USAGE);
        }
        if (hmacKey != null) {
            try {
                cipher = HmacKey.read(main.resolve(hmacKey), hmacKey)
                        .deriveNvsKeys()
                        .cipher();
            } catch (NvsException e) {
                throw new CliException(e.getMessage(), ExitCode.UNREADABLE);
            }
        }
        if (flashKey != null || flashAddress != null || chip != null) {
            if (keys == null || flashKey == null || flashAddress == null) {
                throw new CliException(
                        "--flash-key, --address and --keys go together: the flash-encrypted keys"
                                + " partition, its key and its flash offset",
                        ExitCode.USAGE);
            }
        }
        if (keys != null && flashKey != null) {
            try {
                cipher = flashEncryptedKeys(main).cipher();
            } catch (NvsException e) {
                throw new CliException(e.getMessage(), ExitCode.UNREADABLE);
            }
        } else if (keys != null) {
            try {
                cipher = NvsKeys.read(main.resolve(keys), keys).cipher();
            } catch (NvsException e) {
                throw new CliException(e.getMessage(), ExitCode.UNREADABLE);
            }
        }
        try {
            return NvsReader.read(bytes, cipher);
        } catch (NvsException e) {
            throw new CliException(
                    image + (keys != null ? " with " + keys : hmacKey != null ? " with HMAC key " + hmacKey : "") + ": "
                            + e.getMessage(),
                    ExitCode.UNREADABLE);
        }
    }

    /** The NVS keys in the flash-encrypted keys partition {@code --keys}, decrypted in memory only. */
    private NvsKeys flashEncryptedKeys(Main main) {
        Chip c;
        try {
            c = chip == null ? Chip.ESP32S3 : Chip.fromId(chip);
        } catch (IllegalArgumentException e) {
            throw new CliException("--chip: " + e.getMessage(), ExitCode.USAGE);
        }
        long address = Addresses.parse("--address", flashAddress);
        FlashEncryptionKey key = FlashEncryptionKey.read(main.resolve(flashKey), flashKey, c != Chip.ESP32);
        byte[] encrypted = InputFiles.read(main.resolve(keys), keys, KEYS_PARTITION_BYTES, "an nvs_keys partition");
        byte[] plain = key.cipher().decrypt(encrypted, address);
        try {
            return NvsKeys.parse(plain, keys + " (decrypted with " + flashKey + " at " + flashAddress + ")");
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    /** The image file's bytes. */
    byte[] bytes(Main main) {
        Path file = main.resolve(image);
        try {
            // Looked at before it is opened: a FIFO would block, a device never end.
            InputFiles.check(file, image, MAX_IMAGE_BYTES, "an NVS partition image");
        } catch (NvsException e) {
            throw new CliException(e.getMessage(), ExitCode.UNREADABLE);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(MAX_IMAGE_BYTES + 1);
            if (b.length > MAX_IMAGE_BYTES) {
                throw new CliException(
                        image + ": larger than " + (MAX_IMAGE_BYTES >> 20) + " MiB, far more than an NVS partition",
                        ExitCode.UNREADABLE);
            }
            return b;
        } catch (NoSuchFileException e) {
            throw new CliException(image + ": no such file", ExitCode.UNREADABLE);
        } catch (IOException e) {
            throw new CliException(image + ": cannot be read: " + ErrorHandler.describe(e), ExitCode.UNREADABLE);
        }
    }
}
