package dev.nvsgen.nvs.read;

import dev.nvsgen.nvs.EntryCipher;
import dev.nvsgen.nvs.internal.Page;

/**
 * The bytes of an image and, for an encrypted one, the cipher its entries are read through. Page
 * headers and bitmaps are never encrypted; entries are, each on its own (ESP-IDF
 * {@code nvs_encrypted_partition.cpp}).
 */
final class ImageSource {
    final byte[] image;
    final EntryCipher cipher;
    /** Whole pages in the image; a trailing partial page is not read. */
    final int pages;

    ImageSource(byte[] image, EntryCipher cipher) {
        this.image = image;
        this.cipher = cipher;
        this.pages = image.length / Page.SIZE;
    }

    /** Copies the entry at {@code offset} into {@code dst} at {@code dstOffset}, decrypted when the image is encrypted. */
    void readEntry(long offset, byte[] dst, int dstOffset) {
        System.arraycopy(image, (int) offset, dst, dstOffset, Page.ENTRY_SIZE);
        if (cipher != null) {
            cipher.decryptEntry(dst, dstOffset, offset);
        }
    }
}
