package dev.nvsgen.provisioning.internal.manifest;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.provisioning.model.Origin;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * A YAML document as a tree whose every node knows its file, line and path ({@code credentials.ca.key}),
 * read with Jackson's YAML parser.
 *
 * <p>Why not data binding with {@code FAIL_ON_UNKNOWN_PROPERTIES}: binding reports the line of an
 * unknown field, but a value that is the wrong kind for its field, a template naming a column the
 * device list lacks or a key too long for NVS are found after binding, when the line is gone. Keeping
 * the line on each node lets every such error name it. Scalars stay text: YAML's guesses ({@code 0x10}
 * a number, {@code yes} a boolean, {@code 007} octal) would otherwise change what the user wrote.
 */
final class Yaml {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private Yaml() {}

    /** A node of the tree. */
    sealed interface Node permits Scalar, Mapping, Sequence {
        Origin where();

        default NvsInputException error(String message) {
            return where().error(message);
        }

        /** This node as a scalar, or an error saying what was expected. */
        default Scalar asScalar() {
            if (this instanceof Scalar s) {
                return s;
            }
            throw error("expected a single value, found " + kind());
        }

        default Mapping asMapping() {
            if (this instanceof Mapping m) {
                return m;
            }
            throw error("expected fields (name: value), found " + kind());
        }

        default Sequence asSequence() {
            if (this instanceof Sequence s) {
                return s;
            }
            throw error("expected a list, found " + kind());
        }

        private String kind() {
            return this instanceof Scalar s
                    ? (s.text() == null ? "nothing" : "the value '" + s.text() + "'")
                    : this instanceof Mapping ? "fields" : "a list";
        }
    }

    /** A single value as written, or null text for an empty value. */
    record Scalar(String text, Origin where) implements Node {
        /** The text; an empty value is an error. */
        String required() {
            if (text == null || text.isEmpty()) {
                throw error("a value is needed here");
            }
            return text;
        }
    }

    record Sequence(List<Node> items, Origin where) implements Node {}

    /** Fields in the order written. */
    record Mapping(Map<String, Node> fields, Origin where) implements Node {
        /**
         * Refuses any field but {@code allowed}; names the nearest allowed one when a field looks like a
         * typo of it.
         */
        Mapping only(Collection<String> allowed) {
            for (Map.Entry<String, Node> f : fields.entrySet()) {
                if (!allowed.contains(f.getKey())) {
                    String near = nearest(f.getKey(), allowed);
                    String of = where.path().isEmpty() ? "" : " of " + where.path();
                    throw new NvsInputException(f.getValue().where().file() + ":"
                            + f.getValue().where().line() + ": unknown field '" + f.getKey() + "'" + of
                            + (near != null
                                    ? " (did you mean '" + near + "'?)"
                                    : " (expected " + String.join(", ", allowed) + ")"));
                }
            }
            return this;
        }

        Mapping only(String... allowed) {
            return only(List.of(allowed));
        }

        Optional<Node> get(String name) {
            return Optional.ofNullable(fields.get(name));
        }

        Node require(String name) {
            Node n = fields.get(name);
            if (n == null) {
                throw error("field '" + name + "' is missing");
            }
            return n;
        }

        Optional<Scalar> scalar(String name) {
            return get(name).map(Node::asScalar).filter(s -> s.text() != null);
        }

        boolean has(String name) {
            return fields.containsKey(name);
        }

        /** Fails unless exactly one of {@code names} is given. */
        String oneOf(String... names) {
            List<String> present =
                    List.of(names).stream().filter(fields::containsKey).toList();
            if (present.size() != 1) {
                throw error(
                        present.isEmpty()
                                ? "give one of " + String.join(", ", names)
                                : "give only one of " + String.join(", ", present));
            }
            return present.get(0);
        }
    }

    /**
     * Parses {@code text}, named {@code file} in messages. Duplicate fields are refused: YAML forbids
     * them, and the later one silently winning hides mistakes.
     */
    static Node parse(String text, String file) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), new StringReader(text))) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new NvsInputException(file + ": the file is empty");
            }
            Node root = read(p, t, file, "", line(p));
            if (p.nextToken() != null) {
                throw new NvsInputException(file + ":" + line(p) + ": only one YAML document is allowed");
            }
            return root;
        } catch (JacksonException e) {
            throw new NvsInputException(
                    file + ":" + (e.getLocation() == null ? "" : e.getLocation().getLineNr() + ":")
                            + " not valid YAML: " + problem(e.getOriginalMessage()));
        }
    }

    /** Reads the node at token {@code t}; {@code line} is where it is named (its field's line), for messages. */
    private static Node read(JsonParser p, JsonToken t, String file, String path, int line) {
        Origin where = Origin.of(file, line, path);
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> fields = new LinkedHashMap<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
                    String name = p.currentName();
                    int nameLine = line(p);
                    String childPath = path.isEmpty() ? name : path + "." + name;
                    Node child = read(p, p.nextToken(), file, childPath, nameLine);
                    if (fields.putIfAbsent(name, child) != null) {
                        throw new NvsInputException(file + ":" + nameLine + ": field '" + name + "' is given twice"
                                + (path.isEmpty() ? "" : " in " + path) + " (first on line "
                                + fields.get(name).where().line() + ")");
                    }
                }
                return new Mapping(java.util.Collections.unmodifiableMap(fields), where);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                    items.add(read(p, n, file, path + "[" + items.size() + "]", line(p)));
                }
                return new Sequence(List.copyOf(items), where);
            }
            case VALUE_NULL -> {
                return new Scalar(null, where);
            }
            default -> {
                return new Scalar(p.getString(), where);
            }
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    /** SnakeYAML's message without its source excerpts: the lines that say what is wrong. */
    private static String problem(String message) {
        if (message == null) {
            return "cannot be parsed";
        }
        String s = message.lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .collect(Collectors.joining("; "));
        return s.isEmpty() ? message.strip() : s;
    }

    /** The allowed name within edit distance 2 of {@code name}, if there is one. */
    static String nearest(String name, Collection<String> allowed) {
        String best = null;
        int bestDistance = 3;
        for (String a : allowed) {
            int d = distance(name, a);
            if (d < bestDistance) {
                best = a;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
