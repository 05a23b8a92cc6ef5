package dev.nvsgen.nvs;

import dev.nvsgen.nvs.internal.EncryptedImages;

/**
 * Encrypts or decrypts NVS entries in place. NVS encryption works on each 32-byte entry on its own,
 * with the entry's byte offset in the partition as the tweak; nvs-crypto provides the XTS-AES
 * implementation. Implementations must be safe to use from many threads.
 *
 * <p>The whole-image methods are ESP-IDF's layout of an encrypted partition: every used entry (item
 * header or payload; WRITTEN, and also ERASED so that images written by a device decrypt in full)
 * encrypted on its own, page headers, entry-state bitmaps, unused entries and blank pages as they are.
 */
public interface EntryCipher {
    /** Bytes in one entry, the unit NVS encrypts. */
    int ENTRY_SIZE = 32;

    /** Encrypts the 32 bytes at {@code buf[offset]}, an entry at {@code partitionOffset} in the partition. */
    void encryptEntry(byte[] buf, int offset, long partitionOffset);

    /** Decrypts the 32 bytes at {@code buf[offset]}, an entry at {@code partitionOffset} in the partition. */
    void decryptEntry(byte[] buf, int offset, long partitionOffset);

    /**
     * Encrypts {@code count} entries of {@code buf} at once: entry {@code i} at {@code offsets[i]}, which
     * sits at {@code partitionOffsets[i]} in the partition. Implementations batch the cipher work.
     */
    default void encryptEntries(byte[] buf, int[] offsets, long[] partitionOffsets, int count) {
        for (int i = 0; i < count; i++) {
            encryptEntry(buf, offsets[i], partitionOffsets[i]);
        }
    }

    /** The inverse of {@link #encryptEntries}. */
    default void decryptEntries(byte[] buf, int[] offsets, long[] partitionOffsets, int count) {
        for (int i = 0; i < count; i++) {
            decryptEntry(buf, offsets[i], partitionOffsets[i]);
        }
    }

    /**
     * A copy of the plain partition image {@code image} with its used entries encrypted.
     *
     * @throws NvsFormatException if the image is not whole pages, or is not plain (no written item header
     *     has a valid CRC: encrypted already)
     */
    default byte[] encryptImage(byte[] image) {
        EntryCipher cipher = this;
        // A class, not a method reference: lambda bootstrap would cost a one-image command's start.
        return EncryptedImages.encrypt(image, new EncryptedImages.EntryBatch() {
            @Override
            public void apply(byte[] buf, int[] offsets, long[] partitionOffsets, int count) {
                cipher.encryptEntries(buf, offsets, partitionOffsets, count);
            }
        });
    }

    /**
     * A copy of the encrypted partition image {@code image} with its used entries decrypted.
     *
     * @throws NvsFormatException if the image is not whole pages, or does not decrypt (no written item
     *     header has a valid CRC afterwards: wrong keys, or an image that is not encrypted)
     */
    default byte[] decryptImage(byte[] image) {
        EntryCipher cipher = this;
        return EncryptedImages.decrypt(image, new EncryptedImages.EntryBatch() {
            @Override
            public void apply(byte[] buf, int[] offsets, long[] partitionOffsets, int count) {
                cipher.decryptEntries(buf, offsets, partitionOffsets, count);
            }
        });
    }
}
