package dev.nvsgen.factory.mfg;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The per-device CSV mfg_gen writes and hands to nvs_partition_gen: header {@code key,type,encoding,value},
 * a {@code NAME,namespace,,} row per namespace and a {@code key,type,encoding,value} row per entry, as
 * Python's {@code csv.writer} writes them: CRLF line ends, and a field quoted (with {@code ""} for a
 * quote) only when it holds a comma, a quote, CR or LF.
 */
final class DeviceCsv {
    private static final String HEADER = "key,type,encoding,value\r\n";

    private DeviceCsv() {}

    /** The CSV for {@code rows} with {@code values[i]} the value of entry row {@code i}, in UTF-8. */
    static byte[] render(List<MfgConfig.Row> rows, String[] values) {
        StringBuilder b = new StringBuilder(HEADER.length() + 48 * rows.size());
        b.append(HEADER);
        for (int i = 0; i < rows.size(); i++) {
            MfgConfig.Row row = rows.get(i);
            field(b, row.key()).append(',');
            if (row.isNamespace()) {
                b.append("namespace,,");
            } else {
                field(b, row.type()).append(',');
                field(b, row.encoding()).append(',');
                field(b, values[i]);
            }
            b.append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder field(StringBuilder b, String s) {
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            return b.append(s);
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                b.append('"');
            }
            b.append(c);
        }
        return b.append('"');
    }
}
