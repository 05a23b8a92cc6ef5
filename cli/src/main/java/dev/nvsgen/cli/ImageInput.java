package dev.nvsgen.cli;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.NvsKeys;
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

    /** Reads and interprets the image. */
    NvsImage read(Main main) {
        byte[] bytes = bytes(main);
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
        if (keys != null) {
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

    private byte[] bytes(Main main) {
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
