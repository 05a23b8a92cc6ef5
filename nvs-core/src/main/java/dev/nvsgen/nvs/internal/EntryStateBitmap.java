package dev.nvsgen.nvs.internal;

/**
 * The 32-byte entry-state bitmap after the page header: two bits per entry, entry n in bits 2n and 2n+1
 * counting from the least significant bit of byte 0 (ESP-IDF {@code nvs_page.cpp},
 * {@code alterEntryState}). A generator page whose 126 entries are all written reads 31 × 0xAA, 0xFA.
 */
public final class EntryStateBitmap {
    public static final int SIZE = 32;

    private EntryStateBitmap() {}

    /** The state of entry {@code slot} of the page starting at {@code pageOffset}. */
    public static EntryState state(byte[] image, int pageOffset, int slot) {
        int bit = slot * 2;
        int b = image[pageOffset + Page.BITMAP_OFFSET + bit / 8] & 0xFF;
        return EntryState.fromBits((b >>> (bit % 8)) & 0b11);
    }

    /** Marks entry {@code slot} written (0b11 → 0b10) by clearing its low bit, as flash would. */
    public static void markWritten(byte[] image, int pageOffset, int slot) {
        int bit = slot * 2;
        image[pageOffset + Page.BITMAP_OFFSET + bit / 8] &= (byte) ~(1 << (bit % 8));
    }
}
