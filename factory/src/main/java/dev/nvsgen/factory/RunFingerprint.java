package dev.nvsgen.factory;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.InputFiles;
import dev.nvsgen.nvs.util.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What defines a run's outputs, as SHA-256 digests by name: its input files (manifest, device list,
 * CA, config and values files, key files) and its options. A run record keeps it so that a resumed run
 * can refuse to mix two configurations, saying which part changed.
 *
 * <pre>{@code
 * RunFingerprint f = RunFingerprint.builder()
 *         .file("values file values.csv", values)
 *         .text("options", "prefix=factory size=0x6000 version=2")
 *         .build();
 * List<String> changed = f.changedSince(RunFingerprint.parse(savedLines));
 * }</pre>
 */
public final class RunFingerprint {
    private static final HexFormat HEX = HexFormat.of();

    /** Part name to SHA-256 (hex), in the order the parts were added. */
    private final Map<String, String> parts;

    private RunFingerprint(Map<String, String> parts) {
        this.parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the parts of a fingerprint. */
    public static final class Builder {
        private final Map<String, String> parts = new LinkedHashMap<>();

        private Builder() {}

        /** The content of {@code file} (streamed: a values file may be large); {@code name} says which input it is. */
        public Builder file(String name, Path file) {
            MessageDigest md = Sha256.newDigest();
            byte[] buf = new byte[1 << 16];
            try (InputStream in = InputFiles.open(file, name, "an input")) {
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    md.update(buf, 0, n);
                }
            } catch (IOException e) {
                throw new NvsInputException(name + ": cannot be read: " + e.getMessage(), e);
            }
            return put(name, HEX.formatHex(md.digest()));
        }

        /** Bytes already in memory (a CA certificate, a key file's content). */
        public Builder bytes(String name, byte[] data) {
            return put(name, HEX.formatHex(Sha256.newDigest().digest(data)));
        }

        /** A setting, as text: two runs with the same text have the same outputs. */
        public Builder text(String name, String value) {
            return bytes(name, value.getBytes(StandardCharsets.UTF_8));
        }

        private Builder put(String name, String digest) {
            if (name.indexOf('\n') >= 0 || name.indexOf('=') >= 0) {
                throw new IllegalArgumentException("a part name may hold neither '=' nor a line break: " + name);
            }
            parts.put(name, digest);
            return this;
        }

        public RunFingerprint build() {
            return new RunFingerprint(parts);
        }
    }

    /** One digest over every part: equal for equal runs. */
    public String digest() {
        MessageDigest md = Sha256.newDigest();
        for (String line : lines()) {
            md.update((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HEX.formatHex(md.digest());
    }

    /** The parts as {@code name=sha256} lines, for a run record; {@link #parse} reads them back. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>(parts.size());
        for (Map.Entry<String, String> e : parts.entrySet()) {
            lines.add(e.getKey() + "=" + e.getValue());
        }
        return lines;
    }

    /** Reads {@link #lines} back; lines of another form are skipped. */
    public static RunFingerprint parse(List<String> lines) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.lastIndexOf('=');
            if (eq > 0 && line.length() - eq - 1 == 64) {
                parts.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new RunFingerprint(parts);
    }

    /** The names of the parts that differ from {@code earlier}'s (changed, added or gone), in this one's order. */
    public List<String> changedSince(RunFingerprint earlier) {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : parts.entrySet()) {
            if (!e.getValue().equals(earlier.parts.get(e.getKey()))) {
                changed.add(e.getKey());
            }
        }
        for (String name : earlier.parts.keySet()) {
            if (!parts.containsKey(name)) {
                changed.add(name);
            }
        }
        return changed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunFingerprint f && parts.equals(f.parts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(parts);
    }

    @Override
    public String toString() {
        return "RunFingerprint" + parts.keySet();
    }
}
