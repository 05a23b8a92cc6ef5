package dev.nvsgen.nvs.util;

/** CSV fields as nvsgen writes them (run summaries, run manifests, ESP-IDF CSV): RFC 4180 quoting. */
public final class CsvText {
    private CsvText() {}

    /** {@code s} as it is, or quoted when it holds a comma, a quote or a line break. */
    public static String field(String s) {
        boolean plain = s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0;
        return plain ? s : quoted(s);
    }

    /** {@code s} in double quotes, its quotes doubled. */
    public static String quoted(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
