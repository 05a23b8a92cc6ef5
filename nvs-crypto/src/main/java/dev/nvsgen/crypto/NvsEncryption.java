package dev.nvsgen.crypto;

/**
 * Encrypts and decrypts whole NVS partition images as ESP-IDF's encrypted NVS lays them out.
 *
 * <p>Each used entry (item header or payload) is encrypted on its own with XTS-AES-256, its byte offset
 * in the partition as the tweak (see {@link NvsKeys#cipher()}). Page headers, entry-state bitmaps,
 * unused entries and blank pages stay as they are, so the layout is the plaintext layout. An entry
 * counts as used when its bitmap state is not EMPTY: WRITTEN, and also ERASED, so that images written by
 * a device, with erased entries between live ones, decrypt in full and encrypt back to the same bytes.
 * Generator output has no erased entries, so for it this is exactly the WRITTEN entries. The walk over
 * the pages is nvs-core's ({@link dev.nvsgen.nvs.EntryCipher#encryptImage}); the cipher is ours.
 *
 * <p>Both directions check the plaintext side: an image whose entries include item headers but none with
 * a valid CRC is refused, which catches a wrong keys file and an image encrypted twice.
 */
public final class NvsEncryption {
    private NvsEncryption() {}

    /** A copy of the plaintext {@code image} with its used entries encrypted with {@code keys}. */
    public static byte[] encrypt(byte[] image, NvsKeys keys) {
        return keys.cipher().encryptImage(image);
    }

    /** A copy of the encrypted {@code image} with its used entries decrypted with {@code keys}. */
    public static byte[] decrypt(byte[] image, NvsKeys keys) {
        return keys.cipher().decryptImage(image);
    }
}
