package dev.nvsgen.securecert;

import dev.nvsgen.nvs.NvsException;

/** A byte sequence that is not what the esp_secure_cert format allows, located by its offset in the partition. */
public final class SecureCertFormatException extends NvsException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    public SecureCertFormatException(String message, long offset) {
        super(message);
        this.offset = offset;
    }

    /** Byte offset from the start of the partition. */
    public long offset() {
        return offset;
    }
}
