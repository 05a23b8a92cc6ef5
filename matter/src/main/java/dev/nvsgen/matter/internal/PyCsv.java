package dev.nvsgen.matter.internal;

import java.util.List;

/**
 * A CSV row as Python's {@code csv.writer} writes it with its defaults (QUOTE_MINIMAL): a field is
 * quoted when it holds the delimiter, a quote, CR or LF, quotes inside doubled; a row of one empty field
 * is {@code ""}. esp-matter-mfg-tool writes its CSVs this way.
 */
public final class PyCsv {
    private PyCsv() {}

    /** The row's fields joined, without a line end. */
    public static String row(List<String> fields) {
        if (fields.size() == 1 && fields.get(0).isEmpty()) {
            return "\"\"";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append(field(fields.get(i)));
        }
        return s.toString();
    }

    public static String field(String f) {
        boolean quote = false;
        for (int i = 0; i < f.length() && !quote; i++) {
            char c = f.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return quote ? "\"" + f.replace("\"", "\"\"") + "\"" : f;
    }
}
