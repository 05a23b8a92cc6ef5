package dev.nvsgen.factory.mfg;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.CsvParser;
import dev.nvsgen.nvs.util.InputFiles;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values file, read one device at a time: a header of keys, then one row of values per device.
 * Each config entry takes its value from the header column of its name (the second entry of a name
 * from the second such column, and so on); columns no entry names are ignored. Blank lines are
 * skipped, as mfg_gen does, and so are rows with no value in any column (a spreadsheet's empty rows).
 */
final class ValuesFile implements Closeable {
    /** One device's row: where it is, its position among the devices (0-based) and its values. */
    record Row(int line, long index, List<String> fields) {}

    private final MfgBatch batch;
    private final CsvParser.Reader reader;
    private final int headerSize;
    /** For each config row, the values column it takes its value from; -1 for namespace rows. */
    final int[] columns;
    /** The column that names the devices (--fileid), or -1 to number them 1, 2, 3 … */
    final int idColumn;
    /** True when the id column is a REPEAT entry's column, so every device has the first one's id. */
    final boolean idRepeated;

    private Row first;
    private long count;

    ValuesFile(MfgBatch batch) {
        this.batch = batch;
        // Streamed, and read twice (check, then run): it must be a regular file (not a FIFO or /dev/zero).
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.reader = new CsvParser.Reader(
                new InputStreamReader(InputFiles.open(batch.values, batch.valuesName, "a values file"), decoder),
                false,
                true);
        try {
            CsvParser.Record header = nextRecord();
            if (header == null) {
                throw NvsInputException.at(
                        batch.valuesName, 0, null, "is empty; expected a header row of keys, then one row per device");
            }
            List<String> keys = header.fields();
            this.headerSize = keys.size();
            this.columns = columns(batch.config, keys, header.line());
            int id = -1;
            if (batch.fileId != null) {
                id = keys.indexOf(batch.fileId);
                if (id < 0) {
                    throw NvsInputException.at(
                            batch.valuesName,
                            header.line(),
                            null,
                            "the header has no column '" + batch.fileId + "' to name the devices by");
                }
            }
            this.idColumn = id;
            boolean repeated = false;
            List<MfgConfig.Row> rows = batch.config.rows();
            for (int i = 0; i < rows.size(); i++) {
                repeated |= rows.get(i).repeat() && columns[i] == id;
            }
            this.idRepeated = id >= 0 && repeated;
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private int[] columns(MfgConfig config, List<String> keys, int headerLine) {
        Map<String, Integer> seen = new HashMap<>();
        List<MfgConfig.Row> rows = config.rows();
        int[] cols = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            MfgConfig.Row row = rows.get(i);
            if (row.isNamespace()) {
                cols[i] = -1;
                continue;
            }
            int occurrence = seen.merge(row.key(), 1, Integer::sum);
            int col = -1;
            for (int c = 0, n = 0; c < keys.size() && col < 0; c++) {
                if (keys.get(c).equals(row.key()) && ++n == occurrence) {
                    col = c;
                }
            }
            if (col < 0) {
                throw new NvsInputException(
                        config.name() + ":" + row.line() + ": key '" + row.key() + "' "
                                + (occurrence == 1
                                        ? "has no column in " + batch.valuesName
                                        : "is used " + occurrence + " times in " + config.name() + " but "
                                                + batch.valuesName + " has " + (occurrence - 1) + " column"
                                                + (occurrence == 2 ? "" : "s") + " of that name")
                                + " (header at line " + headerLine + ")",
                        config.name(),
                        row.line(),
                        null,
                        row.key(),
                        null);
            }
            cols[i] = col;
        }
        return cols;
    }

    /** The next device, or null after the last. */
    Row next() {
        CsvParser.Record r;
        do {
            r = nextRecord();
            if (r == null) {
                return null;
            }
        } while (r.isBlank());
        if (r.fields().size() != headerSize) {
            throw NvsInputException.at(
                    batch.valuesName,
                    r.line(),
                    null,
                    "the row has " + r.fields().size() + " value" + (r.fields().size() == 1 ? "" : "s")
                            + " but the header has " + headerSize + " columns");
        }
        Row row = new Row(r.line(), count++, r.fields());
        if (first == null) {
            first = row;
        }
        return row;
    }

    /** The first device's row, whose values REPEAT entries take; null before it is read. */
    Row first() {
        return first;
    }

    private CsvParser.Record nextRecord() {
        try {
            return reader.next();
        } catch (CharacterCodingException e) {
            throw new NvsInputException(
                    batch.valuesName + ":" + (reader.line() + 1) + ": is not UTF-8 text (save the CSV as UTF-8)");
        } catch (CsvParser.MalformedCsvException e) {
            throw new NvsInputException(
                    batch.valuesName + ":" + e.line() + ": " + e.getMessage(),
                    batch.valuesName,
                    e.line(),
                    null,
                    null,
                    e);
        } catch (IOException e) {
            throw new NvsInputException(batch.valuesName + ": cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            reader.close();
        } catch (IOException e) {
            // Read-only: nothing is lost when closing fails.
        }
    }
}
