package dev.nvsgen.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.internal.EntryState;
import dev.nvsgen.nvs.internal.EntryStateBitmap;
import dev.nvsgen.nvs.internal.Item;
import dev.nvsgen.nvs.internal.Page;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * An image written by ESP-IDF's own nvs_flash with encryption on ({@code shared/device-images/dev_encrypted}):
 * a page with erased entries between live ones, which generator output never has.
 */
class DeviceImageEncryptionTest {

    static Path caseDir() {
        String shared = System.getProperty("nvsgen.shared.dir");
        Path dir = Path.of(shared == null ? "../../shared" : shared, "device-images", "dev_encrypted")
                .normalize();
        Assumptions.assumeTrue(Files.isDirectory(dir), () -> "device images not found at " + dir + "; skipping");
        return dir;
    }

    @Test
    void decryptsLiveAndErasedEntriesAndEncryptsBack() throws Exception {
        Path dir = caseDir();
        byte[] image = Files.readAllBytes(dir.resolve("image.bin"));
        NvsKeys keys = NvsKeys.read(dir.resolve("keys.bin"));
        byte[] plain = NvsEncryption.decrypt(image, keys);

        int erased = 0;
        int headers = 0;
        for (int slot = 0; slot < Page.ENTRY_COUNT; ) {
            EntryState state = EntryStateBitmap.state(plain, 0, slot);
            if (state == EntryState.ERASED) {
                erased++;
            }
            if (state == EntryState.EMPTY) {
                slot++;
                continue;
            }
            // Live and erased items alike are whole items again once decrypted.
            Item item = Item.parse(plain, Page.entryOffset(slot));
            assertTrue(item.crcValid(), "item header at slot " + slot + " (" + state + "): " + item);
            headers++;
            slot += item.span();
        }
        assertTrue(erased > 0, "the image has erased entries");
        assertTrue(headers >= 6, "item headers found: " + headers);

        String text = new String(plain, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("ACME-000777\0"), "the live string decrypts");
        String hex = HexFormat.of().formatHex(plain);
        // the blob written first and then erased, and the one that replaced it (ops.txt)
        assertTrue(hex.contains("29f88512004af0bfa30b8bfa65d33062"), "the erased blob decrypts");
        assertTrue(hex.contains("74bdc04062162b467e6bcd0febf9e8c7"), "the live blob decrypts");

        assertArrayEquals(image, NvsEncryption.encrypt(plain, keys), "encrypt(decrypt(device image))");
        assertEquals(image.length, plain.length);
    }
}
