package dev.nvsgen.securecert;

import java.util.Objects;

/**
 * One problem found in an esp_secure_cert partition, located by byte offset.
 *
 * @param offset the TLV (or byte) the finding is about, from the start of the partition; -1 for the
 *     partition as a whole
 * @param message what is wrong and what the device does about it
 */
public record SecureCertFinding(Kind kind, Severity severity, long offset, String message) {
    public SecureCertFinding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    /** How bad a finding is. */
    public enum Severity {
        /** The device cannot read something, or reads something else than what was meant. */
        ERROR,
        /** The device reads the partition, but something is not as the tool writes it. */
        WARNING
    }

    /** What a finding is about. */
    public enum Kind {
        /** No TLV magic at offset 0: not a TLV partition. */
        NOT_TLV,
        /** A TLV header or a TLV runs past the end of the image. */
        TRUNCATED,
        /** A header byte holds a value the component does not define. */
        BAD_HEADER,
        /** A TLV's footer CRC does not match its bytes; the device refuses that TLV. */
        CRC,
        /** Reserved header bytes or padding are not zero. */
        NOT_ZERO,
        /** Bytes after the last TLV are neither erased (0xFF) nor another TLV (a damaged magic, or stray data). */
        TRAILING_BYTES,
        /** Two TLVs of the same type and subtype; the device reads the first. */
        DUPLICATE,
        /** No INTEGRITY TLV. */
        INTEGRITY_MISSING,
        /** The INTEGRITY TLV's SHA-256 does not match the bytes before it, or the TLV is malformed. */
        INTEGRITY_FAILED,
        /** A TLV after the INTEGRITY TLV, which the integrity hash does not cover. */
        AFTER_INTEGRITY,
        /** A certificate or key TLV that does not parse. */
        UNREADABLE,
        /** PEM stored without its trailing NUL: mbedTLS then does not take it as PEM. */
        PEM_WITHOUT_NUL,
        /** The private key does not belong to the device certificate. */
        KEY_MISMATCH,
        /** The device certificate is not signed by the CA certificate in the partition. */
        CHAIN,
        /** DS data that does not decrypt to a well-formed DS block, or whose modulus is not the certificate's. */
        DS_DATA,
        /** Something a key TLV or DS TLV needs is missing (e.g. DS_DATA without DS_CONTEXT). */
        INCOMPLETE
    }

    static SecureCertFinding error(Kind kind, long offset, String message) {
        return new SecureCertFinding(kind, Severity.ERROR, offset, message);
    }

    static SecureCertFinding warning(Kind kind, long offset, String message) {
        return new SecureCertFinding(kind, Severity.WARNING, offset, message);
    }

    @Override
    public String toString() {
        return (offset < 0 ? "partition" : String.format("offset 0x%x", offset)) + ": " + message;
    }
}
