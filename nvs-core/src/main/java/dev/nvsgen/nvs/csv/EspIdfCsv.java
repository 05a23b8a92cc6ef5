package dev.nvsgen.nvs.csv;

import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.util.CsvParser;
import dev.nvsgen.nvs.util.InputFiles;
import dev.nvsgen.nvs.util.Utf8Text;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads ESP-IDF's NVS CSV format, the input of {@code nvs_partition_gen}: a header
 * {@code key,type,encoding,value}, then one row per namespace or entry.
 *
 * <p>Files are UTF-8, with or without a byte-order mark, with any line ending. Lines starting with
 * {@code #} are comments, blank rows are skipped, values may be quoted. Several files go into one image
 * in order, each with its own header. {@code file} rows name paths relative to {@code baseDir} (the
 * reference uses the current folder, not the CSV's).
 */
public final class EspIdfCsv {
    private static final List<String> COLUMNS = List.of("key", "type", "encoding", "value");

    private EspIdfCsv() {}

    /**
     * Reads {@code files} into one partition of format {@code version}. Relative paths, of the CSV files
     * and of the files their rows name, are resolved against {@code baseDir}; messages show them as given.
     */
    public static NvsPartition read(List<Path> files, FormatVersion version, Path baseDir) {
        return read(files, version, baseDir, null);
    }

    /**
     * {@link #read(List, FormatVersion, Path)} that also adds every file a {@code file} row names
     * (resolved against {@code baseDir}) to {@code filesNamed}, when not null: inputs that the run's
     * outputs must not replace.
     */
    public static NvsPartition read(
            List<Path> files, FormatVersion version, Path baseDir, Collection<Path> filesNamed) {
        NvsPartition.Builder builder = NvsPartition.builder(version);
        EspIdfRows rows = filesNamed == null
                ? new EspIdfRows(builder, baseDir)
                : new EspIdfRows(builder, baseDir, new Recording(filesNamed));
        for (Path file : files) {
            readInto(rows, file.toString(), readText(baseDir.resolve(file), file.toString()));
        }
        return builder.build();
    }

    /**
     * Parses CSV texts held in memory, in order, into one partition of format {@code version}: the
     * same rows as {@link #read}, with no file to name ({@code csv 1}, {@code csv 2} … in messages).
     * Rows of the {@code file} type name files relative to the working folder.
     *
     * @throws NvsInputException naming the text, line and key of a bad row
     */
    public static NvsPartition parse(FormatVersion version, String... texts) {
        NvsPartition.Builder builder = NvsPartition.builder(version);
        EspIdfRows rows = new EspIdfRows(builder, Path.of(""));
        for (int i = 0; i < texts.length; i++) {
            readInto(rows, texts.length == 1 ? "csv" : "csv " + (i + 1), texts[i]);
        }
        return builder.build();
    }

    /** {@link #parse(FormatVersion, String...)} in format version 2. */
    public static NvsPartition parse(String... texts) {
        return parse(FormatVersion.V2, texts);
    }

    /**
     * The partition as CSV text that {@link #read} (and nvs_partition_gen) turns back into the same
     * partition, and so into the same image: namespace rows where they are defined, integers in decimal,
     * strings as text, blobs as {@code hex2bin}.
     *
     * @throws NvsInputException when no CSV reproduces the partition exactly, naming the entry (a string
     *     with a carriage return or with a line that starts with {@code #}, or Wi-Fi helper entries other
     *     than those the generator adds itself)
     */
    public static String write(NvsPartition partition) {
        return EspIdfCsvWriter.write(partition);
    }

    /** Reads files from disk as {@link EspIdfRows.PlainFiles} does, and notes their paths. */
    private static final class Recording implements EspIdfRows.FileSource {
        private final Collection<Path> read;

        Recording(Collection<Path> read) {
            this.read = read;
        }

        @Override
        public byte[] read(Path path, String shown) {
            read.add(path);
            return EspIdfRows.PlainFiles.INSTANCE.read(path, shown);
        }
    }

    /** Applies the rows of one CSV text, named {@code name} in error messages, to {@code rows}. */
    public static void readInto(EspIdfRows rows, String name, String text) {
        List<CsvParser.Record> records;
        try {
            records = CsvParser.parse(text, true);
        } catch (CsvParser.MalformedCsvException e) {
            throw new NvsInputException(
                    name + ":" + e.line() + ": " + e.getMessage(), name, e.line(), null, null, null);
        }
        Map<String, Integer> columns = null;
        int headerSize = 0;
        for (CsvParser.Record record : records) {
            if (record.isBlank()) {
                continue;
            }
            if (columns == null) {
                columns = header(name, record);
                headerSize = record.fields().size();
                continue;
            }
            List<String> f = record.fields();
            if (f.size() > headerSize) {
                // The reference drops the extra fields: "hello, world" unquoted would store "hello".
                throw NvsInputException.at(
                        name,
                        record.line(),
                        null,
                        "the row has " + f.size() + " fields but the header has " + headerSize
                                + "; a value with a comma must be quoted (\"hello, world\")");
            }
            rows.add(
                    name,
                    record.line(),
                    field(f, columns, "key"),
                    typeOf(name, record.line(), f, columns),
                    field(f, columns, "encoding"),
                    field(f, columns, "value"));
        }
        // A file with no rows at all (empty, or only comments and blank lines) adds nothing, as with the
        // reference: a script may well write one for a device that has no entries of that kind.
    }

    private static String typeOf(String name, int line, List<String> f, Map<String, Integer> columns) {
        String type = field(f, columns, "type");
        if (type == null) {
            throw NvsInputException.at(
                    name,
                    line,
                    null,
                    "the row has " + f.size() + " column" + (f.size() == 1 ? "" : "s")
                            + "; expected key,type,encoding,value");
        }
        return type;
    }

    private static Map<String, Integer> header(String name, CsvParser.Record record) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < record.fields().size(); i++) {
            columns.putIfAbsent(record.fields().get(i).strip(), i);
        }
        for (String c : COLUMNS) {
            if (!columns.containsKey(c)) {
                throw new NvsInputException(
                        name + ":" + record.line() + ": the header " + String.join(",", record.fields()) + " has no '"
                                + c + "' column; expected key,type,encoding,value");
            }
        }
        return columns;
    }

    private static String field(List<String> fields, Map<String, Integer> columns, String column) {
        int i = columns.get(column);
        return i < fields.size() ? fields.get(i) : null;
    }

    /** A file's text, strictly UTF-8: a file in another encoding is refused rather than misread. */
    public static String readText(Path file) {
        return readText(file, file.toString());
    }

    private static String readText(Path file, String name) {
        byte[] bytes = InputFiles.read(file, name, InputFiles.MAX_CSV, "a CSV file of an NVS partition");
        try {
            return Utf8Text.decode(bytes);
        } catch (CharacterCodingException e) {
            throw new NvsInputException(name + ": is not UTF-8 text (save the CSV as UTF-8)");
        }
    }
}
