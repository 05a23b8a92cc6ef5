package dev.nvsgen.nvs.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records the way ESP-IDF's Python tools read it: Python's {@code csv} module
 * (comma, double quote, {@code ""} for a quote, quoted values may span lines) fed with the file's lines
 * after universal-newline translation and after dropping every line that starts with {@code #}, even
 * inside a quoted value. A byte-order mark is dropped.
 *
 * <p>Hand-written rather than Jackson's CSV parser: the comment rule works on physical lines before
 * parsing, and the quote rules must match Python's byte for byte; both are a few lines here.
 */
public final class CsvParser {
    /** One record and the physical line (1-based) it starts on. */
    public record Record(int line, List<String> fields) {
        /** True for a record of no fields, or of empty or blank fields only: a spreadsheet's empty row. */
        public boolean isBlank() {
            for (String f : fields) {
                if (!f.isBlank()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** CSV text that cannot be split into records; {@link #line()} is where the problem starts. */
    public static final class MalformedCsvException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int line;

        MalformedCsvException(int line, String reason) {
            super(reason);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private CsvParser() {}

    /**
     * Parses {@code text}; {@code dropComments} drops {@code #} lines as nvs_partition_gen does (mfg_gen's
     * values file keeps them). Fails on a quoted value that never closes.
     */
    public static List<Record> parse(String text, boolean dropComments) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Machine m = new Machine();
        int n = text.length();
        int pos = 0;
        int line = 0;
        while (pos < n) {
            // One physical line; its terminator (\n, \r\n or \r) reads as \n, as in Python's text mode.
            int end = pos;
            while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            int next = end == n ? n : end + (text.startsWith("\r\n", end) ? 2 : 1);
            line++;
            if (!(dropComments && end > pos && text.charAt(pos) == '#')) {
                for (int i = pos; i < end; i++) {
                    m.accept(text.charAt(i), line);
                }
                if (end < n) {
                    m.accept('\n', line);
                }
            }
            pos = next;
        }
        return m.finish();
    }

    private enum State {
        START_RECORD,
        START_FIELD,
        IN_FIELD,
        IN_QUOTED,
        QUOTE_IN_QUOTED
    }

    /** Python's csv reader state machine (excel dialect, not strict). */
    private static final class Machine {
        private final List<Record> records = new ArrayList<>();
        private final List<String> fields = new ArrayList<>();
        private final StringBuilder field = new StringBuilder();
        private State state = State.START_RECORD;
        private int recordLine;
        private int quoteLine;

        void accept(char c, int line) {
            switch (state) {
                case START_RECORD -> {
                    recordLine = line;
                    if (c == '\n') {
                        records.add(new Record(line, List.of()));
                        return;
                    }
                    state = State.START_FIELD;
                    accept(c, line);
                }
                case START_FIELD -> {
                    if (c == '"') {
                        state = State.IN_QUOTED;
                        quoteLine = line;
                    } else {
                        state = State.IN_FIELD;
                        accept(c, line);
                    }
                }
                case IN_FIELD -> unquoted(c);
                case IN_QUOTED -> {
                    if (c == '"') {
                        state = State.QUOTE_IN_QUOTED;
                    } else {
                        field.append(c);
                    }
                }
                case QUOTE_IN_QUOTED -> {
                    if (c == '"') {
                        field.append('"');
                        state = State.IN_QUOTED;
                    } else {
                        // After a closing quote Python keeps reading the field as unquoted text.
                        state = State.IN_FIELD;
                        unquoted(c);
                    }
                }
            }
        }

        private void unquoted(char c) {
            if (c == ',') {
                saveField();
                state = State.START_FIELD;
            } else if (c == '\n') {
                saveField();
                endRecord();
            } else {
                field.append(c);
            }
        }

        private void saveField() {
            fields.add(field.toString());
            field.setLength(0);
        }

        private void endRecord() {
            records.add(new Record(recordLine, List.copyOf(fields)));
            fields.clear();
            state = State.START_RECORD;
        }

        List<Record> finish() {
            if (state == State.IN_QUOTED) {
                throw new MalformedCsvException(quoteLine, "a quoted value opened here is never closed");
            }
            if (state != State.START_RECORD) {
                saveField();
                endRecord();
            }
            return records;
        }
    }
}
