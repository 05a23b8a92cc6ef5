package dev.nvsgen.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.EntryCipher;
import dev.nvsgen.nvs.NvsFormatException;
import dev.nvsgen.nvs.internal.EntryState;
import dev.nvsgen.nvs.internal.EntryStateBitmap;
import dev.nvsgen.nvs.internal.Page;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of image encryption over seeded random partitions. Each case is named by its seed; rerun a
 * failure by putting that seed into {@link #seeds()}.
 */
class NvsEncryptionPropertyTest {

    static LongStream seeds() {
        return LongStream.range(0, 40).map(i -> 0x4E5653L * 1_000 + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void decryptUndoesEncrypt(long seed) {
        Random r = new Random(seed);
        byte[] plain = RandomImages.plainImage(r);
        NvsKeys keys = RandomImages.keys(r);
        byte[] encrypted = NvsEncryption.encrypt(plain, keys);
        assertArrayEquals(plain, NvsEncryption.decrypt(encrypted, keys), "seed " + seed);
        assertArrayEquals(
                encrypted, NvsEncryption.encrypt(NvsEncryption.decrypt(encrypted, keys), keys), "seed " + seed);
    }

    /** Headers, bitmaps, unused slots and blank pages stay plain; every written entry changes. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void onlyWrittenEntriesChange(long seed) {
        Random r = new Random(seed);
        byte[] plain = RandomImages.plainImage(r);
        byte[] encrypted = NvsEncryption.encrypt(plain, RandomImages.keys(r));
        assertEquals(plain.length, encrypted.length);
        for (int page = 0; page < plain.length; page += Page.SIZE) {
            assertArrayEquals(
                    Arrays.copyOfRange(plain, page, page + Page.FIRST_ENTRY_OFFSET),
                    Arrays.copyOfRange(encrypted, page, page + Page.FIRST_ENTRY_OFFSET),
                    "seed " + seed + ": header and bitmap of page " + page / Page.SIZE);
            for (int slot = 0; slot < Page.ENTRY_COUNT; slot++) {
                int at = page + Page.entryOffset(slot);
                boolean same = Arrays.equals(plain, at, at + 32, encrypted, at, at + 32);
                boolean written = EntryStateBitmap.state(plain, page, slot) == EntryState.WRITTEN;
                assertEquals(!written, same, "seed " + seed + ": page " + page / Page.SIZE + " slot " + slot);
            }
        }
    }

    /** The batched image path agrees with a plain, block-by-block XTS written here from the standard. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void matchesAReferenceXtsModel(long seed) throws Exception {
        Random r = new Random(seed);
        byte[] plain = RandomImages.plainImage(r);
        byte[] dataKey = RandomImages.bytes(r, 32);
        byte[] tweakKey = RandomImages.bytes(r, 32);
        byte[] encrypted = NvsEncryption.encrypt(plain, NvsKeys.of(dataKey, tweakKey));
        for (int page = 0; page < plain.length; page += Page.SIZE) {
            for (int slot = 0; slot < Page.ENTRY_COUNT; slot++) {
                if (EntryStateBitmap.state(plain, page, slot) == EntryState.WRITTEN) {
                    int at = page + Page.entryOffset(slot);
                    byte[] expected = referenceXts(dataKey, tweakKey, at, Arrays.copyOfRange(plain, at, at + 32));
                    assertArrayEquals(
                            expected,
                            Arrays.copyOfRange(encrypted, at, at + 32),
                            "seed " + seed + ": entry at offset " + at);
                }
            }
        }
    }

    /**
     * A device erases entries by clearing their bitmap bits and leaves their bytes encrypted. Decrypting
     * must turn those back into plaintext too, and re-encrypting must give the device's image again.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void erasedEntriesDecryptAndReEncrypt(long seed) {
        Random r = new Random(seed);
        byte[] plain = RandomImages.plainImage(r);
        NvsKeys keys = RandomImages.keys(r);
        byte[] device = NvsEncryption.encrypt(plain, keys);
        int erased = 0;
        for (int page = 0; page < plain.length; page += Page.SIZE) {
            for (int slot = 1; slot < Page.ENTRY_COUNT; slot++) {
                if (EntryStateBitmap.state(device, page, slot) == EntryState.WRITTEN && r.nextInt(3) == 0) {
                    // WRITTEN 0b10 -> ERASED 0b00: clear the high bit of the pair
                    int bit = slot * 2 + 1;
                    device[page + Page.BITMAP_OFFSET + bit / 8] &= (byte) ~(1 << (bit % 8));
                    erased++;
                }
            }
        }
        byte[] decrypted = NvsEncryption.decrypt(device, keys);
        for (int page = 0; page < plain.length; page += Page.SIZE) {
            int entries = page + Page.FIRST_ENTRY_OFFSET;
            assertTrue(
                    Arrays.equals(plain, entries, page + Page.SIZE, decrypted, entries, page + Page.SIZE),
                    "seed " + seed + ": entries of page " + page / Page.SIZE + " (" + erased + " erased in all)");
        }
        assertArrayEquals(device, NvsEncryption.encrypt(decrypted, keys), "seed " + seed);
    }

    /** The tweak is the entry's offset: the same 32 bytes encrypt differently at every offset. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void sameEntryEncryptsDifferentlyAtEachOffset(long seed) {
        Random r = new Random(seed);
        EntryCipher cipher = RandomImages.keys(r).cipher();
        byte[] entry = RandomImages.bytes(r, 32);
        int pages = 3;
        byte[] image = new byte[pages * Page.SIZE];
        Set<String> seen = new HashSet<>();
        for (int page = 0; page < pages; page++) {
            for (int slot = 0; slot < Page.ENTRY_COUNT; slot++) {
                int at = page * Page.SIZE + Page.entryOffset(slot);
                System.arraycopy(entry, 0, image, at, 32);
                cipher.encryptEntry(image, at, at);
                assertTrue(seen.add(HexFormat.of().formatHex(image, at, at + 32)), "seed " + seed + " offset " + at);
            }
        }
        // Moving a ciphertext to another slot garbles it: it decrypts with that slot's tweak.
        int from = Page.entryOffset(5);
        int to = Page.entryOffset(6);
        byte[] moved = Arrays.copyOfRange(image, from, from + 32);
        cipher.decryptEntry(moved, 0, to);
        assertFalse(Arrays.equals(entry, moved), "seed " + seed);
        cipher.decryptEntry(image, from, from);
        assertArrayEquals(entry, Arrays.copyOfRange(image, from, from + 32), "seed " + seed);
    }

    @Test
    void wrongKeysAreRefused() {
        Random r = new Random(7);
        byte[] plain = RandomImages.plainImage(r);
        byte[] encrypted = NvsEncryption.encrypt(plain, RandomImages.keys(r));
        NvsFormatException e =
                assertThrows(NvsFormatException.class, () -> NvsEncryption.decrypt(encrypted, RandomImages.keys(r)));
        assertTrue(
                e.getMessage().startsWith("the image does not decrypt with these keys: none of its "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(wrong keys file, or an image that is not encrypted)"), e.getMessage());
    }

    @Test
    void encryptingTwiceIsRefused() {
        Random r = new Random(8);
        NvsKeys keys = RandomImages.keys(r);
        byte[] once = NvsEncryption.encrypt(RandomImages.plainImage(r), keys);
        NvsFormatException e = assertThrows(NvsFormatException.class, () -> NvsEncryption.encrypt(once, keys));
        assertTrue(e.getMessage().contains("(is it encrypted already?)"), e.getMessage());
    }

    @Test
    void emptyAndBlankImagesPassThrough() {
        NvsKeys keys = RandomImages.keys(new Random(9));
        byte[] blank = new byte[3 * Page.SIZE];
        Arrays.fill(blank, (byte) 0xFF);
        assertArrayEquals(blank, NvsEncryption.encrypt(blank, keys));
        assertArrayEquals(blank, NvsEncryption.decrypt(blank, keys));
    }

    @Test
    void refusesPartialPages() {
        NvsKeys keys = RandomImages.keys(new Random(10));
        for (int size : new int[] {0, 100, 4097}) {
            NvsFormatException e =
                    assertThrows(NvsFormatException.class, () -> NvsEncryption.decrypt(new byte[size], keys));
            assertEquals("the image is " + size + " bytes, not a whole number of 4096-byte pages", e.getMessage());
        }
    }

    /** XTS-AES-256 of one 32-byte unit, block by block with AES from the JDK and a bitwise GF(2^128) doubling. */
    static byte[] referenceXts(byte[] dataKey, byte[] tweakKey, long tweak, byte[] plain) throws Exception {
        Cipher k2 = Cipher.getInstance("AES/ECB/NoPadding");
        k2.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(tweakKey, "AES"));
        Cipher k1 = Cipher.getInstance("AES/ECB/NoPadding");
        k1.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"));
        byte[] t = new byte[16];
        for (int i = 0; i < 8; i++) {
            t[i] = (byte) (tweak >>> (8 * i));
        }
        t = k2.doFinal(t);
        byte[] out = new byte[plain.length];
        for (int block = 0; block < plain.length / 16; block++) {
            byte[] pp = new byte[16];
            for (int i = 0; i < 16; i++) {
                pp[i] = (byte) (plain[block * 16 + i] ^ t[i]);
            }
            byte[] cc = k1.doFinal(pp);
            for (int i = 0; i < 16; i++) {
                out[block * 16 + i] = (byte) (cc[i] ^ t[i]);
            }
            // IEEE 1619 5.2: multiply by the primitive element, byte by byte with carries.
            int carry = 0;
            for (int i = 0; i < 16; i++) {
                int next = (t[i] >> 7) & 1;
                t[i] = (byte) ((t[i] << 1) | carry);
                carry = next;
            }
            if (carry != 0) {
                t[0] ^= (byte) 0x87;
            }
        }
        assertNotEquals(0, out.length);
        return out;
    }
}
