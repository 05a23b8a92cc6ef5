/*
 * Plain NVS layout (nvsgen preset "device-cert"): namespace "certs" with DER blobs
 * device_cert, device_key (PKCS#8) and ca_cert, in the NVS partition named CERTS_PARTITION.
 * Not built in the nvsgen repository: a sketch of the documented nvs_flash and esp_tls calls.
 */
#include <stdlib.h>
#include "esp_err.h"
#include "esp_log.h"
#include "esp_tls.h"
#include "nvs.h"
#include "nvs_flash.h"

#define CERTS_PARTITION "certs"
#define CERTS_NAMESPACE "certs"

static const char *TAG = "creds";

/* Reads blob `key` into a new heap buffer; the caller frees it. */
static esp_err_t read_blob(nvs_handle_t h, const char *key, unsigned char **out, size_t *len)
{
    esp_err_t err = nvs_get_blob(h, key, NULL, len); /* ask for the size first */
    if (err != ESP_OK) {
        return err;
    }
    *out = malloc(*len);
    if (*out == NULL) {
        return ESP_ERR_NO_MEM;
    }
    err = nvs_get_blob(h, key, *out, len);
    if (err != ESP_OK) {
        free(*out);
        *out = NULL;
    }
    return err;
}

/* Fills cfg's client certificate, key and CA from NVS. The buffers stay allocated while cfg is in use. */
esp_err_t load_tls_credentials(esp_tls_cfg_t *cfg)
{
    /* A separate partition must be initialised by name; use nvs_flash_init() for the default "nvs". */
    esp_err_t err = nvs_flash_init_partition(CERTS_PARTITION);
    if (err != ESP_OK) {
        return err;
    }
    nvs_handle_t h;
    err = nvs_open_from_partition(CERTS_PARTITION, CERTS_NAMESPACE, NVS_READONLY, &h);
    if (err != ESP_OK) {
        return err;
    }
    unsigned char *cert = NULL, *key = NULL, *ca = NULL;
    size_t cert_len = 0, key_len = 0, ca_len = 0;
    if ((err = read_blob(h, "device_cert", &cert, &cert_len)) != ESP_OK
            || (err = read_blob(h, "device_key", &key, &key_len)) != ESP_OK
            || (err = read_blob(h, "ca_cert", &ca, &ca_len)) != ESP_OK) {
        ESP_LOGE(TAG, "reading credentials: %s", esp_err_to_name(err));
        free(cert);
        free(key);
        nvs_close(h);
        return err;
    }
    nvs_close(h);
    /* DER buffers are passed with their exact length (PEM would need its NUL counted). */
    cfg->clientcert_buf = cert;
    cfg->clientcert_bytes = cert_len;
    cfg->clientkey_buf = key;
    cfg->clientkey_bytes = key_len;
    cfg->cacert_buf = ca;
    cfg->cacert_bytes = ca_len;
    return ESP_OK;
}

/*
 * The legacy esp_secure_cert NVS preset instead stores PEM strings (ca_cert, dev_cert, priv_key) in namespace
 * "esp_secure_cert": read them with nvs_get_str, whose length counts the NUL that mbedTLS needs for PEM:
 *
 *     size_t len = 0;
 *     nvs_get_str(h, "dev_cert", NULL, &len);
 *     char *pem = malloc(len);
 *     nvs_get_str(h, "dev_cert", pem, &len);
 *     cfg->clientcert_pem_buf = (const unsigned char *) pem;
 *     cfg->clientcert_pem_bytes = len;
 */
