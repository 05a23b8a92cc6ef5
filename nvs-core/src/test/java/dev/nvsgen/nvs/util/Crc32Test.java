package dev.nvsgen.nvs.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Crc32Test {
    @Test
    void knownAnswers() {
        // zlib.crc32(b"123456789", 0xFFFFFFFF): the register starts at 0, unlike the usual CRC-32 (0xCBF43926).
        assertEquals(0xD202D277, Crc32.compute("123456789".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0xFFFFFFFF, Crc32.compute(new byte[0]));
        assertEquals(0xFFFFFFFF, Crc32.compute(new byte[28]), "all-zero input keeps the register at 0");
    }

    @Test
    void twoRangesEqualTheirConcatenation() {
        byte[] item = new byte[32];
        new Random(7).nextBytes(item);
        byte[] joined = new byte[28];
        System.arraycopy(item, 0, joined, 0, 4);
        System.arraycopy(item, 8, joined, 4, 24);
        assertEquals(Crc32.compute(joined), Crc32.compute(item, 0, 4, 8, 24));
    }

    /**
     * Cross-check against the JDK's CRC-32 by linearity: starting the register at 0 instead of all ones
     * changes the result by the CRC of as many zero bytes: nvs(d) = ~(crc32(d) ^ crc32(zeros)).
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1234567})
    void agreesWithJdkCrc32ByLinearity(long seed) {
        Random random = new Random(seed);
        for (int n = 0; n < 200; n++) {
            byte[] data = new byte[random.nextInt(5000)];
            random.nextBytes(data);
            CRC32 std = new CRC32();
            std.update(data);
            CRC32 zeros = new CRC32();
            zeros.update(new byte[data.length]);
            assertEquals(
                    (int) ~(std.getValue() ^ zeros.getValue()),
                    Crc32.compute(data),
                    "seed " + seed + ", length " + data.length);
        }
    }
}
