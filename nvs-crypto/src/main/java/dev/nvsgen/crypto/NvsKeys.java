package dev.nvsgen.crypto;

import dev.nvsgen.crypto.internal.KeysPartition;
import dev.nvsgen.crypto.internal.SecretFiles;
import dev.nvsgen.crypto.internal.XtsAes;
import dev.nvsgen.crypto.internal.XtsEntryCipher;
import dev.nvsgen.nvs.EntryCipher;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * The NVS encryption keys: an XTS-AES-256 data key and tweak key, as an nvs_keys partition holds them.
 *
 * <p>Key material never shows in {@link #toString()}, logs or exception messages. The raw bytes leave
 * this object only through {@link #toKeysPartition()} (the file to flash) and the deliberately loud
 * {@link #unsafeExportRawKeyBytes()}. There is no {@code equals}; compare with {@link #sameKeysAs}.
 * Immutable and safe to share between threads.
 */
public final class NvsKeys implements EntryCipher {
    /** Bytes in each of the two keys. */
    public static final int KEY_SIZE = XtsAes.KEY_SIZE;

    private final byte[] dataKey;
    private final byte[] tweakKey;
    private final XtsAes xts;
    private final EntryCipher cipher;

    private NvsKeys(byte[] dataKey, byte[] tweakKey) {
        this.dataKey = dataKey;
        this.tweakKey = tweakKey;
        this.xts = new XtsAes(dataKey, tweakKey);
        this.cipher = new XtsEntryCipher(xts);
    }

    /** Keys made of copies of {@code dataKey} and {@code tweakKey}, {@value #KEY_SIZE} bytes each. */
    public static NvsKeys of(byte[] dataKey, byte[] tweakKey) {
        checkSize("data key", dataKey);
        checkSize("tweak key", tweakKey);
        return new NvsKeys(dataKey.clone(), tweakKey.clone());
    }

    private static void checkSize(String what, byte[] key) {
        Objects.requireNonNull(key, what);
        if (key.length != KEY_SIZE) {
            throw new IllegalArgumentException("the " + what + " must be " + KEY_SIZE + " bytes, not " + key.length);
        }
    }

    /** Fresh random keys from a new {@link SecureRandom}. */
    public static NvsKeys generate() {
        return generate(new SecureRandom());
    }

    public static NvsKeys generate(SecureRandom random) {
        byte[] d = new byte[KEY_SIZE];
        byte[] t = new byte[KEY_SIZE];
        random.nextBytes(d);
        random.nextBytes(t);
        return new NvsKeys(d, t);
    }

    /**
     * The keys in the contents of a keys file: a 4096-byte nvs_keys partition (its CRC is checked, as
     * the runtime does) or the bare 64 bytes of data key and tweak key. {@code source} names the file in
     * the {@link NvsInputException} thrown for anything else.
     */
    public static NvsKeys parse(byte[] contents, String source) {
        KeysPartition.check(contents, source);
        return new NvsKeys(
                Arrays.copyOfRange(contents, KeysPartition.DATA_KEY, KeysPartition.DATA_KEY + KEY_SIZE),
                Arrays.copyOfRange(contents, KeysPartition.TWEAK_KEY, KeysPartition.TWEAK_KEY + KEY_SIZE));
    }

    /**
     * True when {@code head}, a file's first 4096 bytes, is an nvs_keys partition as {@link #toKeysPartition}
     * writes one (64 key bytes, their CRC, the rest 0xFF). For tools deciding whether a file in the way of
     * an output may be replaced.
     */
    public static boolean looksLikeKeysPartition(byte[] head) {
        return KeysPartition.looksLike(head);
    }

    /** Reads a keys file (see {@link #parse}); a missing or unreadable file is an {@link NvsInputException}. */
    public static NvsKeys read(Path file) {
        return read(file, file.toString());
    }

    /** Reads a keys file, calling it {@code name} in error messages (the path as the user gave it, say). */
    public static NvsKeys read(Path file, String name) {
        byte[] contents = SecretFiles.read(file, name, KeysPartition.SIZE, size -> KeysPartition.wrongSize(name, size));
        try {
            return parse(contents, name);
        } finally {
            Arrays.fill(contents, (byte) 0);
        }
    }

    /** The 4096-byte nvs_keys partition image: data key, tweak key, their CRC32, then 0xFF. */
    public byte[] toKeysPartition() {
        return KeysPartition.format(dataKey, tweakKey);
    }

    /**
     * Writes {@link #toKeysPartition()} to {@code file}, readable and writable by its owner only, through
     * a temporary file so that {@code file} is either complete or untouched. A file already there that
     * holds these keys is left as it is; one that holds anything else is never replaced: it may be the
     * only copy of keys already flashed to devices.
     *
     * @throws NvsInputException if {@code file} exists and does not hold these keys
     */
    public void writeTo(Path file) throws IOException {
        byte[] content = toKeysPartition();
        if (Files.exists(file)) {
            boolean same =
                    Files.size(file) == content.length && MessageDigest.isEqual(Files.readAllBytes(file), content);
            if (same) {
                return;
            }
            throw new NvsInputException(file + " already exists and holds other keys (or something else);"
                    + " nvsgen never replaces a key file: move it away first");
        }
        AtomicFiles.write(file, content, true);
    }

    /**
     * Encrypts an entry with these keys: NvsKeys is itself the {@link EntryCipher} that
     * {@code NvsReader.read(image, keys)} reads an encrypted image with.
     */
    @Override
    public void encryptEntry(byte[] buf, int offset, long partitionOffset) {
        cipher.encryptEntry(buf, offset, partitionOffset);
    }

    @Override
    public void decryptEntry(byte[] buf, int offset, long partitionOffset) {
        cipher.decryptEntry(buf, offset, partitionOffset);
    }

    @Override
    public void encryptEntries(byte[] buf, int[] offsets, long[] partitionOffsets, int count) {
        cipher.encryptEntries(buf, offsets, partitionOffsets, count);
    }

    @Override
    public void decryptEntries(byte[] buf, int[] offsets, long[] partitionOffsets, int count) {
        cipher.decryptEntries(buf, offsets, partitionOffsets, count);
    }

    /** Encrypts and decrypts single NVS entries with these keys; safe for concurrent use. */
    public EntryCipher cipher() {
        return cipher;
    }

    /**
     * A copy of the raw key material, data key then tweak key (64 bytes). Handle it as a secret: never log
     * it, and overwrite the array when done.
     */
    public byte[] unsafeExportRawKeyBytes() {
        byte[] raw = Arrays.copyOf(dataKey, 2 * KEY_SIZE);
        System.arraycopy(tweakKey, 0, raw, KEY_SIZE, KEY_SIZE);
        return raw;
    }

    /** True when {@code other} holds the same two keys; compares in constant time. */
    public boolean sameKeysAs(NvsKeys other) {
        return MessageDigest.isEqual(dataKey, other.dataKey) & MessageDigest.isEqual(tweakKey, other.tweakKey);
    }

    @Override
    public String toString() {
        return "NvsKeys[XTS-AES-256 data key and tweak key, redacted]";
    }
}
