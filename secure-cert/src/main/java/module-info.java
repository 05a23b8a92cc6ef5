/**
 * The esp_secure_cert partition that esp_secure_cert_mgr reads: the TLV format (certificates, keys, RSA DS
 * peripheral data, ECDSA peripheral configuration, user data, integrity) and the legacy cust_flash and NVS
 * layouts; written byte for byte as Espressif's configure_esp_secure_cert.py writes them, and read back.
 */
module dev.nvsgen.securecert {
    requires transitive dev.nvsgen.nvs;
    requires transitive dev.nvsgen.crypto;

    exports dev.nvsgen.securecert;
}
