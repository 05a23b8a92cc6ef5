package dev.nvsgen.crypto;

import dev.nvsgen.crypto.internal.SecretFiles;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit key of the HMAC-based NVS key protection scheme: it is burnt into an eFuse key block, and
 * the device derives its NVS keys from it with the HMAC peripheral, so no nvs_keys partition is needed
 * (ESP-IDF {@code components/nvs_sec_provider/nvs_sec_provider.c}). {@link #deriveNvsKeys()} computes the
 * same keys on the host.
 *
 * <p>Like {@link NvsKeys}, it never prints its bytes, has no {@code equals}, and gives its raw bytes
 * only through {@link #unsafeExportRawKeyBytes()} and {@link #writeTo}.
 */
public final class HmacKey {
    /** Bytes in the key: one eFuse key block. */
    public static final int SIZE = 32;

    /** Data key = HMAC-SHA256(key, this 4-byte element repeated 8 times). */
    private static final byte[] DATA_KEY_SEED_ELEMENT = {0x5A, 0x5A, (byte) 0xBE, (byte) 0xAE};
    /** Tweak key = HMAC-SHA256(key, this 4-byte element repeated 8 times). */
    private static final byte[] TWEAK_KEY_SEED_ELEMENT = {(byte) 0xA5, (byte) 0xA5, (byte) 0xDE, (byte) 0xCE};

    private static final int SEED_REPEATS = 8;
    private static final String HMAC = "HmacSHA256";

    private final byte[] key;

    private HmacKey(byte[] key) {
        this.key = key;
    }

    /** A key made of a copy of {@code key}, which must be {@value #SIZE} bytes. */
    public static HmacKey of(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != SIZE) {
            throw new IllegalArgumentException("an HMAC key must be " + SIZE + " bytes, not " + key.length);
        }
        return new HmacKey(key.clone());
    }

    /** A fresh random key from a new {@link SecureRandom}. */
    public static HmacKey generate() {
        return generate(new SecureRandom());
    }

    public static HmacKey generate(SecureRandom random) {
        byte[] k = new byte[SIZE];
        random.nextBytes(k);
        return new HmacKey(k);
    }

    /**
     * Reads a key file: exactly the {@value #SIZE} key bytes, as espefuse burns them. Any other size is an
     * {@link NvsInputException}: the reference generator would hash a file of any length, but keys
     * derived from anything but the eFuse key cannot match the device's.
     */
    public static HmacKey read(Path file) {
        return read(file, file.toString());
    }

    /** Reads a key file as {@link #read(Path)} does, calling it {@code name} in error messages. */
    public static HmacKey read(Path file, String name) {
        byte[] contents = SecretFiles.read(file, name, SIZE, size -> wrongSize(name, size));
        try {
            if (contents.length != SIZE) {
                throw wrongSize(name, contents.length);
            }
            return new HmacKey(contents.clone());
        } finally {
            Arrays.fill(contents, (byte) 0);
        }
    }

    private static NvsInputException wrongSize(String name, long size) {
        return new NvsInputException(name + ": an HMAC key file holds the " + SIZE
                + "-byte key burnt into eFuse, but this one is " + size + " bytes");
    }

    /** Writes the raw key to {@code file} (as espefuse expects it), owner-only and atomically. */
    public void writeTo(Path file) throws IOException {
        AtomicFiles.write(file, key, true);
    }

    /**
     * The NVS keys a device derives from this key: data key = HMAC-SHA256(key, {@code 5A 5A BE AE} × 8),
     * tweak key = HMAC-SHA256(key, {@code A5 A5 DE CE} × 8).
     */
    public NvsKeys deriveNvsKeys() {
        byte[] dataKey = hmac(DATA_KEY_SEED_ELEMENT);
        byte[] tweakKey = hmac(TWEAK_KEY_SEED_ELEMENT);
        try {
            return NvsKeys.of(dataKey, tweakKey);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            Arrays.fill(tweakKey, (byte) 0);
        }
    }

    private byte[] hmac(byte[] seedElement) {
        byte[] seed = new byte[seedElement.length * SEED_REPEATS];
        for (int i = 0; i < seed.length; i += seedElement.length) {
            System.arraycopy(seedElement, 0, seed, i, seedElement.length);
        }
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(seed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot do " + HMAC, e);
        }
    }

    /** A copy of the raw key. Handle it as a secret: never log it, and overwrite the array when done. */
    public byte[] unsafeExportRawKeyBytes() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "HmacKey[256-bit, redacted]";
    }
}
