package dev.nvsgen.factory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.NvsEncryption;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.factory.DeviceEncryption.KeyFile;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceEncryptionsTest {
    @TempDir
    Path tmp;

    private static byte[] plain() {
        return NvsPartition.builder()
                .namespace("factory")
                .put("serial", NvsValue.string("SN-1"))
                .put("n", NvsValue.u32(7))
                .build()
                .toImage(PartitionSize.parse("0x3000"));
    }

    private static byte[] encrypted(DeviceEncryption e, String name, List<KeyFile> files) {
        byte[] image = plain();
        files.addAll(e.encrypt(name, image));
        return image;
    }

    @Test
    void sharedKeysKeepNoFileUnlessNamed() {
        NvsKeys keys = NvsKeys.generate();
        List<KeyFile> files = new java.util.ArrayList<>();
        byte[] image = encrypted(DeviceEncryptions.sharedKeys(keys), "d1", files);
        assertEquals(List.of(), files);
        assertArrayEquals(plain(), NvsEncryption.decrypt(image, keys));

        image = encrypted(DeviceEncryptions.sharedKeys(keys, "keys-%s.bin"), "d1", files);
        assertEquals("keys-d1.bin", files.get(0).fileName());
        assertArrayEquals(
                plain(), NvsEncryption.decrypt(image, NvsKeys.parse(files.get(0).exportContent(), "k")));
    }

    @Test
    void keysPerDeviceDifferAndDecryptTheirImage() {
        List<KeyFile> a = new java.util.ArrayList<>();
        List<KeyFile> b = new java.util.ArrayList<>();
        DeviceEncryption e = DeviceEncryptions.keysPerDevice("%s.bin");
        byte[] ia = encrypted(e, "a", a);
        byte[] ib = encrypted(e, "b", b);
        assertEquals("a.bin", a.get(0).fileName());
        assertFalse(a.get(0).contentEquals(b.get(0).exportContent()));
        assertArrayEquals(
                plain(), NvsEncryption.decrypt(ia, NvsKeys.parse(a.get(0).exportContent(), "a")));
        assertArrayEquals(
                plain(), NvsEncryption.decrypt(ib, NvsKeys.parse(b.get(0).exportContent(), "b")));
    }

    @Test
    void hmacKeyPerDeviceDerivesTheImageKeys() {
        List<KeyFile> files = new java.util.ArrayList<>();
        byte[] image = encrypted(DeviceEncryptions.hmacKeyPerDevice("keys-%s.bin", "hmac-keys-%s.bin"), "d", files);
        assertEquals(
                List.of("keys-d.bin", "hmac-keys-d.bin"),
                files.stream().map(KeyFile::fileName).toList());
        NvsKeys derived = HmacKey.of(files.get(1).exportContent()).deriveNvsKeys();
        assertArrayEquals(plain(), NvsEncryption.decrypt(image, derived));
        assertArrayEquals(derived.toKeysPartition(), files.get(0).exportContent());

        files.clear();
        encrypted(DeviceEncryptions.hmacKeyPerDevice(null, "%s-hmac-key.bin"), "d", files);
        assertEquals(
                List.of("d-hmac-key.bin"), files.stream().map(KeyFile::fileName).toList());
    }

    @Test
    void keyFilesNeverPrintTheirContent() {
        List<KeyFile> files = new java.util.ArrayList<>();
        encrypted(DeviceEncryptions.keysPerDevice("%s.bin"), "d", files);
        assertEquals("KeyFile[d.bin, 4096 bytes redacted]", files.get(0).toString());
    }

    @Test
    void anExistingKeyFileWithOtherKeysIsNeverReplaced() throws Exception {
        NvsKeys keys = NvsKeys.generate();
        DeviceEncryption e = DeviceEncryptions.keepingExistingKeyFiles(
                DeviceEncryptions.sharedKeys(keys, "keys-%s.bin"), tmp, "out/keys");
        Files.write(tmp.resolve("keys-d.bin"), keys.toKeysPartition());
        e.encrypt("d", plain()); // the same keys: fine (a rerun)
        Files.write(tmp.resolve("keys-d.bin"), NvsKeys.generate().toKeysPartition());
        assertEquals(
                "out/keys/keys-d.bin already exists and holds other keys; nvsgen does not overwrite key files,"
                        + " not even when a run is forced (move it away first)",
                assertThrows(NvsInputException.class, () -> e.encrypt("d", plain()))
                        .getMessage());
    }

    @Test
    void aPatternNamesTheDeviceAsEveryTemplateDoes() {
        assertEquals(
                List.of("keys-d.bin"),
                DeviceEncryptions.keysPerDevice("keys-${serial}.bin").newKeyFileNames("d"));
        assertEquals(
                List.of("k-d.bin", "h-d.bin"),
                DeviceEncryptions.hmacKeyPerDevice("k-${serial}.bin", "h-%s.bin")
                        .newKeyFileNames("d"));
        assertEquals(
                "a key file name pattern holds ${serial} for the device's name and no folder"
                        + " (keys-${serial}.bin): 'keys.bin'",
                assertThrows(IllegalArgumentException.class, () -> DeviceEncryptions.keysPerDevice("keys.bin"))
                        .getMessage());
    }

    @Test
    void newKeyFileNamesAreTheFilesMadeWithNewKeys() {
        assertEquals(
                List.of("k-d.bin"), DeviceEncryptions.keysPerDevice("k-%s.bin").newKeyFileNames("d"));
        assertEquals(
                List.of("k-d.bin", "h-d.bin"),
                DeviceEncryptions.keepingExistingKeyFiles(
                                DeviceEncryptions.hmacKeyPerDevice("k-%s.bin", "h-%s.bin"), tmp, "keys")
                        .newKeyFileNames("d"));
        assertEquals(
                List.of(),
                DeviceEncryptions.sharedKeys(NvsKeys.generate(), "k-%s.bin").newKeyFileNames("d"));
    }

    @Test
    void patternsNeedTheDeviceNameAndNoFolder() {
        assertThrows(IllegalArgumentException.class, () -> DeviceEncryptions.keysPerDevice("keys.bin"));
        assertThrows(IllegalArgumentException.class, () -> DeviceEncryptions.keysPerDevice("k/%s.bin"));
    }
}
