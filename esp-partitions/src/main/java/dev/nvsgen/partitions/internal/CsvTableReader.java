package dev.nvsgen.partitions.internal;

import dev.nvsgen.partitions.PartitionEntry;
import dev.nvsgen.partitions.PartitionTableException;
import dev.nvsgen.partitions.PartitionTableOptions;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the CSV form of a partition table as {@code gen_esp32part.py} does: one partition per line
 * ({@code Name, Type, SubType, Offset, Size, Flags}), {@code #} comments, fields split at every comma
 * (no quoting) and stripped, missing trailing fields empty, {@code $VARIABLES} expanded. Numbers are
 * Python literals ({@code 0x9000}, {@code 36864}) with an optional {@code K} or {@code M} suffix; types
 * and subtypes may also be names. Empty offsets are filled in order after the previous partition,
 * aligned to their type; a negative size means "up to that address".
 */
public final class CsvTableReader {
    private static final long K = 1024;
    private static final long M = 1024 * 1024;
    private static final BigInteger U32 = BigInteger.valueOf(0xFFFF_FFFFL);
    private static final List<String> FLAGS = List.of("encrypted", "readonly");

    private final String source;
    private final PartitionTableOptions options;
    private final List<String> warnings;

    /** A row as written, before empty offsets are filled in. */
    private static final class Draft {
        final int line;
        final String name;
        final int type;
        final int subtype;
        BigInteger offset;
        BigInteger size;
        boolean encrypted;
        boolean readonly;

        Draft(int line, String name, int type, int subtype) {
            this.line = line;
            this.name = name;
            this.type = type;
            this.subtype = subtype;
        }

        boolean isPrimary() {
            return (type == PartitionTypes.BOOTLOADER || type == PartitionTypes.PARTITION_TABLE)
                    && subtype == PartitionTypes.SUBTYPE_PRIMARY;
        }
    }

    private CsvTableReader(String source, PartitionTableOptions options, List<String> warnings) {
        this.source = source;
        this.options = options;
        this.warnings = warnings;
    }

    /** The partitions of {@code text}, offsets filled in; problems go to {@code warnings} or throw. */
    public static List<Row> read(String text, String source, PartitionTableOptions options, List<String> warnings) {
        return new CsvTableReader(source, options, warnings).read(text);
    }

    private List<Row> read(String text) {
        List<Draft> drafts = new ArrayList<>();
        List<String> lines = PythonText.splitLines(text);
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String expanded = PythonText.expandVars(lines.get(i), options.variables());
            String unset = PythonText.leadingUnsetVariable(expanded);
            if (unset != null) {
                throw new PartitionTableException(
                        source + ":" + lineNo + ": unknown variable '$" + unset + "' (not set in the environment)");
            }
            String line = PythonText.strip(expanded);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            drafts.add(parseLine(line, lineNo));
        }
        return resolve(drafts);
    }

    private Draft parseLine(String line, int lineNo) {
        // Python's split keeps empty fields; the padding makes the six columns present on short lines.
        String[] fields = Arrays.stream((line + ",,,,").split(",", -1))
                .map(PythonText::strip)
                .toArray(String[]::new);
        String name = fields[0];
        String where = source + ":" + lineNo + ": partition '" + name + "'";
        if (fields.length < 6) {
            // Only a line with a single field gets here, and its empty type is the problem to report.
            throw new PartitionTableException(where + ": the type column is empty");
        }
        if (fields[1].isEmpty()) {
            throw new PartitionTableException(where + ": the type column is empty");
        }
        int type = byteValue(where, "type", fields[1], parse(where, "type", fields[1], PartitionTypes.types()));
        int subtype;
        if (fields[2].isEmpty()) {
            if (type == PartitionTypes.APP) {
                throw new PartitionTableException(where + ": an app partition needs a subtype (factory, ota_0 …)");
            }
            subtype = PartitionTypes.DATA_UNDEFINED;
        } else {
            subtype = byteValue(
                    where, "subtype", fields[2], parse(where, "subtype", fields[2], PartitionTypes.subtypes(type)));
        }
        Draft d = new Draft(lineNo, truncatedName(where, name), type, subtype);
        d.offset = offset(where, fields[3], type, subtype);
        d.size = size(where, fields[4], type);
        if (d.size == null) {
            throw new PartitionTableException(where + ": the size column is empty");
        }
        for (String flag : fields[5].split(":", -1)) {
            switch (flag) {
                case "encrypted" -> d.encrypted = true;
                case "readonly" -> d.readonly = true;
                case "" -> {}
                default ->
                    throw new PartitionTableException(
                            where + ": unknown flag '" + flag + "' (known: " + String.join(", ", FLAGS) + ")");
            }
        }
        return d;
    }

    /** The name as the binary table holds it: gen_esp32part cuts it to 16 bytes without a word. */
    private String truncatedName(String where, String name) {
        if (name.indexOf('\0') >= 0) {
            throw new PartitionTableException(where + ": the name contains a NUL character");
        }
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= PartitionEntry.MAX_NAME_BYTES) {
            return name;
        }
        byte[] cut = Arrays.copyOf(utf8, PartitionEntry.MAX_NAME_BYTES);
        String truncated = new String(cut, StandardCharsets.UTF_8);
        if (!Arrays.equals(truncated.getBytes(StandardCharsets.UTF_8), cut)) {
            throw new PartitionTableException(where + ": the name is longer than 16 bytes and cutting it there splits"
                    + " a character; use a shorter name");
        }
        warnings.add(where + ": the name is longer than 16 bytes; the table holds it as '" + truncated + "'");
        return truncated;
    }

    private BigInteger offset(String where, String field, int type, int subtype) {
        if (type == PartitionTypes.BOOTLOADER) {
            if (subtype == PartitionTypes.SUBTYPE_PRIMARY) {
                return BigInteger.valueOf(primaryBootloaderOffset(where));
            }
            if (subtype == PartitionTypes.SUBTYPE_RECOVERY) {
                if (options.recoveryBootloaderOffset().isEmpty()) {
                    throw new PartitionTableException(where + ": a recovery bootloader partition needs the recovery"
                            + " bootloader offset (--recovery-bootloader-offset)");
                }
                return BigInteger.valueOf(options.recoveryBootloaderOffset().getAsLong());
            }
        }
        if (type == PartitionTypes.PARTITION_TABLE && subtype == PartitionTypes.SUBTYPE_PRIMARY) {
            return BigInteger.valueOf(options.tableOffset());
        }
        return field.isEmpty() ? null : parse(where, "offset", field, Map.of());
    }

    private BigInteger size(String where, String field, int type) {
        if (type == PartitionTypes.BOOTLOADER) {
            // Every bootloader partition is as large as the space between the primary one and the table.
            return BigInteger.valueOf(options.tableOffset() - primaryBootloaderOffset(where));
        }
        if (type == PartitionTypes.PARTITION_TABLE) {
            return BigInteger.valueOf(0x1000);
        }
        return field.isEmpty() ? null : parse(where, "size", field, Map.of());
    }

    private long primaryBootloaderOffset(String where) {
        if (options.primaryBootloaderOffset().isEmpty()) {
            throw new PartitionTableException(where + ": bootloader partitions need the primary bootloader offset"
                    + " (--primary-bootloader-offset)");
        }
        return options.primaryBootloaderOffset().getAsLong();
    }

    /**
     * gen_esp32part's number rule: a trailing K or M (any case) multiplies what comes before it, else a
     * Python integer literal, else one of {@code names} (case-insensitive).
     */
    private static BigInteger parse(String where, String what, String field, Map<String, Integer> names) {
        return parse(where, what, field, field, names);
    }

    private static BigInteger parse(String where, String what, String field, String v, Map<String, Integer> names) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.endsWith("k")) {
            return parse(where, what, field, v.substring(0, v.length() - 1), names)
                    .multiply(BigInteger.valueOf(K));
        }
        if (lower.endsWith("m")) {
            return parse(where, what, field, v.substring(0, v.length() - 1), names)
                    .multiply(BigInteger.valueOf(M));
        }
        BigInteger n = PythonText.parseInt(v);
        if (n != null) {
            return n;
        }
        if (names.isEmpty()) {
            String hint = what.equals("subtype")
                    ? " (this type has no subtype names: give a number)"
                    : what.equals("size") ? " (e.g. 0x6000, 24576, 24K or 1M)" : " (e.g. 0x9000)";
            throw new PartitionTableException(where + ": " + what + " '" + field + "' is not a number" + hint);
        }
        Integer named = names.get(v.toLowerCase(Locale.ROOT));
        if (named == null) {
            throw new PartitionTableException(where + ": unknown " + what + " '" + field + "'; known: "
                    + PartitionTypes.listNames(names) + ", or a number");
        }
        return BigInteger.valueOf(named);
    }

    private static int byteValue(String where, String what, String field, BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 8) {
            throw new PartitionTableException(
                    where + ": " + what + " '" + field + "' is " + value + "; it must be between 0 and 255 (0xff)");
        }
        return value.intValue();
    }

    /** Fills in empty offsets and negative sizes, refusing a partition that starts before the one above ends. */
    private List<Row> resolve(List<Draft> drafts) {
        long tableEnd = options.firstPartitionOffset();
        BigInteger lastEnd = BigInteger.valueOf(tableEnd);
        Draft previous = null;
        List<Row> rows = new ArrayList<>();
        for (Draft d : drafts) {
            String where = source + ":" + d.line + ": partition '" + d.name + "'";
            if (!d.isPrimary()) {
                if (d.offset != null && d.offset.compareTo(lastEnd) < 0) {
                    if (previous == null) {
                        throw new PartitionTableException(where + ": offset " + hex(d.offset)
                                + " overlaps the partition table, which occupies the sector at "
                                + hex(options.tableOffset()) + "; use " + hex(lastEnd) + " or higher");
                    }
                    throw new PartitionTableException(where + ": offset " + hex(d.offset)
                            + " overlaps the partition above it, '" + previous.name + "' (line " + previous.line
                            + "), which ends at " + hex(lastEnd));
                }
                if (d.offset == null) {
                    BigInteger align = BigInteger.valueOf(PartitionTypes.offsetAlignment(d.type));
                    BigInteger rest = lastEnd.mod(align);
                    d.offset = rest.signum() == 0 ? lastEnd : lastEnd.add(align.subtract(rest));
                }
                if (d.size.signum() < 0) {
                    BigInteger endAt = d.size.negate();
                    d.size = endAt.subtract(d.offset);
                    if (d.size.signum() < 0) {
                        throw new PartitionTableException(where + ": size -" + hex(endAt) + " means 'up to "
                                + hex(endAt) + "', which is before the partition's offset " + hex(d.offset));
                    }
                }
                lastEnd = d.offset.add(d.size);
                previous = d;
            }
            if (d.offset.compareTo(U32) > 0 || d.size.compareTo(U32) > 0 || d.size.signum() < 0) {
                throw new PartitionTableException(where + ": offset " + hex(d.offset) + " and size " + hex(d.size)
                        + " must each fit in 32 bits (0 to 0xffffffff)");
            }
            rows.add(new Row(
                    new PartitionEntry(
                            d.name,
                            d.type,
                            d.subtype,
                            d.offset.longValueExact(),
                            d.size.longValueExact(),
                            d.encrypted,
                            d.readonly),
                    source + ":" + d.line));
        }
        return rows;
    }

    private static String hex(BigInteger v) {
        return v.signum() < 0 ? "-0x" + v.negate().toString(16) : "0x" + v.toString(16);
    }

    private static String hex(long v) {
        return hex(BigInteger.valueOf(v));
    }
}
