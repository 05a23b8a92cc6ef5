package dev.nvsgen.partitions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nvsgen.partitions.internal.PartitionTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random valid tables, written as CSV in the many ways ESP-IDF accepts (names or numbers, K/M/hex/decimal,
 * empty or explicit offsets, spacing): they resolve to the layout they were generated from, and survive
 * CSV → binary → parse and binary → CSV → parse unchanged.
 */
class PartitionTablePropertyTest {
    private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_";

    static LongStream seeds() {
        return LongStream.range(0, 300).map(i -> 0x5EED_0000L + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void csvAndBinaryRoundTrip(long seed) {
        Random rnd = new Random(seed);
        long tableOffset = rnd.nextInt(4) == 0 ? 0x10000 : PartitionTableOptions.DEFAULT_TABLE_OFFSET;
        PartitionTableOptions options = PartitionTableOptions.defaults().withTableOffset(tableOffset);
        List<PartitionEntry> expected = new ArrayList<>();
        StringBuilder csv = new StringBuilder(rnd.nextBoolean() ? "# Name, Type, SubType, Offset, Size, Flags\n" : "");
        Set<String> names = new HashSet<>();
        long lastEnd = tableOffset + PartitionTable.SECTOR_SIZE;
        int count = 1 + rnd.nextInt(12);
        for (int i = 0; i < count; i++) {
            PartitionEntry e = randomEntry(rnd, names, lastEnd);
            boolean aligned = e.offset() == align(lastEnd, PartitionTypes.offsetAlignment(e.type()));
            String offset = aligned && rnd.nextBoolean() ? "" : number(rnd, e.offset(), false);
            csv.append(row(rnd, e, offset));
            expected.add(e);
            lastEnd = e.end();
        }
        String text = csv.toString();
        String context = "seed " + seed + ", table:\n" + text;
        PartitionTable table = PartitionTable.parseCsv(text, "random.csv", options);
        assertEquals(expected, table.entries(), context);
        byte[] bin = table.toBinary();
        PartitionTable fromBin = PartitionTable.parseBinary(bin, "random.bin", options);
        assertEquals(expected, fromBin.entries(), context);
        assertArrayEquals(bin, fromBin.toBinary(), context);
        assertEquals(
                expected,
                PartitionTable.parseCsv(fromBin.toCsv(), "decoded.csv", options).entries(),
                context);
    }

    private static PartitionEntry randomEntry(Random rnd, Set<String> names, long lastEnd) {
        String name;
        do {
            StringBuilder b = new StringBuilder();
            int len = 1 + rnd.nextInt(16);
            for (int i = 0; i < len; i++) {
                b.append(NAME_CHARS.charAt(rnd.nextInt(NAME_CHARS.length())));
            }
            name = b.toString();
        } while (!names.add(name) || PartitionTypes.types().containsKey(name) || PartitionTypes.isSubtypeName(name));
        int kind = rnd.nextInt(10);
        int type = kind < 3 ? PartitionTypes.APP : kind < 9 ? PartitionTypes.DATA : 0x40 + rnd.nextInt(0xBF);
        int subtype;
        long size;
        boolean readonly = false;
        if (type == PartitionTypes.APP) {
            List<Integer> apps = new ArrayList<>(PartitionTypes.subtypes(type).values());
            subtype = apps.get(rnd.nextInt(apps.size()));
            size = (1 + rnd.nextInt(64)) * 0x1000L * (rnd.nextBoolean() ? 16 : 1);
        } else if (type == PartitionTypes.DATA) {
            // No otadata here: a table may hold one, of exactly 0x2000 bytes; the unit tests cover it.
            int[] subtypes = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x80, 0x81, 0x82, 0x83, 0x22};
            subtype = subtypes[rnd.nextInt(subtypes.length)];
            size = rnd.nextInt(4) == 0 ? (1 + rnd.nextInt(4096)) * 0x100L : (1 + rnd.nextInt(512)) * 0x1000L;
            if (subtype == PartitionTypes.DATA_NVS && size < 0x3000) {
                readonly = true;
            } else if (subtype != PartitionTypes.DATA_COREDUMP) {
                readonly = rnd.nextInt(5) == 0;
            }
        } else {
            subtype = rnd.nextInt(256);
            size = (1 + rnd.nextInt(256)) * 0x1000L;
        }
        long alignment = PartitionTypes.offsetAlignment(type);
        long offset = align(lastEnd, alignment) + (rnd.nextInt(4) == 0 ? rnd.nextInt(4) * alignment : 0);
        return new PartitionEntry(name, type, subtype, offset, size, rnd.nextInt(4) == 0, readonly);
    }

    private static long align(long value, long alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }

    private static String row(Random rnd, PartitionEntry e, String offset) {
        String type = typeText(rnd, e.type());
        String subtype = keyword(rnd, e.subtype(), PartitionTypes.subtypes(e.type()));
        if (e.type() != PartitionTypes.APP && e.subtype() == PartitionTypes.DATA_UNDEFINED && rnd.nextBoolean()) {
            subtype = ""; // an empty subtype means 'undefined' for every type but app
        }
        String size = number(rnd, e.size(), true);
        String flags = e.flagsText();
        if (flags.isEmpty() && rnd.nextBoolean()) {
            flags = rnd.nextBoolean() ? ":" : "";
        }
        String sep = List.of(",", ", ", " ,\t", ",   ").get(rnd.nextInt(4));
        String line = String.join(sep, e.name(), type, subtype, offset, size, flags);
        if (flags.isEmpty() && rnd.nextBoolean()) {
            line = String.join(sep, e.name(), type, subtype, offset, size); // no flags column at all
        }
        String indent = rnd.nextInt(5) == 0 ? "  " : "";
        String end = List.of("\n", "\r\n", "\n").get(rnd.nextInt(3));
        return indent + line + (rnd.nextInt(8) == 0 ? end + "# a comment" : "") + end;
    }

    private static String typeText(Random rnd, int type) {
        return keyword(rnd, type, PartitionTypes.types());
    }

    private static String keyword(Random rnd, int value, Map<String, Integer> names) {
        for (Map.Entry<String, Integer> n : names.entrySet()) {
            if (n.getValue() == value && rnd.nextInt(3) != 0) {
                return rnd.nextInt(4) == 0 ? n.getKey().toUpperCase(Locale.ROOT) : n.getKey();
            }
        }
        return rnd.nextBoolean() ? Integer.toString(value) : "0x" + Integer.toHexString(value);
    }

    /** {@code value} as one of the number forms gen_esp32part reads. */
    private static String number(Random rnd, long value, boolean suffixes) {
        int form = rnd.nextInt(6);
        if (suffixes && form == 0 && value % 0x100000 == 0) {
            return value / 0x100000 + (rnd.nextBoolean() ? "M" : "m");
        }
        if (suffixes && form <= 1 && value % 0x400 == 0) {
            return value / 0x400 + (rnd.nextBoolean() ? "K" : "k");
        }
        return switch (form) {
            case 2 -> Long.toString(value);
            case 3 -> "0X" + Long.toHexString(value).toUpperCase(Locale.ROOT);
            case 4 -> "0o" + Long.toOctalString(value);
            default -> "0x" + Long.toHexString(value);
        };
    }
}
