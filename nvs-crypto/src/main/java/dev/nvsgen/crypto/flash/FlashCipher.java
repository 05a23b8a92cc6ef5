package dev.nvsgen.crypto.flash;

import dev.nvsgen.crypto.internal.Esp32FlashCipher;
import dev.nvsgen.crypto.internal.Randomness;
import dev.nvsgen.crypto.internal.XtsFlashCipher;
import dev.nvsgen.nvs.NvsInputException;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Encrypts and decrypts data at a flash address byte for byte as {@code espsecure encrypt_flash_data} /
 * {@code decrypt_flash_data} do (see {@link FlashEncryptionScheme}). Get one from
 * {@link FlashEncryptionKey#cipher()}. Immutable; safe for concurrent use.
 *
 * <p>What espsecure refuses, this refuses with an {@link NvsInputException}: an address that is not a
 * multiple of 16; for XTS, data that is empty or not a multiple of 16 bytes, and encryption with a key
 * whose two halves are equal; for ESP32 (classic), decryption of data that is not a multiple of 16
 * bytes. ESP32 (classic) plaintext that is not a multiple of 16 bytes is padded with random bytes, as
 * espsecure pads it. XTS addresses are 32-bit (espsecure packs the tweak as a 32-bit number).
 */
public final class FlashCipher {
    /** {@code FLASH_CRYPT_CONFIG} when nobody burnt another: every key quarter tweaked. */
    public static final int DEFAULT_FLASH_CRYPT_CONFIG = 0xF;

    private static final long MAX_XTS_ADDRESS = 0xFFFF_FFFFL;

    private final FlashEncryptionScheme scheme;
    private final int flashCryptConfig;
    private final boolean equalHalves;
    private final Esp32FlashCipher esp32;
    private final XtsFlashCipher xts;

    FlashCipher(FlashEncryptionKey key, int flashCryptConfig) {
        if (flashCryptConfig < 0 || flashCryptConfig > 0xF) {
            throw new IllegalArgumentException(
                    "FLASH_CRYPT_CONFIG is a 4-bit eFuse, not 0x" + Integer.toHexString(flashCryptConfig));
        }
        this.scheme = key.scheme();
        this.flashCryptConfig = flashCryptConfig;
        this.equalHalves = key.hasEqualHalves();
        byte[] k = key.aesKey();
        try {
            this.esp32 = scheme.isXts() ? null : new Esp32FlashCipher(k, flashCryptConfig);
            this.xts = scheme.isXts() ? new XtsFlashCipher(k) : null;
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    public FlashEncryptionScheme scheme() {
        return scheme;
    }

    /** The {@code FLASH_CRYPT_CONFIG} an ESP32 (classic) cipher tweaks the key with. */
    public int flashCryptConfig() {
        return flashCryptConfig;
    }

    /** The ciphertext of {@code plaintext} written at flash {@code address}; a short ESP32 tail is padded from this thread's DRBG. */
    public byte[] encrypt(byte[] plaintext, long address) {
        return encrypt(plaintext, address, Randomness.current());
    }

    /**
     * As {@link #encrypt(byte[], long)}, with ESP32 (classic) padding drawn from {@code padding} (a seeded
     * generator makes it repeatable). The result is as long as the plaintext, rounded up to 16 for ESP32.
     */
    public byte[] encrypt(byte[] plaintext, long address, RandomGenerator padding) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(padding, "padding");
        checkAddress(address);
        if (scheme.isXts()) {
            checkXts(plaintext.length, address);
            if (equalHalves) {
                // What OpenSSL (through pyca/cryptography) says for espsecure: equal halves void XTS.
                throw new NvsInputException(
                        "the two halves of the XTS key are equal; XTS mode does not allow duplicated keys");
            }
            return xts.apply(true, plaintext, address);
        }
        int tail = plaintext.length % Esp32FlashCipher.BLOCK;
        byte[] buf = Arrays.copyOf(plaintext, tail == 0 ? plaintext.length : plaintext.length + 16 - tail);
        for (int i = plaintext.length; i < buf.length; i++) {
            buf[i] = (byte) padding.nextInt(256);
        }
        esp32.apply(true, buf, 0, buf.length, address);
        return buf;
    }

    /** The plaintext of {@code ciphertext} read from flash {@code address}. */
    public byte[] decrypt(byte[] ciphertext, long address) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        checkAddress(address);
        if (scheme.isXts()) {
            checkXts(ciphertext.length, address);
            return xts.apply(false, ciphertext, address);
        }
        if (ciphertext.length % Esp32FlashCipher.BLOCK != 0) {
            throw new NvsInputException("data length (" + ciphertext.length + ") is not a multiple of 16 bytes");
        }
        byte[] buf = ciphertext.clone();
        esp32.apply(false, buf, 0, buf.length, address);
        return buf;
    }

    private static void checkAddress(long address) {
        if (address < 0) {
            throw new NvsInputException("flash address " + address + " is negative");
        }
        if (address % 16 != 0) {
            throw new NvsInputException(
                    "starting flash address 0x" + Long.toHexString(address) + " must be a multiple of 16");
        }
    }

    private static void checkXts(int length, long address) {
        if (length % 16 != 0) {
            throw new NvsInputException("input data length (" + length + ") must be a multiple of 16");
        }
        if (length == 0) {
            throw new NvsInputException("input data must be longer than 0");
        }
        // The last data unit starts at address + 128·(units − 1); its tweak must fit espsecure's 32 bits.
        long units = ((address % XtsFlashCipher.UNIT) + length + XtsFlashCipher.UNIT - 1) / XtsFlashCipher.UNIT;
        long last = address + (units - 1) * XtsFlashCipher.UNIT;
        if (last > MAX_XTS_ADDRESS) {
            throw new NvsInputException("flash address 0x" + Long.toHexString(address) + " + " + length
                    + " bytes runs past 4 GiB (0xFFFFFFFF); XTS flash addresses are 32-bit");
        }
    }

    @Override
    public String toString() {
        return "FlashCipher[" + scheme
                + (scheme.isXts() ? "" : ", FLASH_CRYPT_CONFIG 0x" + Integer.toHexString(flashCryptConfig)) + "]";
    }
}
