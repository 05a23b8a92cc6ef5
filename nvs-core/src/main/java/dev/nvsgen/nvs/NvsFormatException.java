package dev.nvsgen.nvs;

/** An image that is not valid NVS where it has to be: the message names page, entry and offset. */
public class NvsFormatException extends NvsException {
    private static final long serialVersionUID = 1L;

    public NvsFormatException(String message) {
        super(message);
    }
}
