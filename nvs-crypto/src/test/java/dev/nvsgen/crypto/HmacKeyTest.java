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
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HmacKeyTest {
    @TempDir
    Path tmp;

    /** ESP-IDF's sample HMAC key (testdata/sample_hmac_key.bin): bytes 01 02 … 20. */
    static HmacKey sampleKey() {
        byte[] k = new byte[32];
        for (int i = 0; i < 32; i++) {
            k[i] = (byte) (i + 1);
        }
        return HmacKey.of(k);
    }

    @Test
    void derivesTheSchemeKeys() {
        // HMAC-SHA256(01..20, 5a5abeae x 8) and HMAC-SHA256(01..20, a5a5dece x 8), computed independently.
        byte[] raw = sampleKey().deriveNvsKeys().unsafeExportRawKeyBytes();
        assertEquals(
                "ff6989e4fafd2d8cb313aa5743f0173f9b8a2c8587872832134682e0e0538dbd",
                HexFormat.of().formatHex(raw, 0, 32));
        assertEquals(
                "9c8e2ba7513701768c3c22db4b0fe056daf8abfc9acff43a6f931d8373ac1f93",
                HexFormat.of().formatHex(raw, 32, 64));
    }

    @Test
    void writeToIsOwnerOnlyAndReadsBack() throws Exception {
        HmacKey key = HmacKey.generate();
        Path file = tmp.resolve("hmac.bin");
        key.writeTo(file);
        assertArrayEquals(key.unsafeExportRawKeyBytes(), Files.readAllBytes(file));
        assertTrue(HmacKey.read(file).deriveNvsKeys().sameKeysAs(key.deriveNvsKeys()));
        Assumptions.assumeTrue(
                FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 16, 31, 33, 64, 4096})
    void refusesOtherSizes(int size) throws Exception {
        Path file = tmp.resolve("hmac-" + size + ".bin");
        Files.write(file, new byte[size]);
        NvsInputException e = assertThrows(NvsInputException.class, () -> HmacKey.read(file));
        assertEquals(
                file + ": an HMAC key file holds the 32-byte key burnt into eFuse, but this one is " + size + " bytes",
                e.getMessage());
    }

    @Test
    void missingFile() {
        Path missing = tmp.resolve("none.bin");
        assertEquals(
                missing + ": no such file",
                assertThrows(NvsInputException.class, () -> HmacKey.read(missing))
                        .getMessage());
    }

    @Test
    void toStringNeverShowsKeyBytes() {
        HmacKey key = HmacKey.generate();
        assertEquals("HmacKey[256-bit, redacted]", key.toString());
        String hex = HexFormat.of().formatHex(key.unsafeExportRawKeyBytes());
        for (int i = 0; i + 8 <= hex.length(); i += 2) {
            assertFalse(key.toString().contains(hex.substring(i, i + 8)));
        }
    }

    @Test
    void generatedKeysDiffer() {
        assertFalse(
                HmacKey.generate().deriveNvsKeys().sameKeysAs(HmacKey.generate().deriveNvsKeys()));
    }
}
