package dev.nvsgen.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.NvsInputException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NvsKeysTest {
    @TempDir
    Path tmp;

    /** Deterministic test keys: data key 00 01 … 1f, tweak key 20 21 … 3f. */
    static NvsKeys sequentialKeys() {
        byte[] d = new byte[32];
        byte[] t = new byte[32];
        for (int i = 0; i < 32; i++) {
            d[i] = (byte) i;
            t[i] = (byte) (32 + i);
        }
        return NvsKeys.of(d, t);
    }

    @Test
    void keysPartitionLayout() {
        byte[] p = sequentialKeys().toKeysPartition();
        assertEquals(4096, p.length);
        for (int i = 0; i < 64; i++) {
            assertEquals((byte) i, p[i], "key byte " + i);
        }
        // CRC32 of 00..3f as NVS computes it (zlib.crc32(data, 0xFFFFFFFF)), little-endian.
        assertEquals("45527c9a", HexFormat.of().formatHex(p, 64, 68));
        for (int i = 68; i < 4096; i++) {
            assertEquals((byte) 0xFF, p[i], "byte " + i);
        }
    }

    @Test
    void partitionAndBareFilesParseBack() {
        NvsKeys keys = sequentialKeys();
        assertTrue(NvsKeys.parse(keys.toKeysPartition(), "k.bin").sameKeysAs(keys));
        assertTrue(NvsKeys.parse(Arrays.copyOf(keys.toKeysPartition(), 64), "k.bin")
                .sameKeysAs(keys));
    }

    @Test
    void writeToIsOwnerOnlyAndReadsBack() throws Exception {
        NvsKeys keys = NvsKeys.generate();
        Path file = tmp.resolve("sub/keys.bin");
        keys.writeTo(file);
        assertArrayEquals(keys.toKeysPartition(), Files.readAllBytes(file));
        assertTrue(NvsKeys.read(file).sameKeysAs(keys));
        Assumptions.assumeTrue(
                FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 32, 63, 65, 128, 4095, 4097, 8192})
    void refusesOtherSizes(int size) throws Exception {
        Path file = tmp.resolve("keys-" + size + ".bin");
        Files.write(file, new byte[size]);
        NvsInputException e = assertThrows(NvsInputException.class, () -> NvsKeys.read(file));
        assertEquals(
                file + ": an NVS keys file is 4096 bytes (an nvs_keys partition) or 64 bytes (data key and tweak"
                        + " key alone), but this one is " + size + " bytes",
                e.getMessage());
    }

    @Test
    void refusesABadCrcWithoutShowingKeys() throws Exception {
        NvsKeys keys = sequentialKeys();
        byte[] p = keys.toKeysPartition();
        p[10] ^= 1;
        Path file = tmp.resolve("damaged.bin");
        Files.write(file, p);
        NvsInputException e = assertThrows(NvsInputException.class, () -> NvsKeys.read(file));
        assertEquals(
                file + ": the CRC32 at offset 64 does not match the 64 key bytes before it; the file is damaged"
                        + " or not an NVS keys file",
                e.getMessage());
        assertNoKeyBytes(e.getMessage(), keys);
    }

    @Test
    void refusesABlankPartition() {
        byte[] blank = new byte[4096];
        Arrays.fill(blank, (byte) 0xFF);
        NvsInputException e = assertThrows(NvsInputException.class, () -> NvsKeys.parse(blank, "nvs_keys.bin"));
        assertEquals(
                "nvs_keys.bin: the keys partition is blank (all 0xFF): no keys were ever written to it",
                e.getMessage());
    }

    @Test
    void missingFileAndFolder() throws Exception {
        Path missing = tmp.resolve("nope.bin");
        assertEquals(
                missing + ": no such file",
                assertThrows(NvsInputException.class, () -> NvsKeys.read(missing))
                        .getMessage());
        assertEquals(
                tmp + ": is a folder, not a key file",
                assertThrows(NvsInputException.class, () -> NvsKeys.read(tmp)).getMessage());
    }

    @Test
    void toStringNeverShowsKeyBytes() {
        NvsKeys keys = NvsKeys.generate();
        assertEquals("NvsKeys[XTS-AES-256 data key and tweak key, redacted]", keys.toString());
        assertNoKeyBytes(keys.toString(), keys);
        assertNoKeyBytes(keys.cipher().toString(), keys);
    }

    @Test
    void generatedKeysDiffer() {
        NvsKeys a = NvsKeys.generate();
        NvsKeys b = NvsKeys.generate(new SecureRandom());
        assertFalse(a.sameKeysAs(b));
        byte[] raw = a.unsafeExportRawKeyBytes();
        assertFalse(Arrays.equals(Arrays.copyOf(raw, 32), Arrays.copyOfRange(raw, 32, 64)));
        assertTrue(a.sameKeysAs(a));
    }

    @Test
    void exportIsACopy() {
        NvsKeys keys = sequentialKeys();
        byte[] raw = keys.unsafeExportRawKeyBytes();
        raw[0] = 99;
        assertEquals(0, keys.unsafeExportRawKeyBytes()[0]);
        byte[] input = new byte[32];
        NvsKeys fromArrays = NvsKeys.of(input, new byte[32]);
        input[0] = 1;
        assertEquals(0, fromArrays.unsafeExportRawKeyBytes()[0]);
    }

    @Test
    void refusesWrongKeyLengths() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NvsKeys.of(new byte[16], new byte[32]));
        assertEquals("the data key must be 32 bytes, not 16", e.getMessage());
    }

    @Test
    void randomKeysRoundTripThroughFiles() throws Exception {
        long seed = 0xC0FFEEL;
        Random r = new Random(seed);
        for (int i = 0; i < 20; i++) {
            byte[] d = new byte[32];
            byte[] t = new byte[32];
            r.nextBytes(d);
            r.nextBytes(t);
            NvsKeys keys = NvsKeys.of(d, t);
            Path f = tmp.resolve("k" + i + ".bin");
            keys.writeTo(f);
            assertTrue(NvsKeys.read(f).sameKeysAs(keys), "seed " + seed + " round " + i);
        }
    }

    @Test
    void writeToNeverReplacesAFileHoldingOtherKeys() throws Exception {
        Path f = tmp.resolve("keys.bin");
        NvsKeys keys = NvsKeys.generate();
        keys.writeTo(f);
        keys.writeTo(f); // the same keys again: left as it is
        byte[] before = java.nio.file.Files.readAllBytes(f);
        NvsKeys other = NvsKeys.generate();
        String message = org.junit.jupiter.api.Assertions.assertThrows(
                        dev.nvsgen.nvs.NvsInputException.class, () -> other.writeTo(f))
                .getMessage();
        assertTrue(
                message.endsWith("already exists and holds other keys (or something else);"
                        + " nvsgen never replaces a key file: move it away first"),
                message);
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, java.nio.file.Files.readAllBytes(f));
    }

    @Test
    void keysReadAnEncryptedImageBack() {
        NvsKeys keys = NvsKeys.generate();
        byte[] plain = dev.nvsgen.nvs.NvsPartition.builder()
                .namespace("app")
                .put("name", dev.nvsgen.nvs.NvsValue.string("dev-1"))
                .build()
                .toImage(dev.nvsgen.nvs.PartitionSize.parse("0x3000"));
        byte[] encrypted = NvsEncryption.encrypt(plain, keys);
        assertEquals(
                "dev-1",
                dev.nvsgen.nvs.read.NvsReader.read(encrypted, keys)
                        .get("app", "name")
                        .orElseThrow()
                        .asString());
    }

    /** No 4-byte run of either key appears in {@code text}, in hex of either case. */
    static void assertNoKeyBytes(String text, NvsKeys keys) {
        byte[] raw = keys.unsafeExportRawKeyBytes();
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i + 4 <= raw.length; i++) {
            String run = HexFormat.of().formatHex(raw, i, i + 4);
            assertFalse(lower.contains(run), "key bytes " + i + ".." + (i + 3) + " show in: " + text);
        }
    }
}
