package dev.nvsgen.crypto.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.NvsInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one chip type: what flash encryption, eFuse scripts and esp_secure_cert each ask of it. */
class ChipTest {
    @Test
    void digitalSignatureSizesFollowSocRsaMaxBitLen() {
        // ESP_DS_C_LEN: 3 × max/8 + 48, so 1584 bytes at 4096 bits, 1200 at 3072.
        assertEquals(1584, Chip.ESP32S3.dsCiphertextLength());
        assertEquals(1584, Chip.ESP32S2.dsCiphertextLength());
        assertEquals(1584, Chip.ESP32C5.dsCiphertextLength());
        assertEquals(1200, Chip.ESP32C3.dsCiphertextLength());
        assertEquals(1200, Chip.ESP32C6.dsCiphertextLength());
        assertEquals(1200, Chip.ESP32H2.dsCiphertextLength());
        NvsInputException e = assertThrows(NvsInputException.class, Chip.ESP32C2::dsMaxBits);
        assertEquals("esp32c2 has no DS (RSA digital signature) peripheral", e.getMessage());
    }

    @Test
    void peripheralsPerChip() {
        for (Chip c : List.of(Chip.ESP32, Chip.ESP32C2, Chip.ESP32C61)) {
            assertFalse(c.hasHmac(), c.id());
            assertFalse(c.hasDigitalSignature(), c.id());
        }
        for (Chip c : List.of(Chip.ESP32S2, Chip.ESP32S3, Chip.ESP32C3, Chip.ESP32C6, Chip.ESP32H2, Chip.ESP32S31)) {
            assertTrue(c.hasHmac(), c.id());
            assertTrue(c.hasDigitalSignature(), c.id());
        }
        assertEquals(List.of(192, 256), Chip.ESP32C61.ecdsaBits());
        assertEquals(List.of(), Chip.ESP32S3.ecdsaBits());
        assertTrue(Chip.ESP32S31.supports(FlashEncryptionScheme.XTS_AES_256));
        assertFalse(Chip.ESP32C61.supports(FlashEncryptionScheme.XTS_AES_256));
        assertEquals(0x2000, Chip.ESP32S31.bootloaderOffset());
        assertEquals(0x1000, Chip.ESP32.bootloaderOffset());
        assertEquals(0x0, Chip.ESP32C61.bootloaderOffset());
    }

    @Test
    void secureCertNamesAreExact() {
        assertEquals(Chip.ESP32C61, Chip.of("esp32c61"));
        assertEquals(Chip.ESP32S31, Chip.of("ESP32S31"));
        NvsInputException e = assertThrows(NvsInputException.class, () -> Chip.of("esp32-s3"));
        assertEquals(
                "unknown target chip 'esp32-s3' (one of esp32, esp32s2, esp32s3, esp32c2, esp32c3, esp32c5,"
                        + " esp32c6, esp32h2, esp32p4, esp32c61, esp32s31)",
                e.getMessage());
    }
}
