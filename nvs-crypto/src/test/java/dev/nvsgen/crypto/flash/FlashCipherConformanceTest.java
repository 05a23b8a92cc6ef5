package dev.nvsgen.crypto.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every espsecure case of {@code shared/flash-encryption}: our bytes against espsecure's. */
class FlashCipherConformanceTest {
    static List<FlashVectors.Case> espsecure() {
        return FlashVectors.cases("espsecure");
    }

    private static FlashCipher cipher(FlashVectors.Case c) {
        byte[] keyFile = c.file("key.bin");
        FlashEncryptionKey key = c.xts()
                ? FlashEncryptionKey.parseXts(keyFile, "key.bin")
                : FlashEncryptionKey.parseEsp32(keyFile, "key.bin");
        assertEquals(c.text("scheme"), key.scheme().id());
        return key.cipher(c.flashCryptConf());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("espsecure")
    void matchesEspsecure(FlashVectors.Case c) {
        FlashCipher cipher = cipher(c);
        byte[] input = c.file("input.bin");
        long address = c.address();
        if (c.json().has("random")) {
            // espsecure pads a short tail with random bytes: only the whole blocks before it are fixed.
            int fixed = c.json().get("random").get("deterministic_prefix_bytes").asInt();
            byte[] expected = c.file("expected.bin");
            byte[] out = cipher.encrypt(input, address, new Random(1));
            assertEquals(expected.length, out.length);
            assertArrayEquals(Arrays.copyOf(expected, fixed), Arrays.copyOf(out, fixed));
            // espsecure's own output decrypts to the input and its 12 random bytes.
            assertArrayEquals(input, Arrays.copyOf(cipher.decrypt(expected, address), input.length));
            assertArrayEquals(input, Arrays.copyOf(cipher.decrypt(out, address), input.length));
            return;
        }
        byte[] expected = c.file("expected.bin");
        byte[] out =
                "decrypt".equals(c.text("operation")) ? cipher.decrypt(input, address) : cipher.encrypt(input, address);
        assertArrayEquals(expected, out);
        // And back.
        byte[] back =
                "decrypt".equals(c.text("operation")) ? cipher.encrypt(out, address) : cipher.decrypt(out, address);
        assertArrayEquals(input, back);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("espsecure")
    void keyNeverPrints(FlashVectors.Case c) {
        byte[] keyFile = c.file("key.bin");
        FlashEncryptionKey key = c.xts()
                ? FlashEncryptionKey.parseXts(keyFile, "key.bin")
                : FlashEncryptionKey.parseEsp32(keyFile, "key.bin");
        String shown = key + " " + key.cipher();
        assertFalse(shown.contains(java.util.HexFormat.of().formatHex(keyFile, 0, 4)), shown);
    }
}
