package dev.nvsgen.cli;

/**
 * The little JSON {@code dump} writes, by hand: loading Jackson would cost a short command more than the
 * whole read. Strings are escaped to ASCII, so the output is valid whatever the console's charset.
 */
final class Json {
    private Json() {}

    /** {@code s} as a JSON string literal. */
    static String string(String s) {
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
                        b.append("\\u").append(String.format("%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** {@code "name": value}, where {@code json} is already JSON. */
    static String field(String name, String json) {
        return string(name) + ": " + json;
    }
}
