package dev.nvsgen.nvs.util;

/**
 * Text for one-line messages: a value that came from a file (a CSV cell, a certificate subject) may hold a
 * line break or a terminal escape, which would split the line a tool prints or rewrite the terminal.
 */
public final class MessageText {
    private MessageText() {}

    /**
     * {@code s} with every control character written out: {@code \n}, {@code \r}, {@code \t} as those two
     * characters, any other C0 control, DEL or C1 control as {@code \xNN}, the Unicode line and paragraph
     * separators as a backslash, {@code u} and their four hex digits; {@code s} itself when it has none.
     */
    public static String oneLine(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !isControl(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 8).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isControl(c)) {
                b.append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c == '\u2028' || c == '\u2029') {
                b.append("\\u").append(Integer.toHexString(c));
            } else {
                b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            }
        }
        return b.toString();
    }

    /** True for a C0 control, DEL, a C1 control, and the Unicode line and paragraph separators. */
    public static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
    }

    /** The index of the first control character ({@link #isControl}) in {@code s}, or -1. */
    public static int firstControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
