package dev.nvsgen.crypto.flash;

/**
 * The purpose {@code espefuse burn_key} gives a key block, as espefuse spells it. ESP32 (classic) has no
 * key purposes: its flash-encryption key goes to the block espefuse calls {@code flash_encryption}.
 */
public enum KeyPurpose {
    /** The XTS-AES-128 flash-encryption key (32 bytes), stored byte-reversed. */
    XTS_AES_128_KEY(true),
    /**
     * espefuse's virtual purpose for a 64-byte XTS-AES-256 key: the first half goes to the named block as
     * {@link #XTS_AES_256_KEY_1}, the second to the first free key block after it as {@link #XTS_AES_256_KEY_2}.
     */
    XTS_AES_256_KEY(true),
    /** The first half of an XTS-AES-256 key. */
    XTS_AES_256_KEY_1(true),
    /** The second half of an XTS-AES-256 key. */
    XTS_AES_256_KEY_2(true),
    /** ESP32-C2: a 16-byte key in the low half of BLOCK_KEY0, hashed with SHA-256 by the hardware. */
    XTS_AES_128_KEY_DERIVED_FROM_128_EFUSE_BITS(true),
    /** The HMAC key NVS encryption's HMAC scheme derives the NVS keys from (upstream mode). */
    HMAC_UP(false),
    /** The key the Digital Signature peripheral decrypts its parameters with. */
    HMAC_DOWN_DIGITAL_SIGNATURE(false),
    /** ESP32 (classic): BLOCK1, the flash-encryption key ({@code burn_key flash_encryption KEYFILE}). */
    ESP32_FLASH_ENCRYPTION(true);

    private final boolean storedReversed;

    KeyPurpose(boolean storedReversed) {
        this.storedReversed = storedReversed;
    }

    /** True when espefuse writes the key file's bytes into the block in reverse order, as the AES hardware reads it. */
    public boolean storedReversed() {
        return storedReversed;
    }

    /** True for the purposes of a flash-encryption key. */
    public boolean isFlashEncryption() {
        return storedReversed;
    }
}
