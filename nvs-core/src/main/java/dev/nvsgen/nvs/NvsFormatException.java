package dev.nvsgen.nvs;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An image that is not valid NVS where it has to be. Where the fault is in one place, its page, slot
 * (entry of the page) and byte offset in the image are fields, and the message names them; a fault of
 * the whole image (its size, keys that do not belong to it) has none.
 */
public class NvsFormatException extends NvsException {
    private static final long serialVersionUID = 1L;

    private final int page;
    private final int slot;
    private final long offset;

    public NvsFormatException(String message) {
        this(message, -1, -1, -1);
    }

    /** A fault at {@code page}, {@code slot} and image {@code offset}; -1 for each that does not apply. */
    public NvsFormatException(String message, int page, int slot, long offset) {
        super(message);
        this.page = page;
        this.slot = slot;
        this.offset = offset;
    }

    /** The page (0-based, in image order), if the fault is in one. */
    public OptionalInt page() {
        return page >= 0 ? OptionalInt.of(page) : OptionalInt.empty();
    }

    /** The entry of the page (0 to 125), if the fault is in one. */
    public OptionalInt slot() {
        return slot >= 0 ? OptionalInt.of(slot) : OptionalInt.empty();
    }

    /** The byte offset in the image, if the fault is at one. */
    public OptionalLong offset() {
        return offset >= 0 ? OptionalLong.of(offset) : OptionalLong.empty();
    }
}
