package dev.nvsgen.matter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasscodeTest {
    @ParameterizedTest
    @ValueSource(
            longs = {
                0, 11111111, 22222222, 33333333, 44444444, 55555555, 66666666, 77777777, 88888888, 99999999, 12345678,
                87654321
            })
    void theSpecificationsInvalidValues(long v) {
        assertFalse(Passcode.isValid(v));
        assertThrows(IllegalArgumentException.class, () -> Passcode.of(v));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 11111110, 12345679, 87654320, 99999998, 0x5F5E0FE})
    void edgesThatAreValid(long v) {
        assertTrue(Passcode.isValid(v));
        assertEquals(v, Passcode.of(v).reveal());
    }

    /** The reference tool's range check never triggers: it accepts 100000000 and more. nvsgen refuses them. */
    @Test
    void rangeIsChecked() {
        assertEquals(
                "passcode 100000000 is out of range: the Matter specification allows 1 to 99999998",
                assertThrows(IllegalArgumentException.class, () -> Passcode.of(100_000_000))
                        .getMessage());
        assertEquals(
                "passcode 134217727 is out of range: the Matter specification allows 1 to 99999998",
                assertThrows(IllegalArgumentException.class, () -> Passcode.of((1 << 27) - 1))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Passcode.of(-1));
        assertEquals(
                "passcode 12345678 is on the Matter specification's list of invalid passcodes (00000000, 11111111 … 99999999,"
                        + " 12345678, 87654321)",
                assertThrows(IllegalArgumentException.class, () -> Passcode.of(12345678))
                        .getMessage());
    }

    @Test
    void neverPrintsItself() {
        assertEquals("Passcode[redacted]", Passcode.of(20202021).toString());
    }

    @Test
    void randomPasscodesAreValid() {
        long seed = new Random().nextLong();
        System.out.println("PasscodeTest seed " + seed);
        SecureRandom r = new SeededRandom(seed);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(Passcode.isValid(Passcode.random(r).reveal()), "seed " + seed);
        }
    }

    /** A reproducible SecureRandom for seeded properties. */
    static final class SeededRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final Random random;

        SeededRandom(long seed) {
            random = new Random(seed);
        }

        @Override
        public int nextInt(int bound) {
            return random.nextInt(bound);
        }

        @Override
        public void nextBytes(byte[] bytes) {
            random.nextBytes(bytes);
        }

        @Override
        public long nextLong() {
            return random.nextLong();
        }
    }
}
