/** NVS encryption: XTS-AES-256 per entry, nvs_keys partitions and HMAC-derived keys. */
module dev.nvsgen.crypto {
    requires transitive dev.nvsgen.nvs;

    exports dev.nvsgen.crypto;
}
