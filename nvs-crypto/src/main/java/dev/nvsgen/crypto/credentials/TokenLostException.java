package dev.nvsgen.crypto.credentials;

import dev.nvsgen.nvs.NvsException;

/**
 * The CA's key lives in a PKCS#11 token (or another provider's hardware) that stopped answering while
 * certificates were being signed: removed, reset, its session or login gone ({@code CKR_DEVICE_REMOVED},
 * {@code CKR_SESSION_HANDLE_INVALID}, …). Not an input error and not nvsgen's fault: what was issued before
 * stays valid, and signing again once the token is back finishes the work.
 */
public final class TokenLostException extends NvsException {
    private static final long serialVersionUID = 1L;

    public TokenLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
