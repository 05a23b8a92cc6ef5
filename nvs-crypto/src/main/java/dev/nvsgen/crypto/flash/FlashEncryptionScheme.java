package dev.nvsgen.crypto.flash;

/**
 * How a chip's flash-encryption hardware turns plaintext at a flash address into ciphertext, as
 * {@code espsecure encrypt_flash_data} computes it.
 */
public enum FlashEncryptionScheme {
    /**
     * ESP32 (classic): AES-256 with the key re-derived per 32-byte flash block from the block's address,
     * within the key ranges {@code FLASH_CRYPT_CONFIG} enables; each 16-byte block byte-reversed and
     * AES-<em>decrypted</em> to encrypt. Key files of 32 bytes, or 24 under the 3/4 coding scheme.
     */
    ESP32_AES256_KEY_TWEAK("esp32-aes256-key-tweak", 32),
    /** XTS-AES-128 over 128-byte data units (every chip after the ESP32): a 32-byte key (key1 ‖ key2). */
    XTS_AES_128("xts-aes-128", 32),
    /** XTS-AES-256 over 128-byte data units (ESP32-S2, -S3, -P4): a 64-byte key (key1 ‖ key2). */
    XTS_AES_256("xts-aes-256", 64);

    private final String id;
    private final int keySize;

    FlashEncryptionScheme(String id, int keySize) {
        this.id = id;
        this.keySize = keySize;
    }

    /** The scheme's name in nvsgen's fixtures and messages: {@code xts-aes-128}. */
    public String id() {
        return id;
    }

    /** Bytes of AES key material the scheme uses (after any extension of a shorter key file). */
    public int keySize() {
        return keySize;
    }

    /** True for the XTS schemes ({@code espsecure --aes_xts}). */
    public boolean isXts() {
        return this != ESP32_AES256_KEY_TWEAK;
    }

    @Override
    public String toString() {
        return id;
    }
}
