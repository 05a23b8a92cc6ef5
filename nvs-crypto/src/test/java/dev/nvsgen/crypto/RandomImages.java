package dev.nvsgen.crypto;

import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import java.util.Random;

/** Seeded random NVS partitions and keys for property tests; the same seed gives the same image. */
final class RandomImages {
    private RandomImages() {}

    /** A plaintext image of 1 to 60 random entries in up to 4 namespaces, on a partition big enough for them. */
    static byte[] plainImage(Random r) {
        FormatVersion version = r.nextInt(4) == 0 ? FormatVersion.V1 : FormatVersion.V2;
        NvsPartition.Builder b = NvsPartition.builder(version);
        int namespaces = 1 + r.nextInt(4);
        int entries = 1 + r.nextInt(60);
        for (int i = 0; i < entries; i++) {
            if (i == 0 || r.nextInt(10) == 0) {
                b.namespace("ns" + r.nextInt(namespaces));
            }
            b.put("k" + i, value(r, version));
        }
        NvsPartition p = b.build();
        return p.toImage(PartitionSize.ofPages(128));
    }

    private static NvsValue value(Random r, FormatVersion version) {
        return switch (r.nextInt(11)) {
            case 0 -> NvsValue.u8(r.nextInt(256));
            case 1 -> NvsValue.i8(r.nextInt(256) - 128);
            case 2 -> NvsValue.u16(r.nextInt(65536));
            case 3 -> NvsValue.i16(r.nextInt(65536) - 32768);
            case 4 -> NvsValue.u32(r.nextInt() & 0xFFFF_FFFFL);
            case 5 -> NvsValue.i32(r.nextInt());
            case 6 -> NvsValue.u64(r.nextLong());
            case 7 -> NvsValue.i64(r.nextLong());
            case 8, 9 -> NvsValue.string(text(r, r.nextInt(r.nextBoolean() ? 40 : 1500)));
            default -> NvsValue.blob(bytes(r, r.nextInt(version == FormatVersion.V1 ? 1900 : 6000)));
        };
    }

    private static String text(Random r, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) (' ' + r.nextInt(95)));
        }
        return s.toString();
    }

    static byte[] bytes(Random r, int length) {
        byte[] b = new byte[length];
        r.nextBytes(b);
        return b;
    }

    static NvsKeys keys(Random r) {
        return NvsKeys.of(bytes(r, 32), bytes(r, 32));
    }
}
