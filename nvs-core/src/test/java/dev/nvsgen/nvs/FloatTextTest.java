package dev.nvsgen.nvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The text form of floats and doubles: known answers both ways, refusals, and seeded round trips. */
class FloatTextTest {

    @ParameterizedTest(name = "float {0} = {1}")
    @CsvSource({
        "0.5, 3f000000",
        "-3.0, c0400000",
        "0.1, 3dcccccd",
        "1, 3f800000",
        "+1, 3f800000",
        ".25, 3e800000",
        "5., 40a00000",
        "1e-45, 00000001",
        "1.401298464324817e-45, 00000001",
        "7e-46, 00000000", // below half the smallest subnormal: rounds to zero, as strtof does
        "8e-46, 00000001",
        "1.1754942e-38, 007fffff",
        "3.4028235e+38, 7f7fffff",
        "3.4028235677973366e38, 7f7fffff", // rounds down to the largest finite value
        "16777217, 4b800000", // halfway: to even
        "16777219, 4b800002",
        "0x1.8p1, 40400000",
        "0X1P-149, 00000001",
        "0x10, 41800000",
        "0x.8, 3f000000",
        "-0x1.fffffep127, ff7fffff",
        "0x1.000001p0, 3f800000", // a hex literal finer than a float rounds to even
        "0x1.0000018p0, 3f800001",
        "0.0, 00000000",
        "-0.0, 80000000",
        "-0, 80000000",
        "inf, 7f800000",
        "-inf, ff800000",
        "+inf, 7f800000",
        "nan, 7fc00000",
        "-nan, ffc00000",
        "nan(0x1), 7fc00001",
        "nan(0x0), 7fc00000",
        "snan(0x1), 7f800001",
        "-snan(0x3fffff), ffbfffff",
        "'  2.5  ', 40200000"
    })
    void parsesFloats(String text, String hexBits) {
        assertEquals(
                Integer.toHexString(Integer.parseUnsignedInt(hexBits, 16)),
                Integer.toHexString(FloatText.parseFloat(text)));
    }

    @ParameterizedTest(name = "double {0} = {1}")
    @CsvSource({
        "3.141592653589793, 400921fb54442d18",
        "0.1, 3fb999999999999a",
        "9007199254740993, 4340000000000000",
        "5e-324, 0000000000000001",
        "2.4703282292062328e-324, 0000000000000001",
        "2.4703282292062327e-324, 0000000000000000",
        "1.7976931348623157e308, 7fefffffffffffff",
        "1e23, 44b52d02c7e14af6",
        "0x1p-1074, 0000000000000001",
        "0x1.fffffffffffffp1023, 7fefffffffffffff",
        "-0.0, 8000000000000000",
        "inf, 7ff0000000000000",
        "nan, 7ff8000000000000",
        "-nan(0x7ffffffffffff), ffffffffffffffff",
        "snan(0x1), 7ff0000000000001"
    })
    void parsesDoubles(String text, String hexBits) {
        assertEquals(
                Long.parseUnsignedLong(hexBits.length() < 16 ? "f" + hexBits : hexBits, 16),
                FloatText.parseDouble(text));
    }

    @ParameterizedTest(name = "float {1} -> {0}")
    @CsvSource({
        "0.5, 3f000000",
        "-3.0, c0400000",
        "0.1, 3dcccccd",
        "1e-45, 00000001",
        "1.1754942e-38, 007fffff",
        "1.1754944e-38, 00800000",
        "3.4028235e+38, 7f7fffff",
        "16777216.0, 4b800000",
        "100.0, 42c80000",
        "0.0001, 38d1b717",
        "1e-05, 3727c5ac",
        "1e+16, 5a0e1bca",
        "1234567.9, 4996b43f",
        "0.0, 00000000",
        "-0.0, 80000000",
        "inf, 7f800000",
        "-inf, ff800000",
        "nan, 7fc00000",
        "-nan, ffc00000",
        "nan(0x1), 7fc00001",
        "snan(0x1), 7f800001",
        "-snan(0x3fffff), ffbfffff"
    })
    void formatsFloats(String text, String hexBits) {
        assertEquals(text, FloatText.formatFloat(Integer.parseUnsignedInt(hexBits, 16)));
    }

    @ParameterizedTest(name = "double {1} -> {0}")
    @CsvSource({
        "3.141592653589793, 400921fb54442d18",
        "0.1, 3fb999999999999a",
        "5e-324, 0000000000000001",
        "1.7976931348623157e+308, 7fefffffffffffff",
        "1e+23, 44b52d02c7e14af6",
        "2.2250738585072014e-308, 0010000000000000",
        "9007199254740992.0, 4340000000000000",
        "1.2345678901234568e+17, 437b69b4ba630f35",
        "2.82879384806159e+17, 438f67ea69ed3795",
        "1.5e-07, 3e8421f5f40d8376",
        "-0.0, 8000000000000000",
        "nan, 7ff8000000000000",
        "snan(0x1), 7ff0000000000001"
    })
    void formatsDoublesShortest(String text, String hexBits) {
        assertEquals(text, FloatText.formatDouble(Long.parseUnsignedLong(hexBits, 16)));
    }

    @ParameterizedTest(name = "refuses ''{0}''")
    @ValueSource(
            strings = {
                "",
                " ",
                "NaN",
                "Infinity",
                "infinity",
                "INF",
                "1.0f",
                "1d",
                "1e",
                "1e+",
                "e5",
                ".",
                "-",
                "+-1",
                "--1",
                "0x",
                "0x.p1",
                "0x1p",
                "1,5",
                "1 5",
                "nan(1)",
                "nan(0x)",
                "nan(0xg)",
                "nan(0x400000)",
                "snan(0x0)",
                "nan(0x1",
                "0b101",
                "1e39",
                "-1e39",
                "3.4028236e38",
                "0x1p128",
                "0x1p99999999999",
                "0x\uFF21",
                "nan(0x\uFF21)",
                "\u0663",
                "1e\u0663"
            })
    void refusesFloats(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FloatText.parseFloat(text));
        assertTrue(e.getMessage().startsWith("value '" + text + "'"), e.getMessage());
    }

    @ParameterizedTest(name = "refuses ''{0}''")
    @ValueSource(strings = {"1e309", "0x1p1024", "nan(0x8000000000000)", "1.0e", "1..0"})
    void refusesDoubles(String text) {
        assertThrows(IllegalArgumentException.class, () -> FloatText.parseDouble(text));
    }

    @org.junit.jupiter.api.Test
    void namesTheLargestValueWhenTooLarge() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FloatText.parseFloat("1e39"));
        assertEquals(
                "value '1e39' is too large for a float (largest 3.4028235e+38); write inf for infinity",
                e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void tinyHexExponentIsZero() {
        assertEquals(0x8000_0000, FloatText.parseFloat("-0x1p-99999999999"));
    }

    static LongStream seeds() {
        return LongStream.range(0, 20).map(i -> 0xF10A_7000L + i);
    }

    /** Every bit pattern survives text: random bits, edge values, NaN payloads; never more digits than Java. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyValueRoundTrips(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 1_000; i++) {
            int f = i < RandomFloats.FLOAT_EDGES.length
                    ? RandomFloats.FLOAT_EDGES[i]
                    : RandomFloats.floatValue(r).bits();
            String ft = FloatText.formatFloat(f);
            assertEquals(
                    f,
                    FloatText.parseFloat(ft),
                    () -> "seed " + seed + ": float " + Integer.toHexString(f) + " -> " + ft);
            long d = i < RandomFloats.DOUBLE_EDGES.length
                    ? RandomFloats.DOUBLE_EDGES[i]
                    : RandomFloats.doubleValue(r).bits();
            String dt = FloatText.formatDouble(d);
            assertEquals(
                    d,
                    FloatText.parseDouble(dt),
                    () -> "seed " + seed + ": double " + Long.toHexString(d) + " -> " + dt);
            double v = Double.longBitsToDouble(d);
            if (Double.isFinite(v) && v != 0) {
                assertTrue(
                        significantDigits(dt) <= significantDigits(Double.toString(Math.abs(v))),
                        () -> "seed " + seed + ": " + dt + " is longer than Java's " + Double.toString(v));
            }
        }
    }

    private static int significantDigits(String s) {
        String mantissa = s.split("[eE]")[0].replace("-", "").replace(".", "");
        return mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "").length();
    }
}
