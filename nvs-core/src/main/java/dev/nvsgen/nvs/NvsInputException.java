package dev.nvsgen.nvs;

/**
 * Input that cannot become an NVS image: a bad CSV row, a value that does not fit its type, data that
 * does not fit the partition. The message names the file, line and key where they are known.
 */
public class NvsInputException extends NvsException {
    private static final long serialVersionUID = 1L;

    public NvsInputException(String message) {
        super(message);
    }

    public NvsInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
