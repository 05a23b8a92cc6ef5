/**
 * NVS encryption (XTS-AES-256 per entry, nvs_keys partitions, HMAC-derived keys), device credentials, and
 * flash encryption as espsecure computes it with the eFuse scripts that burn its keys.
 * Bouncy Castle stays inside this module: its API speaks java.security types.
 */
module dev.nvsgen.crypto {
    requires transitive dev.nvsgen.nvs;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;

    exports dev.nvsgen.crypto;
    exports dev.nvsgen.crypto.credentials;
    exports dev.nvsgen.crypto.flash;
}
