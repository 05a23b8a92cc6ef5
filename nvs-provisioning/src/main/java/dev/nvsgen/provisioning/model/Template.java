package dev.nvsgen.provisioning.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Text with {@code ${column}} placeholders, filled in from each device's row. <code>$${</code> writes a
 * literal <code>${</code>; any other {@code $} is itself. Immutable.
 */
public record Template(String source, List<String> literals, List<String> names, Origin origin) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    public Template {
        literals = List.copyOf(literals);
        names = List.copyOf(names);
    }

    /** Parses {@code source}; a <code>${</code> without its <code>}</code> or with a bad name is an error at {@code origin}. */
    public static Template parse(String source, Origin origin) {
        List<String> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("$${", i)) {
                literal.append("${");
                i += 3;
            } else if (source.startsWith("${", i)) {
                int end = source.indexOf('}', i + 2);
                if (end < 0) {
                    throw origin.error("'${' at position " + (i + 1) + " of '" + source + "' is never closed with '}'");
                }
                String name = source.substring(i + 2, end).strip();
                if (!NAME.matcher(name).matches()) {
                    throw origin.error("'${" + name + "}' does not name a column (letters, digits, '_', '-', '.')");
                }
                literals.add(literal.toString());
                literal.setLength(0);
                names.add(name);
                i = end + 1;
            } else {
                literal.append(source.charAt(i));
                i++;
            }
        }
        literals.add(literal.toString());
        return new Template(source, literals, names, origin);
    }

    /** A template that is {@code text} itself, with no placeholders. */
    public static Template literal(String text, Origin origin) {
        return new Template(text, List.of(text), List.of(), origin);
    }

    /** The columns it names, each once, in order of first use. */
    public Set<String> columns() {
        return new LinkedHashSet<>(names);
    }

    public boolean isConstant() {
        return names.isEmpty();
    }

    /** The text with each placeholder filled from {@code values}, which must hold every column named. */
    public String render(Map<String, String> values) {
        if (names.isEmpty()) {
            return literals.get(0);
        }
        StringBuilder s = new StringBuilder(source.length() + 16);
        for (int i = 0; i < names.size(); i++) {
            s.append(literals.get(i));
            String v = values.get(names.get(i));
            if (v == null) {
                throw new IllegalStateException("column '" + names.get(i) + "' was not checked against the devices");
            }
            s.append(v);
        }
        return s.append(literals.get(names.size())).toString();
    }
}
