/*
 * esp_secure_cert TLV partition (nvsgen secure-cert, default layout), read with esp_secure_cert_mgr
 * (idf_component.yml: espressif/esp_secure_cert_mgr). Not built in the nvsgen repository.
 *
 * Partition table: esp_secure_cert, 0x3F, , 0xD000, 0x2000, encrypted
 * Kconfig: see README.md (DS builds and plaintext-key builds differ).
 */
#include "esp_err.h"
#include "esp_log.h"
#include "esp_tls.h"
#include "esp_secure_cert_read.h"

static const char *TAG = "secure_cert";

/*
 * Points cfg at the certificates in flash. The getters map the partition and return pointers into it (no copy);
 * the esp_secure_cert_free_* calls release them when the connection is done.
 */
esp_err_t load_secure_cert(esp_tls_cfg_t *cfg)
{
    char *buf = NULL;
    uint32_t len = 0;

    esp_err_t err = esp_secure_cert_get_device_cert(&buf, &len);
    if (err != ESP_OK) {
        ESP_LOGE(TAG, "no device certificate: %s", esp_err_to_name(err));
        return err;
    }
    /* PEM TLVs hold their NUL and len counts it, as mbedTLS wants; DER TLVs are passed as they are. */
    cfg->clientcert_buf = (const unsigned char *) buf;
    cfg->clientcert_bytes = len;

    /* The CA TLV is optional: without it, keep whatever CA cfg already has (e.g. a CA bundle). */
    if (esp_secure_cert_get_ca_cert(&buf, &len) == ESP_OK) {
        cfg->cacert_buf = (const unsigned char *) buf;
        cfg->cacert_bytes = len;
    }

#if CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL
    /* RSA DS: the key never leaves the chip; the DS context points at the DS_DATA TLV. */
    esp_ds_data_ctx_t *ds = esp_secure_cert_get_ds_ctx();
    if (ds == NULL) {
        ESP_LOGE(TAG, "no DS context: was the partition written with --configure_ds and the HMAC key burnt?");
        return ESP_FAIL;
    }
    cfg->ds_data = ds; /* release with esp_secure_cert_free_ds_ctx(ds) after the connection */
#else
    esp_secure_cert_key_type_t type = ESP_SECURE_CERT_INVALID_KEY;
    err = esp_secure_cert_get_priv_key_type(&type);
    if (err != ESP_OK) {
        return err;
    }
    if (type == ESP_SECURE_CERT_ECDSA_PERIPHERAL_KEY) {
#if CONFIG_MBEDTLS_HARDWARE_ECDSA_SIGN
        /* The key is in eFuse; SEC_CFG says which block. */
        uint8_t block = 0;
        err = esp_secure_cert_get_priv_key_efuse_id(&block);
        if (err != ESP_OK) {
            return err;
        }
        cfg->use_ecdsa_peripheral = true;
        cfg->ecdsa_key_efuse_blk = block;
        return ESP_OK;
#else
        ESP_LOGE(TAG, "ECDSA peripheral key, but CONFIG_MBEDTLS_HARDWARE_ECDSA_SIGN is off");
        return ESP_ERR_NOT_SUPPORTED;
#endif
    }
    err = esp_secure_cert_get_priv_key(&buf, &len);
    if (err != ESP_OK) {
        ESP_LOGE(TAG, "no private key: %s", esp_err_to_name(err));
        return err;
    }
    cfg->clientkey_buf = (const unsigned char *) buf;
    cfg->clientkey_bytes = len;
#endif
    return ESP_OK;
}
