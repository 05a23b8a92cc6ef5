package dev.nvsgen.nvs.util;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records the way ESP-IDF's Python tools read it: Python's {@code csv} module
 * (comma, double quote, {@code ""} for a quote, quoted values may span lines) fed with the file's lines
 * after universal-newline translation and after dropping every line that starts with {@code #}, even
 * inside a quoted value. A byte-order mark is dropped.
 *
 * <p>{@link #parse} takes a whole text; {@link Reader} streams a file of any size one record at a time
 * with the same rules, and can also drop whitespace-only lines as mfg_gen does with its inputs.
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
                m.feed(text, pos, end, end < n, line);
            }
            pos = next;
        }
        m.finish();
        return new ArrayList<>(m.records);
    }

    /**
     * Reads records one at a time from a stream of text, so that a file of a million rows needs no more
     * memory than its longest record. Same rules as {@link #parse}; line numbers are those of the input.
     */
    public static final class Reader implements Closeable {
        private final BufferedReader in;
        private final boolean dropComments;
        private final boolean dropBlankLines;
        private final Machine machine = new Machine();
        private int line;
        private boolean finished;

        /**
         * Reads {@code in}. {@code dropComments} drops lines starting with {@code #}; {@code dropBlankLines}
         * drops empty and whitespace-only lines (Python's {@code str.isspace}), even inside a quoted value, as
         * mfg_gen does when it copies its inputs before parsing them.
         */
        public Reader(java.io.Reader in, boolean dropComments, boolean dropBlankLines) {
            this.in = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
            this.dropComments = dropComments;
            this.dropBlankLines = dropBlankLines;
        }

        /**
         * The next record, or null after the last.
         *
         * @throws MalformedCsvException for a quoted value that never closes, with its line
         */
        public Record next() throws IOException {
            while (machine.records.isEmpty()) {
                if (finished) {
                    return null;
                }
                // readLine ends a line at \n, \r\n or \r, as Python's universal newlines do.
                String text = in.readLine();
                if (text == null) {
                    finished = true;
                    machine.finish();
                    continue;
                }
                line++;
                if (line == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if ((dropComments && text.startsWith("#")) || (dropBlankLines && isPythonSpace(text))) {
                    continue;
                }
                machine.feed(text, 0, text.length(), true, line);
            }
            return machine.records.poll();
        }

        /** The number of the last physical line read so far. */
        public int line() {
            return line;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * Python's {@code line.isspace()} for a line read with its terminator: true for an empty line and for
     * one of whitespace only, where whitespace is Unicode's (no-break spaces included), as in Python.
     */
    static boolean isPythonSpace(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085')) {
                return false;
            }
        }
        return true;
    }

    /** Python's csv reader state machine (excel dialect, not strict), fed a physical line at a time. */
    private static final class Machine {
        private static final int START_RECORD = 0;
        private static final int START_FIELD = 1;
        private static final int IN_FIELD = 2;
        private static final int IN_QUOTED = 3;
        private static final int QUOTE_IN_QUOTED = 4;

        private final ArrayDeque<Record> records = new ArrayDeque<>();
        private final List<String> fields = new ArrayList<>();
        private final StringBuilder field = new StringBuilder();
        private int state = START_RECORD;
        private int recordLine;
        private int quoteLine;

        /**
         * Reads {@code text[from, to)}, physical line {@code line}, then its line end if {@code newline}
         * (read as {@code \n}, as Python's universal newlines give it). One flat loop: it runs for every
         * character of a million-row file.
         */
        void feed(String text, int from, int to, boolean newline, int line) {
            if (state == START_RECORD && newline && from < to && splitPlain(text, from, to, line)) {
                return;
            }
            int st = state;
            StringBuilder f = field;
            int end = newline ? to + 1 : to;
            for (int i = from; i < end; i++) {
                char c = i < to ? text.charAt(i) : '\n';
                if (st == START_RECORD) {
                    recordLine = line;
                    if (c == '\n') {
                        records.add(new Record(line, List.of()));
                        continue;
                    }
                    st = START_FIELD;
                }
                if (st == START_FIELD) {
                    if (c == '"') {
                        st = IN_QUOTED;
                        quoteLine = line;
                        continue;
                    }
                    st = IN_FIELD;
                }
                if (st == IN_QUOTED) {
                    if (c == '"') {
                        st = QUOTE_IN_QUOTED;
                    } else {
                        f.append(c);
                    }
                    continue;
                }
                if (st == QUOTE_IN_QUOTED) {
                    if (c == '"') {
                        f.append('"');
                        st = IN_QUOTED;
                        continue;
                    }
                    // After a closing quote Python keeps reading the field as unquoted text.
                    st = IN_FIELD;
                }
                if (c == ',') {
                    saveField();
                    st = START_FIELD;
                } else if (c == '\n') {
                    saveField();
                    endRecord();
                    st = START_RECORD;
                } else {
                    f.append(c);
                }
            }
            state = st;
        }

        /**
         * A whole record on one line without quotes, the usual row of a values file: its fields are the
         * text between commas, which is what the state machine would give, found with far less work.
         * Returns false, having done nothing, when the line has a quote.
         */
        private boolean splitPlain(String text, int from, int to, int line) {
            int commas = 0;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    return false;
                }
                if (c == ',') {
                    commas++;
                }
            }
            String[] parts = new String[commas + 1];
            int start = from;
            for (int k = 0; k < commas; k++) {
                int comma = text.indexOf(',', start);
                parts[k] = text.substring(start, comma);
                start = comma + 1;
            }
            parts[commas] = text.substring(start, to);
            records.add(new Record(line, List.of(parts)));
            return true;
        }

        private void saveField() {
            fields.add(field.toString());
            field.setLength(0);
        }

        private void endRecord() {
            records.add(new Record(recordLine, List.copyOf(fields)));
            fields.clear();
        }

        void finish() {
            if (state == IN_QUOTED) {
                throw new MalformedCsvException(quoteLine, "a quoted value opened here is never closed");
            }
            if (state != START_RECORD) {
                saveField();
                endRecord();
                state = START_RECORD;
            }
        }
    }
}
