package dev.nvsgen.factory;

import dev.nvsgen.nvs.NvsInputException;
import java.nio.file.Path;

/** A batch would replace a file that exists, and was not told it may. */
public final class OutputExistsException extends NvsInputException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public OutputExistsException(Path file, String message) {
        super(message);
        this.file = file;
    }

    /** The file that exists (not {@link #file()}, the input an input error is in). */
    public Path existing() {
        return file;
    }
}
