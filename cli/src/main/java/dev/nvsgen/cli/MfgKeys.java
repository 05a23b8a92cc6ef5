package dev.nvsgen.cli;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.NvsEncryption;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.batch.DeviceEncryption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * How {@code mfg generate} encrypts, as mfg_gen does through nvs_partition_gen: with one keys file for
 * every device ({@code --inputkey}, nothing written), or with keys made per device ({@code --keygen},
 * written to {@code keys/keys-NAME.bin}): random, derived from a given HMAC key (then the same for every
 * device), or derived from a new HMAC key per device, kept in {@code keys/hmac-keys-NAME.bin}.
 *
 * <p>A key file that exists with other contents is never replaced, not even with {@code --force}: it may
 * be the only copy of keys already flashed to devices.
 */
final class MfgKeys implements DeviceEncryption {
    private enum Mode {
        SHARED,
        RANDOM,
        HMAC_GIVEN,
        HMAC_PER_DEVICE
    }

    private final Mode mode;
    /** The keys of every device (SHARED, HMAC_GIVEN); null when each device gets its own. */
    private final NvsKeys shared;
    /** The keys file of HMAC_GIVEN, the same for every device. */
    private final byte[] sharedKeysFile;

    private final Path keysDir;
    private final String keysDirShown;
    private final SecureRandom random = new SecureRandom();
    /** Set when finishing an interrupted run: key files of devices it did not record may be replaced. */
    private volatile boolean resuming;

    private MfgKeys(Mode mode, NvsKeys shared, Path keysDir, String keysDirShown) {
        this.mode = mode;
        this.shared = shared;
        this.sharedKeysFile = mode == Mode.HMAC_GIVEN ? shared.toKeysPartition() : null;
        this.keysDir = keysDir;
        this.keysDirShown = keysDirShown;
    }

    /** Every device encrypted with the keys in {@code keys}; no key file is written. */
    static MfgKeys shared(NvsKeys keys) {
        return new MfgKeys(Mode.SHARED, keys, null, null);
    }

    /** New random keys for each device. */
    static MfgKeys random(Path keysDir, String keysDirShown) {
        return new MfgKeys(Mode.RANDOM, null, keysDir, keysDirShown);
    }

    /** Keys derived from {@code hmac}, the same for every device, written for each as mfg_gen does. */
    static MfgKeys fromHmacKey(HmacKey hmac, Path keysDir, String keysDirShown) {
        return new MfgKeys(Mode.HMAC_GIVEN, hmac.deriveNvsKeys(), keysDir, keysDirShown);
    }

    /** A new HMAC key for each device, and the keys derived from it. */
    static MfgKeys hmacPerDevice(Path keysDir, String keysDirShown) {
        return new MfgKeys(Mode.HMAC_PER_DEVICE, null, keysDir, keysDirShown);
    }

    /**
     * Finishing an interrupted run: a key file of a device that run did not record (written before its
     * image, never flashed) is replaced like the rest of that device's files.
     */
    void resuming() {
        this.resuming = true;
    }

    @Override
    public List<String> newKeyFileNames(String name) {
        String keysName = "keys-" + name + ".bin";
        return switch (mode) {
            case SHARED, HMAC_GIVEN -> List.of();
            case RANDOM -> List.of(keysName);
            case HMAC_PER_DEVICE -> List.of(keysName, "hmac-" + keysName);
        };
    }

    @Override
    public List<KeyFile> encrypt(String name, byte[] image) {
        NvsKeys keys;
        List<KeyFile> files;
        String keysName = "keys-" + name + ".bin";
        switch (mode) {
            case SHARED -> {
                keys = shared;
                files = List.of();
            }
            case HMAC_GIVEN -> {
                keys = shared;
                files = List.of(keyFile(keysName, sharedKeysFile));
            }
            case RANDOM -> {
                keys = NvsKeys.generate(random);
                files = List.of(keyFile(keysName, keys.toKeysPartition()));
            }
            default -> {
                byte[] raw = new byte[HmacKey.SIZE];
                random.nextBytes(raw);
                HmacKey hmac = HmacKey.of(raw);
                Arrays.fill(raw, (byte) 0);
                keys = hmac.deriveNvsKeys();
                files = List.of(
                        keyFile(keysName, keys.toKeysPartition()),
                        keyFile("hmac-" + keysName, hmac.unsafeExportRawKeyBytes()));
            }
        }
        byte[] encrypted = NvsEncryption.encrypt(image, keys);
        System.arraycopy(encrypted, 0, image, 0, image.length);
        return files;
    }

    private KeyFile keyFile(String fileName, byte[] content) {
        Path existing = keysDir.resolve(fileName);
        try {
            if (!resuming
                    && Files.exists(existing)
                    && (Files.size(existing) != content.length
                            || !Arrays.equals(Files.readAllBytes(existing), content))) {
                throw new NvsInputException(keysDirShown + "/" + fileName + " already exists and holds other keys;"
                        + " nvsgen does not overwrite key files, not even with --force (move it away first)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new KeyFile(fileName, Bytes.of(content));
    }
}
