package dev.nvsgen.crypto.flash;

import dev.nvsgen.crypto.internal.Randomness;
import dev.nvsgen.crypto.internal.SecretFiles;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A flash-encryption key: the bytes of its key file (what {@code espefuse burn_key} burns and
 * {@code espsecure --keyfile} reads) and the scheme it is for.
 *
 * <p>espsecure reads key files of 16, 24, 32 or 64 bytes: for XTS, 32 bytes are XTS-AES-128, 64 bytes
 * XTS-AES-256, and 16 bytes are replaced by their SHA-256 (XTS-AES-128; what ESP32-C2's
 * {@code XTS_AES_128_KEY_DERIVED_FROM_128_EFUSE_BITS} does in hardware); for ESP32 (classic), 32 bytes,
 * or 24 (the 3/4 coding scheme) extended to {@code key ‖ key[8:16]}.
 *
 * <p>Key material never shows in {@link #toString()} or messages; the bytes leave only through
 * {@link #writeTo} (owner-only, atomic) and the loudly named {@link #unsafeExportKeyFile()}. No
 * {@code equals}. Immutable, safe to share between threads.
 */
public final class FlashEncryptionKey {
    /** Larger than any key file espsecure takes; a wrong path is not read in whole. */
    private static final int MAX_KEY_FILE = 64;

    private final FlashEncryptionScheme scheme;
    private final byte[] keyFile;
    private final byte[] aesKey;

    private FlashEncryptionKey(FlashEncryptionScheme scheme, byte[] keyFile, byte[] aesKey) {
        this.scheme = scheme;
        this.keyFile = keyFile;
        this.aesKey = aesKey;
    }

    /**
     * The XTS key in {@code keyFile} (16, 32 or 64 bytes), as {@code espsecure --aes_xts} reads it;
     * {@code source} names the file in the {@link NvsInputException} thrown for another size.
     */
    public static FlashEncryptionKey parseXts(byte[] keyFile, String source) {
        Objects.requireNonNull(keyFile, "keyFile");
        checkKnownSize(keyFile, source);
        return switch (keyFile.length) {
            case 16 -> new FlashEncryptionKey(FlashEncryptionScheme.XTS_AES_128, keyFile.clone(), sha256(keyFile));
            case 32 -> new FlashEncryptionKey(FlashEncryptionScheme.XTS_AES_128, keyFile.clone(), keyFile.clone());
            case 64 -> new FlashEncryptionKey(FlashEncryptionScheme.XTS_AES_256, keyFile.clone(), keyFile.clone());
            default ->
                throw new NvsInputException(source + ": XTS-AES takes 128-, 256- or 512-bit keys; this one is "
                        + keyFile.length * 8 + " bits");
        };
    }

    /**
     * The ESP32 (classic) key in {@code keyFile} (32 bytes, or 24 under the 3/4 coding scheme), as
     * espsecure reads it without {@code --aes_xts}.
     */
    public static FlashEncryptionKey parseEsp32(byte[] keyFile, String source) {
        Objects.requireNonNull(keyFile, "keyFile");
        checkKnownSize(keyFile, source);
        return switch (keyFile.length) {
            case 24 -> {
                byte[] k = Arrays.copyOf(keyFile, 32);
                System.arraycopy(keyFile, 8, k, 24, 8);
                yield new FlashEncryptionKey(FlashEncryptionScheme.ESP32_AES256_KEY_TWEAK, keyFile.clone(), k);
            }
            case 32 ->
                new FlashEncryptionKey(FlashEncryptionScheme.ESP32_AES256_KEY_TWEAK, keyFile.clone(), keyFile.clone());
            default ->
                throw new NvsInputException(source + ": ESP32 flash encryption takes 192- or 256-bit keys;"
                        + " this one is " + keyFile.length * 8 + " bits (the XTS-AES chips take 128, 256 or 512)");
        };
    }

    /** The key in {@code keyFile} for {@code chip}: ESP32 reads it as {@link #parseEsp32}, every later chip as {@link #parseXts}. */
    public static FlashEncryptionKey parse(Chip chip, byte[] keyFile, String source) {
        FlashEncryptionKey key = chip == Chip.ESP32 ? parseEsp32(keyFile, source) : parseXts(keyFile, source);
        if (!chip.supports(key.scheme) || !chip.keyFileSizes(key.scheme).contains(keyFile.length)) {
            throw new NvsInputException(source + ": " + chip + " has no " + key.scheme + " flash encryption with a "
                    + keyFile.length + "-byte key (it takes " + chip.schemes() + ")");
        }
        return key;
    }

    private static void checkKnownSize(byte[] keyFile, String source) {
        int n = keyFile.length;
        if (n != 16 && n != 24 && n != 32 && n != 64) {
            throw new NvsInputException(
                    source + ": key file contains wrong length (" + n + " bytes), 16, 24, 32 or 64 expected");
        }
    }

    /** Reads an XTS key file ({@code xts}) or an ESP32 one; {@code name} is the file as the user gave it. */
    public static FlashEncryptionKey read(Path file, String name, boolean xts) {
        byte[] contents = SecretFiles.read(
                file,
                name,
                MAX_KEY_FILE,
                size -> new NvsInputException(
                        name + ": key file contains wrong length (" + size + " bytes), 16, 24, 32 or 64 expected"));
        try {
            return xts ? parseXts(contents, name) : parseEsp32(contents, name);
        } finally {
            Arrays.fill(contents, (byte) 0);
        }
    }

    /** Reads a key file for {@code chip} (see {@link #parse}). */
    public static FlashEncryptionKey read(Path file, String name, Chip chip) {
        byte[] contents = SecretFiles.read(
                file,
                name,
                MAX_KEY_FILE,
                size -> new NvsInputException(
                        name + ": key file contains wrong length (" + size + " bytes), 16, 24, 32 or 64 expected"));
        try {
            return parse(chip, contents, name);
        } finally {
            Arrays.fill(contents, (byte) 0);
        }
    }

    /** A fresh random key for {@code chip}'s default scheme, from this thread's DRBG. */
    public static FlashEncryptionKey generate(Chip chip) {
        return generate(chip, chip.defaultScheme(), Randomness.current());
    }

    /**
     * A fresh random key of {@code scheme} (a 32- or 64-byte key file) for {@code chip}. XTS keys whose
     * halves come out equal (which encryption refuses) are drawn again.
     */
    public static FlashEncryptionKey generate(Chip chip, FlashEncryptionScheme scheme, SecureRandom random) {
        if (!chip.supports(scheme)) {
            throw new IllegalArgumentException(
                    chip + " has no " + scheme + " flash encryption; it has " + chip.schemes());
        }
        byte[] k = new byte[scheme.keySize()];
        do {
            random.nextBytes(k);
        } while (scheme.isXts() && halvesEqual(k));
        return new FlashEncryptionKey(scheme, k, k.clone());
    }

    private static boolean halvesEqual(byte[] key) {
        int h = key.length / 2;
        return MessageDigest.isEqual(Arrays.copyOfRange(key, 0, h), Arrays.copyOfRange(key, h, key.length));
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public FlashEncryptionScheme scheme() {
        return scheme;
    }

    /** Bytes in the key file (16, 24, 32 or 64): what espefuse burns. */
    public int keyFileLength() {
        return keyFile.length;
    }

    /** True for an XTS key whose two halves (key1, key2) are equal: XTS refuses to encrypt with it. */
    public boolean hasEqualHalves() {
        return scheme.isXts() && halvesEqual(aesKey);
    }

    /** A cipher with this key; for ESP32 (classic) with {@code FLASH_CRYPT_CONFIG} 0xF, the default. */
    public FlashCipher cipher() {
        return new FlashCipher(this, FlashCipher.DEFAULT_FLASH_CRYPT_CONFIG);
    }

    /** An ESP32 (classic) cipher with this key and {@code flashCryptConfig} (0 … 0xF); XTS keys ignore it. */
    public FlashCipher cipher(int flashCryptConfig) {
        return new FlashCipher(this, flashCryptConfig);
    }

    /** The AES key material: 32 or 64 bytes (a copy). Package-private: only the cipher needs it. */
    byte[] aesKey() {
        return aesKey.clone();
    }

    /** The key file's bytes, a copy. Anyone holding them can decrypt the device's flash: handle with care. */
    public byte[] unsafeExportKeyFile() {
        return keyFile.clone();
    }

    /**
     * Writes the key file to {@code file}, owner-only from its first byte, through a temporary file. A
     * file already there with these bytes is left alone; one holding anything else is never replaced.
     *
     * @throws NvsInputException if {@code file} exists and holds something else
     */
    public void writeTo(Path file) throws IOException {
        if (Files.exists(file)) {
            if (Files.size(file) == keyFile.length && MessageDigest.isEqual(Files.readAllBytes(file), keyFile)) {
                return;
            }
            throw new NvsInputException(file + " already exists and holds other data; nvsgen never replaces a key"
                    + " file: move it away first");
        }
        AtomicFiles.write(file, keyFile, true);
    }

    @Override
    public String toString() {
        return "FlashEncryptionKey[" + scheme + ", " + keyFile.length + "-byte key file, redacted]";
    }
}
