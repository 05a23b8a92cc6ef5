package dev.nvsgen.provisioning.model;

/** A credential a device's image can hold, as a manifest's {@code credential} field names it. */
public enum Credential {
    /** The device's certificate. */
    CERTIFICATE,
    /** The device's private key, unencrypted PKCS#8. */
    PRIVATE_KEY,
    /** The CA's own certificate, the issuer of the device's. */
    CA_CERTIFICATE,
    /** Every certificate of the CA: its own, then those above it (PEM only when more than one). */
    CA_CHAIN,
    /** The device's certificate followed by the CA chain (PEM only). */
    CERTIFICATE_CHAIN;

    /** How the value is stored: DER in a blob, or PEM in a NUL-terminated string. */
    public enum Format {
        DER,
        PEM
    }

    /** DER for the device's certificate and key (one object each), PEM for what may be a chain. */
    public Format defaultFormat() {
        return this == PRIVATE_KEY || this == CERTIFICATE ? Format.DER : Format.PEM;
    }
}
