package dev.nvsgen.matter;

import dev.nvsgen.crypto.credentials.CredentialReader;
import dev.nvsgen.crypto.credentials.DeviceKey;
import dev.nvsgen.crypto.testing.TestCa;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** Certificates for tests: a self-signed PAA from nvs-crypto's throw-away CA, and DER parsing. */
final class TestCerts {
    private TestCerts() {}

    static X509Certificate selfSigned(DeviceKey key, String cn, Instant from, Instant to) {
        return TestCa.builder(cn)
                .validity(from, to)
                .keys(new KeyPair(key.publicKey(), key.exportPrivateKey()), null)
                .build()
                .certificate;
    }

    static X509Certificate parse(byte[] der) {
        return CredentialReader.certificates(der, "test certificate").get(0);
    }
}
