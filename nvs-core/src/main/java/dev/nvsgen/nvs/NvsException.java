package dev.nvsgen.nvs;

import dev.nvsgen.nvs.util.MessageText;

/**
 * Base of every failure the nvsgen library reports; its message is meant for the person running the tool,
 * and is one line: control characters from the input it quotes (a line break in a CSV value) are written
 * out as {@code \n}, {@code \x01} ({@link MessageText#oneLine}).
 */
public class NvsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NvsException(String message) {
        super(MessageText.oneLine(message));
    }

    public NvsException(String message, Throwable cause) {
        super(MessageText.oneLine(message), cause);
    }
}
