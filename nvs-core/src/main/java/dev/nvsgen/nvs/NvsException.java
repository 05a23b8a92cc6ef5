package dev.nvsgen.nvs;

/** Base of every failure the nvsgen library reports; its message is meant for the person running the tool. */
public class NvsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NvsException(String message) {
        super(message);
    }

    public NvsException(String message, Throwable cause) {
        super(message, cause);
    }
}
