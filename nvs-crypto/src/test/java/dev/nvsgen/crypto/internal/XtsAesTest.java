package dev.nvsgen.crypto.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.NvsInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Known answers from IEEE 1619 and NIST CAVP, and the batch path against the one-unit path. */
class XtsAesTest {
    private static final HexFormat HEX = HexFormat.of();

    /** One known-answer record of {@code xts-aes-256-vectors.txt}. */
    record Vector(String name, Map<String, String> fields) {
        byte[] get(String field) {
            return HEX.parseHex(fields.get(field));
        }

        XtsAes xts() {
            return new XtsAes(get("key1"), get("key2"));
        }

        long tweakLow() {
            return ByteBuffer.wrap(get("tweak")).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        }

        long tweakHigh() {
            return ByteBuffer.wrap(get("tweak")).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Vector> vectors() throws IOException {
        String text;
        try (InputStream in = XtsAesTest.class.getResourceAsStream("xts-aes-256-vectors.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        List<Vector> out = new ArrayList<>();
        for (String block : text.split("\n\\s*\n")) {
            Map<String, String> fields = new HashMap<>();
            for (String line : block.split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] kv = line.split("=", 2);
                fields.put(kv[0].strip(), kv[1].strip());
            }
            if (!fields.isEmpty()) {
                out.add(new Vector(fields.get("name"), fields));
            }
        }
        assertEquals(10, out.size(), "vectors in the resource file");
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encryptsToTheKnownCiphertext(Vector v) {
        byte[] buf = v.get("pt");
        v.xts().encrypt(buf, 0, buf.length, v.tweakLow(), v.tweakHigh());
        assertEquals(HEX.formatHex(v.get("ct")), HEX.formatHex(buf));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decryptsToTheKnownPlaintext(Vector v) {
        byte[] buf = v.get("ct");
        v.xts().decrypt(buf, 0, buf.length, v.tweakLow(), v.tweakHigh());
        assertEquals(HEX.formatHex(v.get("pt")), HEX.formatHex(buf));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void worksInsideALargerBuffer(Vector v) {
        byte[] pt = v.get("pt");
        byte[] buf = new byte[pt.length + 48];
        Arrays.fill(buf, (byte) 0x5C);
        System.arraycopy(pt, 0, buf, 16, pt.length);
        v.xts().encrypt(buf, 16, pt.length, v.tweakLow(), v.tweakHigh());
        assertArrayEquals(v.get("ct"), Arrays.copyOfRange(buf, 16, 16 + pt.length));
        for (int i : new int[] {0, 15, 16 + pt.length, buf.length - 1}) {
            assertEquals((byte) 0x5C, buf[i], "byte " + i + " outside the unit was touched");
        }
    }

    /** The IEEE vectors 10–14 all use the same keys and plaintext: one batch call must give all five. */
    @Test
    void batchOfTheIeeeVectorsGivesEachCiphertext() throws IOException {
        List<Vector> ieee =
                vectors().stream().filter(v -> v.name.startsWith("IEEE")).toList();
        int unit = 512;
        byte[] buf = new byte[ieee.size() * unit + 32];
        int[] offsets = new int[ieee.size()];
        long[] tweaks = new long[ieee.size()];
        for (int k = 0; k < ieee.size(); k++) {
            // units in reverse order, with a gap, to show offsets and tweaks are honoured per unit
            offsets[k] = 32 + (ieee.size() - 1 - k) * unit;
            tweaks[k] = ieee.get(k).tweakLow();
            System.arraycopy(ieee.get(k).get("pt"), 0, buf, offsets[k], unit);
        }
        ieee.get(0).xts().encryptUnits(buf, offsets, tweaks, ieee.size(), unit);
        for (int k = 0; k < ieee.size(); k++) {
            assertArrayEquals(
                    ieee.get(k).get("ct"), Arrays.copyOfRange(buf, offsets[k], offsets[k] + unit), ieee.get(k).name);
        }
        ieee.get(0).xts().decryptUnits(buf, offsets, tweaks, ieee.size(), unit);
        for (int k = 0; k < ieee.size(); k++) {
            assertArrayEquals(ieee.get(k).get("pt"), Arrays.copyOfRange(buf, offsets[k], offsets[k] + unit));
        }
    }

    /** More units than one AES pass takes (16 KiB), so the batch is split; it must not matter where. */
    @Test
    void largeBatchesEqualUnitByUnit() {
        long seed = 0x5EED_0001L;
        Random r = new Random(seed);
        byte[] k1 = new byte[32];
        byte[] k2 = new byte[32];
        r.nextBytes(k1);
        r.nextBytes(k2);
        XtsAes xts = new XtsAes(k1, k2);
        for (int unit : new int[] {16, 32, 48, 4096, 32 * 1024}) {
            int count = Math.max(3, 64 * 1024 / unit);
            byte[] data = new byte[count * unit];
            r.nextBytes(data);
            byte[] batched = data.clone();
            byte[] single = data.clone();
            int[] offsets = new int[count];
            long[] tweaks = new long[count];
            for (int k = 0; k < count; k++) {
                offsets[k] = k * unit;
                tweaks[k] = r.nextLong();
                xts.encrypt(single, offsets[k], unit, tweaks[k], 0);
            }
            xts.encryptUnits(batched, offsets, tweaks, count, unit);
            assertArrayEquals(single, batched, "unit " + unit + ", seed " + seed);
            xts.decryptUnits(batched, offsets, tweaks, count, unit);
            assertArrayEquals(data, batched, "unit " + unit + ", seed " + seed);
        }
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        Vector v = vectors().get(0);
        XtsAes xts = v.xts();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        byte[] buf = v.get("pt");
                        xts.encrypt(buf, 0, buf.length, v.tweakLow(), v.tweakHigh());
                        if (!Arrays.equals(buf, v.get("ct"))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesPartialBlocksAndBadKeys() {
        XtsAes xts = new XtsAes(new byte[32], filled(32, 1));
        IllegalArgumentException partial =
                assertThrows(IllegalArgumentException.class, () -> xts.encrypt(new byte[64], 0, 17, 0, 0));
        assertTrue(partial.getMessage().contains("17 bytes"), partial.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> xts.encrypt(new byte[32], 16, 32, 0, 0));
        IllegalArgumentException shortKey =
                assertThrows(IllegalArgumentException.class, () -> new XtsAes(new byte[24], new byte[32]));
        assertTrue(
                shortKey.getMessage().contains("data key must be 32 bytes (AES-256) or 16 (AES-128), not 24"),
                shortKey.getMessage());
        IllegalArgumentException mixed =
                assertThrows(IllegalArgumentException.class, () -> new XtsAes(new byte[16], new byte[32]));
        assertTrue(mixed.getMessage().contains("both must be the same size"), mixed.getMessage());
    }

    @Test
    void refusesToEncryptWithIdenticalKeysButDecrypts() {
        XtsAes xts = new XtsAes(filled(32, 7), filled(32, 7));
        NvsInputException e = assertThrows(NvsInputException.class, () -> xts.encrypt(new byte[32], 0, 32, 0, 0));
        assertTrue(e.getMessage().contains("identical"), e.getMessage());
        xts.decrypt(new byte[32], 0, 32, 0, 0);
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
