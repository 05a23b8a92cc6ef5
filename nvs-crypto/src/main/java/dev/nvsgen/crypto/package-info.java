/**
 * NVS encryption as ESP-IDF does it: {@link dev.nvsgen.crypto.NvsKeys} (the nvs_keys partition: an
 * XTS data key and tweak key), {@link dev.nvsgen.crypto.HmacKey} (keys derived from an eFuse HMAC key)
 * and {@link dev.nvsgen.crypto.NvsEncryption}, which encrypts and decrypts whole partition images.
 */
package dev.nvsgen.crypto;
