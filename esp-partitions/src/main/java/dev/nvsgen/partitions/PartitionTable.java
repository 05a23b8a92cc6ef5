package dev.nvsgen.partitions;

import dev.nvsgen.partitions.internal.CsvTableReader;
import dev.nvsgen.partitions.internal.PartitionRecord;
import dev.nvsgen.partitions.internal.Row;
import dev.nvsgen.partitions.internal.TableChecks;
import dev.nvsgen.partitions.internal.TableFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An ESP-IDF partition table: its partitions in table order, every offset and size resolved, checked as
 * ESP-IDF's {@code gen_esp32part.py} checks it. Reads the CSV form ({@code partitions.csv}) and the
 * binary form ({@code partition-table.bin}), and writes both exactly as gen_esp32part does.
 * Immutable and safe to share between threads.
 *
 * <pre>{@code
 * PartitionTable table = PartitionTable.read(Path.of("partitions.csv"), PartitionTableOptions.defaults());
 * PartitionEntry nvs = table.firstNvs().orElseThrow();        // 'nvs' at 0x9000, 0x6000 bytes
 * byte[] bin = table.toBinary();                               // what partition-table.bin holds
 * }</pre>
 */
public final class PartitionTable {
    /** The table occupies one 4 KB flash sector; the first partition may start right after it. */
    public static final int SECTOR_SIZE = 0x1000;
    /** Length of the binary form gen_esp32part writes: rows, MD5 row, 0xFF padding. */
    public static final int BINARY_LENGTH = PartitionRecord.TABLE_LENGTH;

    private final List<PartitionEntry> entries;
    private final List<String> origins;
    private final PartitionTableOptions options;
    private final List<String> warnings;

    private PartitionTable(List<Row> rows, PartitionTableOptions options, List<String> warnings) {
        this.entries = rows.stream().map(Row::entry).toList();
        this.origins = rows.stream().map(Row::origin).toList();
        this.options = options;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Reads a table file, binary or CSV, telling them apart as gen_esp32part does: a binary table starts
     * with the row magic {@code 0xAA 0x50}.
     */
    public static PartitionTable read(Path file, PartitionTableOptions options) throws IOException {
        String source = Objects.toString(file.getFileName(), file.toString());
        byte[] data = TableFiles.read(file, source);
        return parse(data, source, options);
    }

    /** Parses {@code data}, binary or CSV (see {@link #read}); {@code source} names it in messages. */
    public static PartitionTable parse(byte[] data, String source, PartitionTableOptions options) {
        if (isBinary(data)) {
            return parseBinary(data, source, options);
        }
        return parseCsv(decode(data, source), source, options);
    }

    /** True when {@code data} starts like a binary table rather than CSV text. */
    public static boolean isBinary(byte[] data) {
        return data.length >= 2 && (data[0] & 0xFF) == 0xAA && (data[1] & 0xFF) == 0x50;
    }

    /** Reads the CSV form: empty offsets are filled in, sizes may end in K or M, names or numbers for types. */
    public static PartitionTable parseCsv(String text, String source, PartitionTableOptions options) {
        List<String> warnings = new ArrayList<>();
        List<Row> rows = CsvTableReader.read(text, source, options, warnings);
        TableChecks.verify(rows, options, warnings);
        return new PartitionTable(rows, options, warnings);
    }

    /**
     * Reads the binary form: 32-byte rows up to the end marker (a row of 0xFF); the MD5 row, where there
     * is one, must match the rows before it (unless {@code options.md5()} is off).
     */
    public static PartitionTable parseBinary(byte[] data, String source, PartitionTableOptions options) {
        List<String> warnings = new ArrayList<>();
        List<Row> rows = PartitionRecord.parseTable(data, source, options.md5(), warnings);
        TableChecks.verify(rows, options, warnings);
        return new PartitionTable(rows, options, warnings);
    }

    /** A table of {@code entries}, checked as a parsed one is. */
    public static PartitionTable of(List<PartitionEntry> entries, PartitionTableOptions options) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            rows.add(new Row(entries.get(i), "entry " + (i + 1)));
        }
        List<String> warnings = new ArrayList<>();
        TableChecks.verify(rows, options, warnings);
        return new PartitionTable(rows, options, warnings);
    }

    public List<PartitionEntry> entries() {
        return entries;
    }

    /** Where the table itself sits in flash. */
    public long tableOffset() {
        return options.tableOffset();
    }

    public PartitionTableOptions options() {
        return options;
    }

    /**
     * Advice gen_esp32part prints without failing (a name that looks like another type, unknown flag bits,
     * a name cut to 16 bytes), each naming its row.
     */
    public List<String> warnings() {
        return warnings;
    }

    /** Where {@code entry} was read from, for messages: {@code partitions.csv:4}, {@code table.bin: entry 2 …}. */
    public String origin(PartitionEntry entry) {
        int i = indexOf(entry);
        return i < 0 ? "'" + entry.name() + "'" : origins.get(i);
    }

    private int indexOf(PartitionEntry entry) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) == entry) {
                return i;
            }
        }
        return entries.indexOf(entry);
    }

    public Optional<PartitionEntry> byName(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The first {@code data,nvs} partition: where ESP-IDF's default NVS partition usually is. */
    public Optional<PartitionEntry> firstNvs() {
        return entries.stream().filter(PartitionEntry::isNvs).findFirst();
    }

    /** Every {@code data,nvs_keys} partition, in table order. */
    public List<PartitionEntry> nvsKeys() {
        return entries.stream().filter(PartitionEntry::isNvsKeys).toList();
    }

    /** The first byte after the partition that ends last. */
    public long flashEnd() {
        return entries.stream().mapToLong(PartitionEntry::end).max().orElse(0);
    }

    /** The binary form, byte for byte what gen_esp32part writes: {@link #BINARY_LENGTH} bytes. */
    public byte[] toBinary() {
        return PartitionRecord.table(entries, options.md5());
    }

    /**
     * The CSV form as gen_esp32part writes it when it decodes a binary table: two comment lines, then one
     * line per partition with names for known types, hex offsets and sizes in M, K or hex.
     */
    public String toCsv() {
        StringBuilder out =
                new StringBuilder("# ESP-IDF Partition Table\n# Name, Type, SubType, Offset, Size, Flags\n");
        for (PartitionEntry e : entries) {
            out.append(e.name())
                    .append(',')
                    .append(e.typeName())
                    .append(',')
                    .append(e.subtypeName())
                    .append(',')
                    .append(PartitionEntry.hex(e.offset()))
                    .append(',')
                    .append(sizeText(e.size()))
                    .append(',')
                    .append(e.flagsText())
                    .append('\n');
        }
        return out.toString();
    }

    /** A size as gen_esp32part prints it: whole megabytes as {@code 1M}, whole kilobytes as {@code 24K}, else hex. */
    public static String sizeText(long size) {
        if (size % 0x100000 == 0) {
            return size / 0x100000 + "M";
        }
        if (size % 0x400 == 0) {
            return size / 0x400 + "K";
        }
        return PartitionEntry.hex(size);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionTable t && entries.equals(t.entries) && options.equals(t.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entries, options);
    }

    @Override
    public String toString() {
        return "PartitionTable[at " + PartitionEntry.hex(options.tableOffset()) + ": "
                + entries.stream().map(PartitionEntry::name).collect(Collectors.joining(", ")) + "]";
    }

    /**
     * Text as gen_esp32part decodes it: a byte-order mark picks UTF-8, UTF-16 or UTF-32 (checked in its
     * order, so FF FE is always UTF-16), otherwise strict UTF-8.
     */
    private static String decode(byte[] data, String source) {
        Charset charset = StandardCharsets.UTF_8;
        int skip = 0;
        if (startsWith(data, 0xEF, 0xBB, 0xBF)) {
            skip = 3;
        } else if (startsWith(data, 0xFF, 0xFE) || startsWith(data, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16;
        } else if (startsWith(data, 0x00, 0x00, 0xFE, 0xFF)) {
            charset = Charset.forName("UTF-32");
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, skip, data.length - skip))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new PartitionTableException(
                    source + ": neither a binary partition table (it would start with bytes aa 50)" + " nor "
                            + charset.name() + " CSV text");
        }
    }

    private static boolean startsWith(byte[] data, int... prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((data[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
