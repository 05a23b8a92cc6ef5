package dev.nvsgen.nvs.util;

/**
 * JSON string literals, for the few small JSON files nvsgen writes by hand (run summaries, dumps,
 * partition listings): Jackson would cost a short command more start-up time than the whole job.
 */
public final class JsonText {
    private JsonText() {}

    /**
     * {@code s} as a JSON string literal, escaped to ASCII so that the output is valid whatever charset
     * the console or file is read in.
     */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        b.append("\\u")
                                .append(Character.forDigit(c >> 12 & 0xF, 16))
                                .append(Character.forDigit(c >> 8 & 0xF, 16))
                                .append(Character.forDigit(c >> 4 & 0xF, 16))
                                .append(Character.forDigit(c & 0xF, 16));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
