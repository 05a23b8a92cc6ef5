package dev.nvsgen.nvs.internal;

import dev.nvsgen.nvs.NvsFormatException;
import dev.nvsgen.nvs.util.LittleEndian;

/**
 * Walks a partition image for {@code EntryCipher.encryptImage} and {@code decryptImage}: a page at a
 * time, every entry whose bitmap state is not EMPTY handed to the cipher in one batch. It knows the
 * cipher only as an {@link EntryBatch}, so the structures do not depend on the API that uses them.
 *
 * <p>Both directions check the plaintext side: an image whose entries include item headers but none with
 * a valid CRC is refused, which catches a wrong keys file and an image encrypted twice.
 */
public final class EncryptedImages {
    private EncryptedImages() {}

    /** Encrypts or decrypts {@code count} entries of {@code buf} in place, as {@code EntryCipher.encryptEntries}. */
    public interface EntryBatch {
        void apply(byte[] buf, int[] offsets, long[] partitionOffsets, int count);
    }

    public static byte[] encrypt(byte[] image, EntryBatch cipher) {
        checkPages(image);
        requireValidHeaders(
                image,
                "is not a plain NVS image: none of its %d written entries is an item header with a valid CRC"
                        + " (is it encrypted already?)");
        byte[] out = image.clone();
        transform(out, cipher);
        return out;
    }

    public static byte[] decrypt(byte[] image, EntryBatch cipher) {
        checkPages(image);
        byte[] out = image.clone();
        transform(out, cipher);
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

    private static void transform(byte[] image, EntryBatch cipher) {
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
            cipher.apply(image, offsets, tweaks, n);
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
