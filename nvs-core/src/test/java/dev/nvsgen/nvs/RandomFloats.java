package dev.nvsgen.nvs;

import java.util.Random;

/** Seeded float and double values for property tests, weighted towards the values that break things. */
public final class RandomFloats {
    /** ±0, the smallest and largest subnormals, the smallest normal, the largest finite, infinities, NaNs. */
    static final int[] FLOAT_EDGES = {
        0x0000_0000, 0x8000_0000, 0x0000_0001, 0x8000_0001, 0x007F_FFFF, 0x0080_0000, 0x7F7F_FFFF, 0xFF7F_FFFF,
        0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0000, 0x7FC0_0001, 0x7F80_0001, 0xFFBF_FFFF, 0x3F80_0000,
        0x3DCC_CCCD, 0x4B80_0000
    };

    static final long[] DOUBLE_EDGES = {
        0L,
        0x8000_0000_0000_0000L,
        1L,
        0x8000_0000_0000_0001L,
        0x000F_FFFF_FFFF_FFFFL,
        0x0010_0000_0000_0000L,
        0x7FEF_FFFF_FFFF_FFFFL,
        0xFFEF_FFFF_FFFF_FFFFL,
        0x7FF0_0000_0000_0000L,
        0xFFF0_0000_0000_0000L,
        0x7FF8_0000_0000_0000L,
        0xFFF8_0000_0000_0000L,
        0x7FF8_0000_0000_0001L,
        0x7FF0_0000_0000_0001L,
        0xFFF7_FFFF_FFFF_FFFFL,
        0x3FB9_9999_9999_999AL,
        0x4340_0000_0000_0000L,
        0x4415_AF1D_78B5_8C40L
    };

    private RandomFloats() {}

    public static NvsValue.FloatValue floatValue(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> NvsValue.f32Bits(FLOAT_EDGES[r.nextInt(FLOAT_EDGES.length)]);
            case 1 -> NvsValue.f32((float) (r.nextInt(2_000_001) - 1_000_000) / (1 << r.nextInt(12)));
            default -> NvsValue.f32Bits(r.nextInt());
        };
    }

    public static NvsValue.DoubleValue doubleValue(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> NvsValue.f64Bits(DOUBLE_EDGES[r.nextInt(DOUBLE_EDGES.length)]);
            case 1 -> NvsValue.f64(Math.round(r.nextGaussian() * 1e6) / Math.pow(10, r.nextInt(8)));
            default -> NvsValue.f64Bits(r.nextLong());
        };
    }
}
