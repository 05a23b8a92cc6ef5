package dev.nvsgen.nvs;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Input that cannot become an NVS image: a bad CSV row, a value that does not fit its type, data that
 * does not fit the partition. Where they are known, the input's file, line, namespace and key are fields
 * (as Jackson's {@code JsonLocation} is), and the message names them too: {@code values.csv:7: key
 * 'serial': …}. Code that shows errors reads the message; code that marks a line in an editor reads
 * the fields.
 */
public class NvsInputException extends NvsException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String namespace;
    private final String key;

    public NvsInputException(String message) {
        this(message, null, 0, null, null, null);
    }

    public NvsInputException(String message, Throwable cause) {
        this(message, null, 0, null, null, cause);
    }

    /**
     * An error at a known place; {@code message} already names it. Each of {@code file}, {@code
     * namespace} and {@code key} may be null and {@code line} 0 where that part is not known; what is
     * unknown is taken from {@code cause} when it is an {@code NvsInputException} that knows it.
     */
    public NvsInputException(String message, String file, int line, String namespace, String key, Throwable cause) {
        super(message, cause);
        NvsInputException inner = cause instanceof NvsInputException n ? n : null;
        this.file = file != null ? file : inner == null ? null : inner.file;
        this.line = line > 0 ? line : inner == null ? 0 : inner.line;
        this.namespace = namespace != null ? namespace : inner == null ? null : inner.namespace;
        this.key = key != null ? key : inner == null ? null : inner.key;
    }

    /**
     * An error on line {@code line} of the input {@code file} (0: the file as a whole), about the key
     * {@code key} when it is not null: the message is {@code file:line: key 'k': problem}, and the fields
     * say the same for code that marks the place.
     */
    public static NvsInputException at(String file, int line, String key, String problem) {
        StringBuilder message = new StringBuilder();
        if (file != null) {
            message.append(file);
            if (line > 0) {
                message.append(':').append(line);
            }
            message.append(": ");
        }
        if (key != null) {
            message.append("key '").append(key).append("': ");
        }
        return new NvsInputException(message.append(problem).toString(), file, line, null, key, null);
    }

    /** The input's name as messages show it (a file as the user gave it), if known. */
    public Optional<String> file() {
        return Optional.ofNullable(file);
    }

    /** The 1-based line in {@link #file()}, if known. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    public Optional<String> namespace() {
        return Optional.ofNullable(namespace);
    }

    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
