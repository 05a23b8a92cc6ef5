package dev.nvsgen.nvs.read;

import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsType;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.RandomFloats;
import dev.nvsgen.nvs.internal.EntryState;
import dev.nvsgen.nvs.internal.EntryStateBitmap;
import dev.nvsgen.nvs.internal.Page;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Seeded random partitions for property tests: every value type (floats and doubles with their edge
 * values and NaN payloads), awkward text, blobs across pages.
 */
final class RandomPartitions {
    private static final String KEY_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
    /** Text that CSV must quote or that is not ASCII; no carriage return and no '#', which CSV cannot carry. */
    private static final String[] TEXT_PIECES = {
        "a",
        "b",
        "Z",
        "0",
        "9",
        " ",
        ",",
        "\"",
        "\n",
        "é",
        "日本",
        "😀",
        "=",
        ";",
        "'",
        "\t",
        "x y",
        "https://example.com/"
    };

    private RandomPartitions() {}

    static NvsPartition partition(Random r) {
        FormatVersion version = r.nextInt(4) == 0 ? FormatVersion.V1 : FormatVersion.V2;
        NvsPartition.Builder b = NvsPartition.builder(version);
        int namespaces = 1 + r.nextInt(4);
        String[] names = new String[namespaces];
        for (int i = 0; i < namespaces; i++) {
            names[i] = "ns" + i + "_" + key(r, 1 + r.nextInt(8));
        }
        b.namespace(names[0]);
        int entries = r.nextInt(60);
        // Keys are unique within a namespace: nvs_flash treats a key stored twice as damage.
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < entries; i++) {
            if (r.nextInt(8) == 0) {
                b.namespace(names[r.nextInt(namespaces)]);
            }
            String key = key(r, 1 + r.nextInt(15));
            if (used.add(b.currentNamespace() + "/" + key)) {
                b.put(key, value(r, version));
            }
        }
        return b.build();
    }

    static String key(Random r, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(KEY_CHARS.charAt(r.nextInt(KEY_CHARS.length())));
        }
        return s.toString();
    }

    static NvsValue value(Random r, FormatVersion version) {
        int kind = r.nextInt(12);
        if (kind == 10) {
            return RandomFloats.floatValue(r);
        }
        if (kind == 11) {
            return RandomFloats.doubleValue(r);
        }
        if (kind < 8) {
            NvsType t = NvsType.values()[kind];
            BigInteger min =
                    t.isSigned() ? BigInteger.ONE.shiftLeft(t.width() * 8 - 1).negate() : BigInteger.ZERO;
            BigInteger span = BigInteger.ONE.shiftLeft(t.width() * 8);
            BigInteger v = switch (r.nextInt(4)) {
                case 0 -> min;
                case 1 -> min.add(span).subtract(BigInteger.ONE);
                default -> min.add(new BigInteger(t.width() * 8, r));
            };
            return NvsValue.integer(t, v);
        }
        if (kind == 8) {
            int limit = r.nextInt(5) == 0 ? (version == FormatVersion.V1 ? 1983 : 3967) : 100;
            StringBuilder s = new StringBuilder();
            while (true) {
                String piece = TEXT_PIECES[r.nextInt(TEXT_PIECES.length)];
                if (s.toString().getBytes(StandardCharsets.UTF_8).length + piece.getBytes(StandardCharsets.UTF_8).length
                        > limit) {
                    break;
                }
                s.append(piece);
                if (r.nextInt(limit / 4 + 2) == 0) {
                    break;
                }
            }
            return NvsValue.string(s.toString());
        }
        int max = version == FormatVersion.V1 ? 1984 : r.nextInt(6) == 0 ? 12_000 : 300;
        byte[] data = new byte[r.nextInt(max + 1)];
        r.nextBytes(data);
        return NvsValue.blob(data);
    }

    /** The image of {@code p} in the smallest read/write partition it fits. */
    static byte[] image(NvsPartition p) {
        for (int pages = 3; ; pages++) {
            try {
                return p.toImage(PartitionSize.ofPages(pages));
            } catch (NvsInputException e) {
                if (pages > 1000) {
                    throw e;
                }
            }
        }
    }

    /** Encrypts every written entry of a plaintext image in place, as nvs_partition_gen's encrypt does. */
    static byte[] encrypt(byte[] image, TestXts cipher) {
        byte[] out = image.clone();
        for (int page = 0; page < out.length / Page.SIZE; page++) {
            int base = page * Page.SIZE;
            for (int slot = 0; slot < Page.ENTRY_COUNT; slot++) {
                if (EntryStateBitmap.state(out, base, slot) == EntryState.WRITTEN) {
                    int off = base + Page.entryOffset(slot);
                    cipher.encryptEntry(out, off, off);
                }
            }
        }
        return out;
    }

    static String describe(NvsEntry e) {
        return e.namespace() + "/" + e.key() + " " + e.value();
    }
}
