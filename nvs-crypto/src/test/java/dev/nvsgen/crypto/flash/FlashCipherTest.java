package dev.nvsgen.crypto.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.NvsInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers that espsecure v5.3.1 computed for the kinds of case the shared vectors do not all cover:
 * every FLASH_CRYPT_CONFIG bit alone and in pairs, 24-byte ESP32 keys, 16-byte (hashed) and 64-byte XTS
 * keys, addresses inside a data unit and near the top of the 32-bit space; and espsecure's refusals.
 */
class FlashCipherTest {
    private static final HexFormat HEX = HexFormat.of();

    record Vector(int line, boolean xts, int conf, long address, byte[] key, byte[] input, byte[] expected) {
        @Override
        public String toString() {
            return "line " + line + ": "
                    + (xts
                            ? "xts " + key.length * 8 + "-bit key"
                            : "esp32 conf 0x" + Integer.toHexString(conf) + " " + key.length * 8 + "-bit key")
                    + " at 0x"
                    + Long.toHexString(address) + ", " + input.length + " bytes";
        }

        FlashCipher cipher() {
            return xts
                    ? FlashEncryptionKey.parseXts(key, "key").cipher()
                    : FlashEncryptionKey.parseEsp32(key, "key").cipher(conf);
        }
    }

    static List<Vector> vectors() throws IOException {
        String text;
        try (InputStream in = FlashCipherTest.class.getResourceAsStream("espsecure-vectors.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        List<Vector> out = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(" ");
            out.add(new Vector(
                    i + 1,
                    f[0].equals("xts"),
                    f[1].equals("-") ? 0xF : Integer.decode(f[1]),
                    Long.decode(f[2]),
                    HEX.parseHex(f[3]),
                    HEX.parseHex(f[4]),
                    HEX.parseHex(f[5])));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void knownAnswer(Vector v) {
        FlashCipher c = v.cipher();
        assertArrayEquals(v.expected(), c.encrypt(v.input(), v.address()));
        assertArrayEquals(v.input(), c.decrypt(v.expected(), v.address()));
    }

    @Test
    void vectorsCoverEveryKind() throws IOException {
        List<Vector> all = vectors();
        assertTrue(all.stream().anyMatch(v -> !v.xts() && v.key().length == 24));
        assertTrue(all.stream().anyMatch(v -> v.xts() && v.key().length == 16));
        assertTrue(all.stream().anyMatch(v -> v.xts() && v.key().length == 64));
        assertTrue(all.stream().anyMatch(v -> v.xts() && v.address() % 128 != 0));
        for (int conf : new int[] {0, 1, 2, 4, 8}) {
            assertTrue(all.stream().anyMatch(v -> !v.xts() && v.conf() == conf), "conf " + conf);
        }
    }

    private static final byte[] KEY32 =
            HEX.parseHex("00112233445566778899aabbccddeeff0102030405060708090a0b0c0d0e0f10");

    private static String refusal(Runnable r) {
        return assertThrows(NvsInputException.class, r::run).getMessage();
    }

    @Test
    void refusesWhatEspsecureRefuses() {
        FlashCipher xts = FlashEncryptionKey.parseXts(KEY32, "k.bin").cipher();
        FlashCipher esp32 = FlashEncryptionKey.parseEsp32(KEY32, "k.bin").cipher();
        assertEquals(
                "input data length (100) must be a multiple of 16", refusal(() -> xts.encrypt(new byte[100], 0x1000)));
        assertEquals(
                "input data length (100) must be a multiple of 16", refusal(() -> xts.decrypt(new byte[100], 0x1000)));
        assertEquals(
                "starting flash address 0x1008 must be a multiple of 16",
                refusal(() -> xts.encrypt(new byte[64], 0x1008)));
        assertEquals(
                "starting flash address 0x1008 must be a multiple of 16",
                refusal(() -> esp32.encrypt(new byte[64], 0x1008)));
        assertEquals("input data must be longer than 0", refusal(() -> xts.encrypt(new byte[0], 0x1000)));
        assertEquals(
                "data length (100) is not a multiple of 16 bytes", refusal(() -> esp32.decrypt(new byte[100], 0x1000)));
        assertEquals(
                "flash address 0xffffff80 + 256 bytes runs past 4 GiB (0xFFFFFFFF); XTS flash addresses are 32-bit",
                refusal(() -> xts.encrypt(new byte[256], 0xFFFF_FF80L)));
        assertEquals("flash address -16 is negative", refusal(() -> esp32.encrypt(new byte[16], -16)));
        // The last unit may start at 0xFFFFFF80 exactly.
        assertEquals(128, xts.encrypt(new byte[128], 0xFFFF_FF80L).length);
        // ESP32 writes nothing for nothing, and takes an empty input.
        assertEquals(0, esp32.encrypt(new byte[0], 0x1000).length);
    }

    @Test
    void refusesKeyFilesEspsecureRefuses() {
        assertEquals(
                "k.bin: key file contains wrong length (20 bytes), 16, 24, 32 or 64 expected",
                refusal(() -> FlashEncryptionKey.parseXts(new byte[20], "k.bin")));
        assertEquals(
                "k.bin: XTS-AES takes 128-, 256- or 512-bit keys; this one is 192 bits",
                refusal(() -> FlashEncryptionKey.parseXts(new byte[24], "k.bin")));
        assertEquals(
                "k.bin: ESP32 flash encryption takes 192- or 256-bit keys; this one is 128 bits (the XTS-AES chips"
                        + " take 128, 256 or 512)",
                refusal(() -> FlashEncryptionKey.parseEsp32(new byte[16], "k.bin")));
        assertEquals(
                "k.bin: esp32s3 has no xts-aes-128 flash encryption with a 16-byte key (it takes [xts-aes-128,"
                        + " xts-aes-256])",
                refusal(() -> FlashEncryptionKey.parse(Chip.ESP32S3, new byte[16], "k.bin")));
        assertEquals(
                "k.bin: esp32c3 has no xts-aes-256 flash encryption with a 64-byte key (it takes [xts-aes-128])",
                refusal(() -> FlashEncryptionKey.parse(Chip.ESP32C3, new byte[64], "k.bin")));
        assertEquals(
                32,
                FlashEncryptionKey.parse(Chip.ESP32C2, new byte[16], "k.bin").aesKey().length);
    }

    @Test
    void equalHalvesEncryptNothingButDecrypt() {
        byte[] half = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
        byte[] key = new byte[32];
        System.arraycopy(half, 0, key, 0, 16);
        System.arraycopy(half, 0, key, 16, 16);
        FlashEncryptionKey k = FlashEncryptionKey.parseXts(key, "k.bin");
        assertTrue(k.hasEqualHalves());
        assertEquals(
                "the two halves of the XTS key are equal; XTS mode does not allow duplicated keys",
                refusal(() -> k.cipher().encrypt(new byte[64], 0x1000)));
        // espsecure (OpenSSL 3) decrypts with such a key; so do we.
        assertEquals(64, k.cipher().decrypt(new byte[64], 0x1000).length);
    }

    @Test
    void esp32PadsAShortTailFromTheGivenGenerator() {
        FlashCipher c = FlashEncryptionKey.parseEsp32(KEY32, "k").cipher();
        byte[] in = new byte[100];
        byte[] a = c.encrypt(in, 0xe000, new Random(7));
        byte[] b = c.encrypt(in, 0xe000, new Random(7));
        assertEquals(112, a.length);
        assertArrayEquals(a, b);
        byte[] pad = new byte[12];
        Random r = new Random(7);
        for (int i = 0; i < 12; i++) {
            pad[i] = (byte) r.nextInt(256);
        }
        byte[] plain = c.decrypt(a, 0xe000);
        assertArrayEquals(pad, java.util.Arrays.copyOfRange(plain, 100, 112));
    }

    @Test
    void generatedKeysFitTheChip() {
        for (Chip chip : Chip.values()) {
            for (FlashEncryptionScheme s : chip.schemes()) {
                FlashEncryptionKey k = FlashEncryptionKey.generate(chip, s, new java.security.SecureRandom());
                assertEquals(s, k.scheme());
                assertEquals(s.keySize(), k.keyFileLength());
                assertTrue(chip.keyFileSizes(s).contains(k.keyFileLength()));
            }
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> FlashEncryptionKey.generate(
                        Chip.ESP32C3, FlashEncryptionScheme.XTS_AES_256, new java.security.SecureRandom()));
    }

    @Test
    void chipIds() {
        assertEquals(Chip.ESP32S3, Chip.fromId("ESP32-S3"));
        assertEquals(Chip.ESP32, Chip.fromId("esp32"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Chip.fromId("esp8266"));
        assertTrue(e.getMessage().startsWith("unknown chip 'esp8266'; known: esp32, esp32s2"), e.getMessage());
    }
}
