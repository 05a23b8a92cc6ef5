package dev.nvsgen.crypto;

import dev.nvsgen.crypto.internal.XtsAes;
import dev.nvsgen.nvs.NvsFormatException;
import dev.nvsgen.nvs.internal.EntryState;
import dev.nvsgen.nvs.internal.EntryStateBitmap;
import dev.nvsgen.nvs.internal.Item;
import dev.nvsgen.nvs.internal.LittleEndian;
import dev.nvsgen.nvs.internal.Page;
import dev.nvsgen.nvs.internal.PageState;

/**
 * Encrypts and decrypts whole NVS partition images as ESP-IDF's encrypted NVS lays them out.
 *
 * <p>Each used entry (item header or payload) is encrypted on its own with XTS-AES-256, its byte offset
 * in the partition as the tweak (see {@link NvsKeys#cipher()}). Page headers, entry-state bitmaps,
 * unused entries and blank pages stay as they are, so the layout is the plaintext layout. An entry
 * counts as used when its bitmap state is not EMPTY: WRITTEN, and also ERASED, so that images written by
 * a device, with erased entries between live ones, decrypt in full and encrypt back to the same bytes.
 * Generator output has no erased entries, so for it this is exactly the WRITTEN entries.
 *
 * <p>Both directions check the plaintext side: an image whose entries include item headers but none with
 * a valid CRC is refused, which catches a wrong keys file and an image encrypted twice.
 */
public final class NvsEncryption {
    private NvsEncryption() {}

    /** A copy of the plaintext {@code image} with its used entries encrypted with {@code keys}. */
    public static byte[] encrypt(byte[] image, NvsKeys keys) {
        checkPages(image);
        requireValidHeaders(
                image,
                "is not a plain NVS image: none of its %d written entries is an item header with a valid CRC"
                        + " (is it encrypted already?)");
        byte[] out = image.clone();
        transform(out, keys.xts(), true);
        return out;
    }

    /** A copy of the encrypted {@code image} with its used entries decrypted with {@code keys}. */
    public static byte[] decrypt(byte[] image, NvsKeys keys) {
        checkPages(image);
        byte[] out = image.clone();
        transform(out, keys.xts(), false);
        requireValidHeaders(
                out,
                "does not decrypt with these keys: none of its %d written entries is an item header with a valid"
                        + " CRC afterwards"
                        + " (wrong keys file, or an image that is not encrypted)");
        return out;
    }

    private static void checkPages(byte[] image) {
        if (image.length == 0 || image.length % Page.SIZE != 0) {
            throw new NvsFormatException(
                    "the image is " + image.length + " bytes, not a whole number of " + Page.SIZE + "-byte pages");
        }
    }

    /** A page whose state word was never written holds nothing, whatever its other bytes are. */
    private static boolean isBlank(byte[] image, int page) {
        return LittleEndian.i32(image, page) == PageState.UNINITIALIZED.code();
    }

    private static void transform(byte[] image, XtsAes xts, boolean encrypt) {
        int[] offsets = new int[Page.ENTRY_COUNT];
        long[] tweaks = new long[Page.ENTRY_COUNT];
        for (int page = 0; page < image.length; page += Page.SIZE) {
            if (isBlank(image, page)) {
                continue;
            }
            int n = 0;
            for (int slot = 0; slot < Page.ENTRY_COUNT; slot++) {
                if (EntryStateBitmap.state(image, page, slot) != EntryState.EMPTY) {
                    offsets[n] = page + Page.entryOffset(slot);
                    tweaks[n] = offsets[n];
                    n++;
                }
            }
            if (encrypt) {
                xts.encryptUnits(image, offsets, tweaks, n, Page.ENTRY_SIZE);
            } else {
                xts.decryptUnits(image, offsets, tweaks, n, Page.ENTRY_SIZE);
            }
        }
    }

    /**
     * Walks the WRITTEN entries of every page item by item (a header's span skips its payload) and
     * throws when there are some but no header has a valid CRC. One valid header is enough: a device image
     * may hold an item whose write was cut short, but wrong keys garble every header.
     */
    private static void requireValidHeaders(byte[] plain, String problem) {
        int written = 0;
        for (int page = 0; page < plain.length; page += Page.SIZE) {
            if (isBlank(plain, page)) {
                continue;
            }
            int slot = 0;
            while (slot < Page.ENTRY_COUNT) {
                if (EntryStateBitmap.state(plain, page, slot) != EntryState.WRITTEN) {
                    slot++;
                    continue;
                }
                Item item = Item.parse(plain, page + Page.entryOffset(slot));
                written++;
                if (item.crcValid() && item.span() >= 1 && slot + item.span() <= Page.ENTRY_COUNT) {
                    return;
                }
                slot++;
            }
        }
        if (written > 0) {
            throw new NvsFormatException("the image " + String.format(problem, written));
        }
    }
}
