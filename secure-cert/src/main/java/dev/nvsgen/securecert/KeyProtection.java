package dev.nvsgen.securecert;

import dev.nvsgen.nvs.NvsInputException;

/** How the device's private key is kept: the CSV's {@code priv_key_type} column of configure_esp_secure_cert.py. */
public enum KeyProtection {
    /** The key in a PRIV_KEY TLV, flags 0. */
    PLAINTEXT("plaintext"),
    /** No PRIV_KEY TLV: DS_DATA and DS_CONTEXT for the RSA DS peripheral, which holds the key's HMAC key in eFuse. */
    RSA_DS("rsa_ds"),
    /** The key in eFuse for the ECDSA peripheral: SEC_CFG first, and the key still in a PRIV_KEY TLV, flags 0x08. */
    ECDSA_PERIPHERAL("ecdsa_peripheral");

    private final String id;

    KeyProtection(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The protection called {@code id} in the tool's CSV. */
    public static KeyProtection of(String id) {
        for (KeyProtection p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new NvsInputException("priv_key_type '" + id + "' is not plaintext, rsa_ds or ecdsa_peripheral");
    }
}
