package dev.nvsgen.provisioning.model;

import java.nio.file.Path;
import java.util.Objects;

/** A file the model names: where it is, how messages show it ({@code sub/ca.pem}), and where it was named. */
public record FileRef(Path path, String display, Origin origin) {
    public FileRef {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(display, "display");
    }

    /** {@code path}, shown as it is. */
    public static FileRef of(Path path, Origin origin) {
        return new FileRef(path, path.toString(), origin);
    }
}
