package dev.nvsgen.factory.mfg;

import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.csv.EspIdfCsv;
import dev.nvsgen.nvs.csv.ValueEncoding;
import dev.nvsgen.nvs.util.CsvParser;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * mfg_gen's config file: which namespaces and keys every device's image holds, in order, with each key's
 * type and encoding. No header; rows are {@code name,namespace,} or {@code key,type,encoding[,REPEAT]},
 * where {@code type} is {@code data} or {@code file} and REPEAT takes the value of the values file's
 * first device for every device.
 *
 * <p>Blank lines are skipped, as mfg_gen does. Unlike mfg_gen, every encoding nvs_partition_gen knows is
 * accepted ({@code i16} included), and problems are reported with the line they are on in the file as
 * written.
 */
public final class MfgConfig {
    /**
     * One row: a namespace ({@code type} {@code namespace}, no encoding) or an entry. {@code line} is the
     * row's line in the config file.
     */
    public record Row(int line, String key, String type, String encoding, boolean repeat) {
        public Row {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(type, "type");
        }

        public boolean isNamespace() {
            return type.equals("namespace");
        }
    }

    private final String name;
    private final List<Row> rows;

    private MfgConfig(String name, List<Row> rows) {
        this.name = name;
        this.rows = List.copyOf(rows);
    }

    /** Reads the config file {@code file}, named {@code name} in messages (UTF-8, any line ending). */
    public static MfgConfig read(Path file, String name) {
        return parse(EspIdfCsv.readText(file), name);
    }

    /**
     * Parses config text, named {@code name} in messages.
     *
     * @throws NvsInputException naming the line and what is wrong with it
     */
    public static MfgConfig parse(String text, String name) {
        List<Row> rows = new ArrayList<>();
        try (CsvParser.Reader reader = new CsvParser.Reader(new StringReader(text), false, true)) {
            for (CsvParser.Record r = reader.next(); r != null; r = reader.next()) {
                if (r.isBlank()) {
                    continue;
                }
                Row row = row(name, r);
                if (rows.isEmpty() && !row.isNamespace()) {
                    throw new NvsInputException(
                            name + ":" + r.line() + ": key '" + row.key()
                                    + "' comes before any namespace; the first row must be NAME,namespace,",
                            name,
                            r.line(),
                            null,
                            row.key(),
                            null);
                }
                rows.add(row);
            }
        } catch (CsvParser.MalformedCsvException e) {
            throw new NvsInputException(name + ":" + e.line() + ": " + e.getMessage(), name, e.line(), null, null, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (rows.isEmpty()) {
            throw NvsInputException.at(
                    name, 0, null, "has no rows; expected NAME,namespace, then key,type,encoding rows");
        }
        return new MfgConfig(name, rows);
    }

    private static Row row(String name, CsvParser.Record r) {
        List<String> f = r.fields();
        int line = r.line();
        if (f.size() < 2) {
            throw NvsInputException.at(
                    name,
                    line,
                    null,
                    "'" + String.join(",", f) + "' is not a config row; expected key,type,encoding[,REPEAT]");
        }
        String key = f.get(0);
        String type = f.get(1);
        if (type.equals("namespace")) {
            checkEmpty(name, line, f, 2, "a namespace row is NAME,namespace,");
            checkName(name, line, "namespace name", key);
            return new Row(r.line(), key, type, null, false);
        }
        if (!type.equals("data") && !type.equals("file")) {
            throw NvsInputException.at(
                    name, line, key, "unknown type '" + type + "' (expected namespace, data or file)");
        }
        if (f.size() < 3 || f.get(2).isEmpty()) {
            throw NvsInputException.at(name, line, key, "no encoding; expected key,type,encoding[,REPEAT]");
        }
        String encoding = f.get(2);
        try {
            ValueEncoding.named(encoding);
        } catch (IllegalArgumentException e) {
            throw NvsInputException.at(name, line, key, e.getMessage());
        }
        boolean repeat = f.size() > 3 && f.get(3).equals("REPEAT");
        if (f.size() > 3 && !repeat && !f.get(3).isEmpty()) {
            throw NvsInputException.at(
                    name, line, key, "the fourth column is '" + f.get(3) + "'; it may only be REPEAT");
        }
        checkEmpty(name, line, f, 4, "expected key,type,encoding[,REPEAT]");
        checkName(name, line, "key", key);
        if (key.startsWith("#")) {
            // nvs_partition_gen would drop the row of the device CSV that mfg_gen writes as a comment.
            throw new NvsInputException(
                    name + ":" + line + ": key '" + key + "' starts with '#', which marks a comment in the"
                            + " CSV nvs_partition_gen reads",
                    name,
                    line,
                    null,
                    key,
                    null);
        }
        return new Row(r.line(), key, type, encoding, repeat);
    }

    private static void checkEmpty(String name, int line, List<String> f, int from, String expected) {
        for (int i = from; i < f.size(); i++) {
            if (!f.get(i).isEmpty()) {
                throw NvsInputException.at(
                        name, line, null, "unexpected '" + f.get(i) + "' in column " + (i + 1) + "; " + expected);
            }
        }
    }

    private static void checkName(String file, int line, String what, String name) {
        try {
            NvsEntry.checkName(what, name);
        } catch (IllegalArgumentException e) {
            throw NvsInputException.at(file, line, null, e.getMessage());
        }
    }

    /** The name messages give the file. */
    public String name() {
        return name;
    }

    /** Every row, namespaces and entries, in file order. */
    public List<Row> rows() {
        return rows;
    }

    @Override
    public String toString() {
        return "MfgConfig[" + name + ", " + rows.size() + " rows]";
    }
}
