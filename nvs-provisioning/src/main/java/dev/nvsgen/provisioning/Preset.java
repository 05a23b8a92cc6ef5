package dev.nvsgen.provisioning;

/** Well-known layouts of device credentials in NVS, as a manifest's {@code preset} names them. */
public enum Preset {
    /**
     * Espressif's esp_secure_cert_mgr (legacy NVS format): partition {@code esp_secure_cert}, namespace of
     * the same name, PEM strings {@code ca_cert}, {@code dev_cert}, {@code priv_key}; 0x3000 bytes.
     */
    ESP_SECURE_CERT("esp_secure_cert"),
    /** Namespace {@code certs} with DER blobs {@code device_cert}, {@code device_key}, {@code ca_cert}; 0x3000 bytes. */
    DEVICE_CERT("device-cert");

    private final String manifestName;

    Preset(String manifestName) {
        this.manifestName = manifestName;
    }

    /** The name a manifest's {@code preset} field gives it. */
    public String manifestName() {
        return manifestName;
    }

    Presets.Preset layout() {
        return this == ESP_SECURE_CERT ? Presets.ESP_SECURE_CERT : Presets.DEVICE_CERT;
    }
}
