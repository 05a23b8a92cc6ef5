package dev.nvsgen.provisioning.model;

import dev.nvsgen.crypto.credentials.DistinguishedName;
import dev.nvsgen.nvs.util.MessageText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A certificate subject template: attributes most specific first, as RFC 4514 writes them, each value a
 * template. Split once, when parsed, on the source's own commas; the values filled in per device are never
 * parsed as DN syntax, so whatever a column holds stays one attribute.
 */
public record Subject(String source, List<Part> parts, Origin origin) {
    /** One attribute: its type ({@code CN}, or an OID) and its value's template. */
    public record Part(String type, Template value) {}

    public Subject {
        parts = List.copyOf(parts);
    }

    /** Parses {@code CN=${serial},O=Example}; {@code \} escapes the next character of the source. */
    public static Subject parse(String source, Origin origin) {
        List<Part> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        List<String> raw = new ArrayList<>();
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\\' && i + 1 < source.length()) {
                current.append(source.charAt(++i));
            } else if (c == ',') {
                raw.add(current.toString());
                current.setLength(0);
            } else if (c == '+') {
                throw origin.error("subject '" + source + "': multi-valued names (+) are not supported;"
                        + " write \\+ for a plus sign");
            } else {
                current.append(c);
            }
        }
        raw.add(current.toString());
        for (String part : raw) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw origin.error("subject '" + source + "': '" + part.strip()
                        + "' is not TYPE=value (e.g. CN=${serial},O=Example)");
            }
            String type = part.substring(0, eq).strip();
            try {
                DistinguishedName.checkType(type);
            } catch (IllegalArgumentException e) {
                throw origin.error("subject '" + source + "': " + e.getMessage());
            }
            parts.add(new Part(type, Template.parse(part.substring(eq + 1).strip(), origin)));
        }
        Subject subject = new Subject(source, parts, origin);
        if (subject.templates().stream().allMatch(Template::isConstant)) {
            try {
                subject.render(Map.of());
            } catch (IllegalArgumentException e) {
                throw origin.error(e.getMessage());
            }
        }
        return subject;
    }

    /**
     * The subject of the device whose fields are {@code columns}.
     *
     * @throws IllegalArgumentException saying what {@link DistinguishedName#of} refuses, led by the column
     *     the bad value came from ({@code column 'ou': attribute OU of the subject is 70 characters, …})
     */
    public DistinguishedName render(Map<String, String> columns) {
        List<DistinguishedName.Attribute> attributes = new ArrayList<>(parts.size());
        for (Part p : parts) {
            attributes.add(new DistinguishedName.Attribute(p.type(), p.value().render(columns)));
        }
        try {
            return DistinguishedName.of(attributes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(culprit(attributes, columns) + e.getMessage(), e);
        }
    }

    /**
     * On the error path only: {@code column 'x': } for the first attribute refused on its own, naming the
     * column whose value holds a control character, else the columns its template fills in; empty when the
     * refused value is the template's own text.
     */
    private String culprit(List<DistinguishedName.Attribute> attributes, Map<String, String> columns) {
        for (int i = 0; i < parts.size(); i++) {
            try {
                DistinguishedName.of(List.of(attributes.get(i)));
                continue;
            } catch (IllegalArgumentException e) {
                // this attribute is the one
            }
            Template t = parts.get(i).value();
            for (String column : t.columns()) {
                if (MessageText.firstControl(columns.get(column)) >= 0) {
                    return "column '" + column + "': ";
                }
            }
            if (t.columns().isEmpty()) {
                return "";
            }
            return (t.columns().size() == 1 ? "column '" : "columns '") + String.join("', '", t.columns()) + "': ";
        }
        return "";
    }

    public List<Template> templates() {
        return parts.stream().map(Part::value).toList();
    }
}
