package dev.nvsgen.provisioning;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Text with {@code ${column}} placeholders, filled in from each device's row. {@code $${} writes a
 * literal {@code ${}; any other {@code $} is itself. Immutable.
 */
record Template(String source, List<String> literals, List<String> names, Yaml.Where where) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    Template {
        literals = List.copyOf(literals);
        names = List.copyOf(names);
    }

    /** Parses {@code source}; a {@code ${} without its {@code }} or with a bad name is an error at {@code where}. */
    static Template parse(String source, Yaml.Where where) {
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
                    throw where.error("'${' at position " + (i + 1) + " of '" + source + "' is never closed with '}'");
                }
                String name = source.substring(i + 2, end).strip();
                if (!NAME.matcher(name).matches()) {
                    throw where.error("'${" + name + "}' does not name a column (letters, digits, '_', '-', '.')");
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
        return new Template(source, literals, names, where);
    }

    /** A template that is {@code text} itself, with no placeholders. */
    static Template literal(String text, Yaml.Where where) {
        return new Template(text, List.of(text), List.of(), where);
    }

    /** The columns it names, each once, in order of first use. */
    Set<String> columns() {
        return new LinkedHashSet<>(names);
    }

    boolean isConstant() {
        return names.isEmpty();
    }

    String render(Map<String, String> values) {
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
