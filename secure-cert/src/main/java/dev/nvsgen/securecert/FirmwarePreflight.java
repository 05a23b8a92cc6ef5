package dev.nvsgen.securecert;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether firmware built with a given {@link Sdkconfig} reads what nvsgen is about to write: a pure function
 * from the configuration and what is written to findings, each one line saying what to change. For the
 * batch's {@code --check --sdkconfig}; the image itself is judged by {@link SecureCertVerifier}.
 */
public final class FirmwarePreflight {
    static final String LEGACY = "CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS";
    static final String DS = "CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL";
    static final String ECDSA_SIGN = "CONFIG_MBEDTLS_HARDWARE_ECDSA_SIGN";
    static final String NVS_ENCRYPTION = "CONFIG_NVS_ENCRYPTION";

    private FirmwarePreflight() {}

    /** What firmware with {@code config} cannot read of an esp_secure_cert partition made from {@code request}. */
    public static List<String> check(Sdkconfig config, SecureCertRequest request) {
        List<String> out = new ArrayList<>();
        if (request.layout() != SecureCertLayout.CUST_FLASH_TLV && !config.enabled(LEGACY)) {
            out.add("the legacy " + request.layout().id() + " layout is read only with " + LEGACY
                    + "=y: set it in the firmware, or write the TLV layout (cust_flash_tlv)");
        }
        if (request.layout() == SecureCertLayout.CUST_FLASH_TLV
                && config.enabled(LEGACY)
                && request.items().stream().anyMatch(i -> i.subtype() != TlvSubtype.SUBTYPE_0)) {
            out.add("with " + LEGACY + "=y the getters return the highest subtype of each type, not subtype 0:"
                    + " unset it, or store the TLV the firmware should use at the highest subtype");
        }
        for (SecureCertItem item : request.items()) {
            if (!(item instanceof SecureCertItem.PrivateKey k)) {
                continue;
            }
            switch (k.protection()) {
                case RSA_DS -> {
                    if (!config.enabled(DS)) {
                        out.add("the key is written as DS peripheral data, which firmware reads only with " + DS
                                + "=y: set it, or write the key in plaintext (no --configure_ds)");
                    }
                }
                case PLAINTEXT, ECDSA_PERIPHERAL -> {
                    if (config.enabled(DS)) {
                        out.add("firmware built with " + DS + "=y has no esp_secure_cert_get_priv_key and cannot"
                                + " read the key TLV: set " + DS + "=n, or write DS data (--configure_ds"
                                + " --priv_key_algo RSA …)");
                    }
                    if (k.protection() == KeyProtection.ECDSA_PERIPHERAL && !config.enabled(ECDSA_SIGN)) {
                        out.add("the key is for the ECDSA peripheral, which esp_tls uses only with " + ECDSA_SIGN
                                + "=y: set it, or write the key in plaintext");
                    }
                }
            }
        }
        return out;
    }

    /** Whether firmware with {@code config} reads an NVS image written {@code encrypted} or not. */
    public static List<String> checkNvs(Sdkconfig config, boolean encrypted) {
        if (encrypted && !config.enabled(NVS_ENCRYPTION)) {
            return List.of("the NVS image is encrypted but the firmware has " + NVS_ENCRYPTION + " off: set "
                    + NVS_ENCRYPTION + "=y, or write a plain image");
        }
        if (!encrypted && config.enabled(NVS_ENCRYPTION)) {
            return List.of("the firmware has " + NVS_ENCRYPTION + "=y and nvs_flash_secure_init reads only encrypted"
                    + " images: write an encrypted image (nvsgen encrypt, or encryption in the manifest), or set "
                    + NVS_ENCRYPTION + "=n");
        }
        return List.of();
    }
}
