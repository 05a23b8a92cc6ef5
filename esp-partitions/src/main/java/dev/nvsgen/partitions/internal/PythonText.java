package dev.nvsgen.partitions.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bits of Python's text handling that decide what ESP-IDF's {@code gen_esp32part.py} accepts:
 * {@code str.splitlines}, {@code str.strip}, {@code int(text, 0)} and {@code os.path.expandvars}. A table
 * reads the same here as there only if these agree character for character.
 */
public final class PythonText {
    /**
     * {@code int(s, 0)}: optional sign, then decimal without leading zeros (except all zeros), or
     * {@code 0x}/{@code 0o}/{@code 0b} with digits; single underscores may separate digits.
     */
    private static final Pattern INT = Pattern.compile("([+-]?)(?:([1-9](?:_?[0-9])*|0+(?:_?0)*)"
            + "|0[xX]((?:_?[0-9a-fA-F])+)|0[oO]((?:_?[0-7])+)|0[bB]((?:_?[01])+))");

    /** What {@code os.path.expandvars} replaces on POSIX: {@code $word} or {@code ${anything}}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z0-9_]+|\\{[^}]*\\})");

    /** The check gen_esp32part makes after expanding: a line that starts with a variable still unset. */
    private static final Pattern LEADING_VARIABLE = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)");

    private PythonText() {}

    /** {@code str.isspace} for one character. */
    public static boolean isSpace(char c) {
        return switch (c) {
            case ' ', '\t', '\n', '\u000B', '\f', '\r', '\u001C', '\u001D', '\u001E', '\u001F', '\u0085', '\u00A0' ->
                true;
            default -> {
                int type = Character.getType(c);
                yield type == Character.SPACE_SEPARATOR
                        || type == Character.LINE_SEPARATOR
                        || type == Character.PARAGRAPH_SEPARATOR;
            }
        };
    }

    /** {@code str.strip()}: drops Python whitespace at both ends. */
    public static String strip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isSpace(s.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    /** {@code str.splitlines()}: the line breaks Python knows, {@code \r\n} counting as one. */
    public static List<String> splitLines(String s) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (isLineBreak(c)) {
                lines.add(s.substring(start, i));
                i += c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n' ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < n) {
            lines.add(s.substring(start));
        }
        return lines;
    }

    private static boolean isLineBreak(char c) {
        return switch (c) {
            case '\n', '\r', '\u000B', '\f', '\u001C', '\u001D', '\u001E', '\u0085', '\u2028', '\u2029' -> true;
            default -> false;
        };
    }

    /** {@code int(text, 0)}, or null where Python raises {@code ValueError}. */
    public static BigInteger parseInt(String text) {
        Matcher m = INT.matcher(strip(text));
        if (!m.matches()) {
            return null;
        }
        int radix;
        String digits;
        if (m.group(2) != null) {
            radix = 10;
            digits = m.group(2);
        } else if (m.group(3) != null) {
            radix = 16;
            digits = m.group(3);
        } else if (m.group(4) != null) {
            radix = 8;
            digits = m.group(4);
        } else {
            radix = 2;
            digits = m.group(5);
        }
        BigInteger value = new BigInteger(digits.replace("_", ""), radix);
        return m.group(1).equals("-") ? value.negate() : value;
    }

    /**
     * {@code os.path.expandvars} on POSIX with {@code variables} as the environment: a variable that is
     * not set stays as written.
     */
    public static String expandVars(String s, Map<String, String> variables) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        Matcher m = VARIABLE.matcher(s);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String name = m.group(1);
            if (name.startsWith("{")) {
                name = name.substring(1, name.length() - 1);
            }
            String value = variables.get(name);
            if (value != null) {
                out.append(s, last, m.start()).append(value);
                last = m.end();
            }
        }
        return out.append(s.substring(last)).toString();
    }

    /** The name of the unset variable a line starts with ({@code $NAME} at its very start), or null. */
    public static String leadingUnsetVariable(String expandedLine) {
        Matcher m = LEADING_VARIABLE.matcher(expandedLine);
        return m.lookingAt() ? m.group(1) : null;
    }
}
