package dev.nvsgen.nvs;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** One key-value pair of a namespace. Keys and namespace names are 1 to 15 UTF-8 bytes. */
public record NvsEntry(String namespace, String key, NvsValue value) {
    /** What NVS stores a key in: 16 bytes, the last one always NUL. */
    public static final int MAX_KEY_BYTES = 15;

    public NvsEntry {
        checkName("namespace", namespace);
        checkName("key", key);
        Objects.requireNonNull(value, "value");
    }

    /** Checks a key or namespace name against what fits an item's 16-byte key field. */
    public static void checkName(String what, String name) {
        Objects.requireNonNull(name, what);
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException(
                    what + " '" + name + "' is " + bytes + " bytes in UTF-8; at most " + MAX_KEY_BYTES + " fit");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " '" + name.replace("\0", "\\0") + "' contains a NUL character");
        }
    }
}
