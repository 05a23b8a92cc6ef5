/*
 * Legacy esp_secure_cert layouts (nvsgen secure-cert --secure_cert_type cust_flash | nvs, and the legacy
 * esp_secure_cert NVS preset of nvsgen batch). The same getters as for the TLV format read them, but only in
 * firmware built with CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS=y. Not built in the nvsgen repository.
 *
 * Partition table, cust_flash: esp_secure_cert, 0x3F, ,    0xD000, 0x6000, encrypted
 * Partition table, nvs:        esp_secure_cert, data, nvs, 0xD000, 0x3000,
 */
#include "esp_err.h"
#include "esp_log.h"
#include "esp_tls.h"
#include "esp_secure_cert_read.h"

#if !CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS
#error "legacy esp_secure_cert layouts need CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS=y"
#endif

static const char *TAG = "secure_cert_legacy";

static char *dev_cert, *ca_cert, *priv_key;

esp_err_t load_secure_cert_legacy(esp_tls_cfg_t *cfg)
{
    uint32_t len = 0;
    /* Keep the buffers while the connection uses them; release them with the free calls below. */
    esp_err_t err = esp_secure_cert_get_device_cert(&dev_cert, &len);
    if (err != ESP_OK) {
        ESP_LOGE(TAG, "no device certificate: %s", esp_err_to_name(err));
        return err;
    }
    cfg->clientcert_buf = (const unsigned char *) dev_cert;
    cfg->clientcert_bytes = len;

    if (esp_secure_cert_get_ca_cert(&ca_cert, &len) == ESP_OK) {
        cfg->cacert_buf = (const unsigned char *) ca_cert;
        cfg->cacert_bytes = len;
    }

#if CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL
    esp_ds_data_ctx_t *ds = esp_secure_cert_get_ds_ctx();
    if (ds == NULL) {
        return ESP_FAIL;
    }
    cfg->ds_data = ds;
#else
    err = esp_secure_cert_get_priv_key(&priv_key, &len);
    if (err != ESP_OK) {
        ESP_LOGE(TAG, "no private key: %s", esp_err_to_name(err));
        return err;
    }
    cfg->clientkey_buf = (const unsigned char *) priv_key;
    cfg->clientkey_bytes = len;
#endif
    return ESP_OK;
}

void free_secure_cert_legacy(void)
{
    esp_secure_cert_free_device_cert(dev_cert);
    esp_secure_cert_free_ca_cert(ca_cert);
#if !CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL
    esp_secure_cert_free_priv_key(priv_key);
#endif
    dev_cert = ca_cert = priv_key = NULL;
}
