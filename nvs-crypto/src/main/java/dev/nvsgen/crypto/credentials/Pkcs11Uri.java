package dev.nvsgen.crypto.credentials;

import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.util.Utf8Text;
import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PKCS#11 URI (RFC 7512) naming a private key in a token:
 * {@code pkcs11:token=factory-ca;object=ca-key} or {@code pkcs11:token=factory-ca;id=%01}. Immutable.
 *
 * <p>Path attributes understood: {@code token}, {@code serial}, {@code manufacturer}, {@code model} (which
 * token), {@code slot-id}, {@code object} (the key's label), {@code id} (its CKA_ID, percent-encoded bytes)
 * and {@code type} (must be {@code private}); query attribute: {@code module-path} (the PKCS#11 library).
 * A PIN is never taken from the URI ({@code pin-value} is refused): it would end up in files and logs.
 */
public final class Pkcs11Uri {
    private static final List<String> PATH =
            List.of("token", "serial", "manufacturer", "model", "slot-id", "object", "id", "type");
    private static final List<String> QUERY = List.of("module-path");

    private final String text;
    private final Map<String, String> path;
    private final Bytes id;
    private final String modulePath;

    private Pkcs11Uri(String text, Map<String, String> path, Bytes id, String modulePath) {
        this.text = text;
        this.path = path;
        this.id = id;
        this.modulePath = modulePath;
    }

    /** True if {@code text} is meant as a PKCS#11 URI (starts with {@code pkcs11:}), not a file name. */
    public static boolean looksLikeUri(String text) {
        return text.regionMatches(true, 0, "pkcs11:", 0, 7);
    }

    /**
     * Parses a PKCS#11 URI.
     *
     * @throws IllegalArgumentException saying what is wrong, never repeating a {@code pin-value}
     */
    public static Pkcs11Uri parse(String text) {
        if (!looksLikeUri(text)) {
            throw new IllegalArgumentException("'" + text + "' is not a PKCS#11 URI (pkcs11:token=...;object=...)");
        }
        String rest = text.substring(7);
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        Map<String, String> path = new LinkedHashMap<>();
        Bytes id = null;
        for (String part : rest.isEmpty() ? new String[0] : rest.split(";", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("PKCS#11 URI: '" + part + "' is not NAME=value");
            }
            String name = part.substring(0, eq);
            String raw = part.substring(eq + 1);
            if (!PATH.contains(name)) {
                if (name.startsWith("pin-")) {
                    throw new IllegalArgumentException("PKCS#11 URI: " + name + " belongs in the query, and nvsgen"
                            + " takes the PIN from an environment variable only");
                }
                throw new IllegalArgumentException("PKCS#11 URI: attribute '" + name + "' is not supported (supported: "
                        + String.join(", ", PATH) + ")");
            }
            if (path.containsKey(name)) {
                throw new IllegalArgumentException("PKCS#11 URI: attribute '" + name + "' is given twice");
            }
            byte[] value = percentDecode(raw, name);
            if (name.equals("id")) {
                id = Bytes.of(value);
                path.put(name, raw);
            } else {
                path.put(name, utf8(value, name));
            }
        }
        String modulePath = null;
        for (String part : query.isEmpty() ? new String[0] : query.split("&", -1)) {
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            if (name.equals("pin-value") || name.equals("pin-source")) {
                throw new IllegalArgumentException("PKCS#11 URI: " + name + " is not accepted: give the PIN through an"
                        + " environment variable (pin-env)");
            }
            if (!QUERY.contains(name) || eq < 0) {
                throw new IllegalArgumentException(
                        "PKCS#11 URI: query attribute '" + name + "' is not supported (supported: module-path=FILE)");
            }
            modulePath = utf8(percentDecode(part.substring(eq + 1), name), name);
        }
        if (path.containsKey("type") && !path.get("type").equals("private")) {
            throw new IllegalArgumentException("PKCS#11 URI: type=" + path.get("type")
                    + " does not name a private key (type=private, or leave it out)");
        }
        if (!path.containsKey("object") && id == null) {
            throw new IllegalArgumentException("PKCS#11 URI: name the key with object=LABEL or id=%XX...");
        }
        if (path.containsKey("slot-id")) {
            try {
                Long.parseUnsignedLong(path.get("slot-id"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("PKCS#11 URI: slot-id must be a decimal number");
            }
        }
        return new Pkcs11Uri(text, Map.copyOf(path), id, modulePath);
    }

    /** The token's label, if the URI gives one. */
    public Optional<String> token() {
        return Optional.ofNullable(path.get("token"));
    }

    public Optional<String> serial() {
        return Optional.ofNullable(path.get("serial"));
    }

    public Optional<String> manufacturer() {
        return Optional.ofNullable(path.get("manufacturer"));
    }

    public Optional<String> model() {
        return Optional.ofNullable(path.get("model"));
    }

    public Optional<Long> slotId() {
        return Optional.ofNullable(path.get("slot-id")).map(Long::parseUnsignedLong);
    }

    /** The key's label (CKA_LABEL), if the URI gives one. */
    public Optional<String> object() {
        return Optional.ofNullable(path.get("object"));
    }

    /** The key's CKA_ID, if the URI gives one. */
    public Optional<Bytes> id() {
        return Optional.ofNullable(id);
    }

    /** The library the URI names ({@code ?module-path=}), if any. */
    public Optional<String> modulePath() {
        return Optional.ofNullable(modulePath);
    }

    /** How messages name the key: its label, or its id in hex. */
    public String describeObject() {
        return object().map(o -> "'" + o + "'").orElseGet(() -> "with id " + id.hex());
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pkcs11Uri u && u.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    private static byte[] percentDecode(String s, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException(
                            "PKCS#11 URI: " + name + ": '%' must be followed by two hex digits");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException(
                            "PKCS#11 URI: " + name + ": '%' must be followed by two hex digits");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                int cp = s.codePointAt(i);
                byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toByteArray();
    }

    private static String utf8(byte[] bytes, String name) {
        try {
            return Utf8Text.decode(bytes);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("PKCS#11 URI: " + name + " is not UTF-8 once percent-decoded");
        }
    }
}
