/**
 * NVS encryption (XTS-AES-256 per entry, nvs_keys partitions, HMAC-derived keys), device credentials, and
 * flash encryption as espsecure computes it with the eFuse scripts that burn its keys.
 * Bouncy Castle stays inside this module: its API speaks java.security types.
 */
module dev.nvsgen.crypto {
    requires transitive dev.nvsgen.nvs;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    // Only for the java -jar launcher agent that exports the JDK's PKCS#11 wrapper on first use
    // (internal.pkcs11.WrapperExport); a runtime without java.instrument never loads that class.
    requires static java.instrument;

    exports dev.nvsgen.crypto;
    exports dev.nvsgen.crypto.credentials;
    exports dev.nvsgen.crypto.flash;
}
