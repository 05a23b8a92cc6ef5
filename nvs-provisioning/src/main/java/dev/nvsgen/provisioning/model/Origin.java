package dev.nvsgen.provisioning.model;

import dev.nvsgen.nvs.NvsInputException;
import java.util.Objects;

/**
 * Where a part of the model was written, for messages only: {@code manifest.yaml:12: namespaces.factory.serial}.
 * A part built in code has line 0 ({@code builder: factory.serial}). Origins never decide equality: two
 * models that say the same are equal wherever they were written, so every origin equals every other.
 */
public final class Origin {
    private final String file;
    private final int line;
    private final String path;

    private Origin(String file, int line, String path) {
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.path = Objects.requireNonNull(path, "path");
    }

    /** {@code path} (dotted, {@code credentials.ca.key}; may be empty) on {@code line} of {@code file}; line 0 for none. */
    public static Origin of(String file, int line, String path) {
        if (line < 0) {
            throw new IllegalArgumentException("line " + line);
        }
        return new Origin(file, line, path);
    }

    /** A part made in code by {@code source} ({@code builder}), at {@code path}. */
    public static Origin code(String source, String path) {
        return new Origin(source, 0, path);
    }

    public String file() {
        return file;
    }

    /** The line, from 1; 0 when the part was not read from a file. */
    public int line() {
        return line;
    }

    public String path() {
        return path;
    }

    /**
     * An input error at this origin; a path {@code namespaces.NS.KEY…} names an entry, whose namespace and
     * key the exception carries as fields.
     */
    public NvsInputException error(String message) {
        String[] parts = path.split("\\.", 4);
        boolean entry = parts.length >= 2 && parts[0].equals("namespaces");
        return new NvsInputException(
                this + ": " + message,
                file,
                line,
                entry ? parts[1] : null,
                entry && parts.length >= 3 ? parts[2] : null,
                null);
    }

    /** Equal to every origin: where a part was written is never part of what it says. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Origin;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        // Line 0: not from a file (the provisioning API), so there is no line to show.
        return file + (line > 0 ? ":" + line : "") + (path.isEmpty() ? "" : ": " + path);
    }
}
