package dev.nvsgen.factory;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.NvsEncryption;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.crypto.ThreadRandom;
import dev.nvsgen.factory.DeviceEncryption.KeyFile;
import dev.nvsgen.nvs.NvsInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a batch encrypts each device's image ({@code mfg generate}, {@code batch}, the provisioning API):
 * with one set of keys for every device, or with keys made per device, random or derived from an HMAC
 * key (the eFuse scheme) made per device. Each returns the key files to keep for the device.
 *
 * <p>File names are patterns in which {@code ${serial}} stands for the device's name ({@code
 * keys-${serial}.bin}), as in every other template of nvsgen; {@code %s} ({@code keys-%s.bin}) is read
 * the same way.
 * Every implementation is safe to use from many threads; per-device keys come from a DRBG per thread.
 */
public final class DeviceEncryptions {
    private DeviceEncryptions() {}

    /** Every device encrypted with {@code keys}; no key file is kept (the caller has the keys). */
    public static DeviceEncryption sharedKeys(NvsKeys keys) {
        Objects.requireNonNull(keys, "keys");
        return (name, image) -> {
            encryptInPlace(image, keys);
            return List.of();
        };
    }

    /**
     * Every device encrypted with {@code keys}, and the keys file kept for each one under
     * {@code keysFileName}, as mfg_gen does with a given HMAC key.
     */
    public static DeviceEncryption sharedKeys(NvsKeys keys, String keysFileName) {
        Objects.requireNonNull(keys, "keys");
        checkPattern(keysFileName);
        byte[] keysFile = keys.toKeysPartition();
        return (name, image) -> {
            encryptInPlace(image, keys);
            return List.of(new KeyFile(fileName(keysFileName, name), keysFile));
        };
    }

    /** Fresh random keys for each device, its keys file kept under {@code keysFileName}. */
    public static DeviceEncryption keysPerDevice(String keysFileName) {
        checkPattern(keysFileName);
        return new DeviceEncryption() {
            @Override
            public List<KeyFile> encrypt(String name, byte[] image) {
                NvsKeys keys = NvsKeys.generate(ThreadRandom.current());
                encryptInPlace(image, keys);
                return List.of(new KeyFile(fileName(keysFileName, name), keys.toKeysPartition()));
            }

            @Override
            public List<String> newKeyFileNames(String name) {
                return List.of(fileName(keysFileName, name));
            }
        };
    }

    /**
     * A fresh HMAC key for each device (to burn into its eFuse), its image encrypted with the keys derived
     * from it. Kept: the keys file under {@code keysFileName} (null: not kept, the device derives it),
     * then the HMAC key under {@code hmacKeyFileName}.
     */
    public static DeviceEncryption hmacKeyPerDevice(String keysFileName, String hmacKeyFileName) {
        if (keysFileName != null) {
            checkPattern(keysFileName);
        }
        checkPattern(hmacKeyFileName);
        return new DeviceEncryption() {
            @Override
            public List<KeyFile> encrypt(String name, byte[] image) {
                HmacKey hmac = HmacKey.generate(ThreadRandom.current());
                NvsKeys keys = hmac.deriveNvsKeys();
                encryptInPlace(image, keys);
                List<KeyFile> files = new ArrayList<>(2);
                if (keysFileName != null) {
                    files.add(new KeyFile(fileName(keysFileName, name), keys.toKeysPartition()));
                }
                byte[] raw = hmac.unsafeExportRawKeyBytes();
                files.add(new KeyFile(fileName(hmacKeyFileName, name), raw));
                Arrays.fill(raw, (byte) 0);
                return List.copyOf(files);
            }

            @Override
            public List<String> newKeyFileNames(String name) {
                return keysFileName == null
                        ? List.of(fileName(hmacKeyFileName, name))
                        : List.of(fileName(keysFileName, name), fileName(hmacKeyFileName, name));
            }
        };
    }

    /**
     * {@code encryption}, refusing a device whose key file already exists in {@code keysDir} with other
     * contents: it may be the only copy of keys already flashed to a device, so not even a forced run
     * replaces it. {@code keysDirShown} names the folder in the message.
     */
    public static DeviceEncryption keepingExistingKeyFiles(
            DeviceEncryption encryption, Path keysDir, String keysDirShown) {
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(keysDir, "keysDir");
        return new DeviceEncryption() {
            @Override
            public List<KeyFile> encrypt(String name, byte[] image) {
                List<KeyFile> files = encryption.encrypt(name, image);
                for (KeyFile f : files) {
                    Path existing = keysDir.resolve(f.fileName());
                    try {
                        if (Files.exists(existing)
                                && (Files.size(existing) != f.length()
                                        || !f.contentEquals(Files.readAllBytes(existing)))) {
                            throw new NvsInputException(keysDirShown + "/" + f.fileName()
                                    + " already exists and holds other keys; nvsgen does not overwrite key files,"
                                    + " not even when a run is forced (move it away first)");
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return files;
            }

            @Override
            public List<String> newKeyFileNames(String name) {
                return encryption.newKeyFileNames(name);
            }
        };
    }

    private static void encryptInPlace(byte[] image, NvsKeys keys) {
        byte[] encrypted = NvsEncryption.encrypt(image, keys);
        System.arraycopy(encrypted, 0, image, 0, image.length);
    }

    private static void checkPattern(String pattern) {
        Objects.requireNonNull(pattern, "file name pattern");
        if (!(pattern.contains(SERIAL) || pattern.contains("%s")) || pattern.contains("/") || pattern.contains("\\")) {
            throw new IllegalArgumentException("a key file name pattern holds " + SERIAL
                    + " for the device's name and no folder (keys-" + SERIAL + ".bin): '" + pattern + "'");
        }
    }

    /** Where a file name pattern puts the device's name ({@code %s} is read the same way). */
    private static final String SERIAL = "${serial}";

    private static String fileName(String pattern, String device) {
        return pattern.replace(SERIAL, device).replace("%s", device);
    }
}
