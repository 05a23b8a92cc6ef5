package dev.nvsgen.crypto.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nvsgen.crypto.testing.TestCa;
import dev.nvsgen.nvs.NvsInputException;
import java.io.ByteArrayOutputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A CA from a PKCS#12 key store, and from a key and certificates in hand. */
class KeyStoreCertificateAuthorityTest {
    static final char[] PASSWORD = "store pass".toCharArray();
    static TestCa root;
    static TestCa issuing;
    static Instant now = Instant.now();

    @BeforeAll
    static void cas() {
        root = TestCa.root("p12 root");
        issuing = TestCa.builder("p12 issuing").signedBy(root).build();
    }

    static byte[] p12(String... aliases) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (String alias : aliases) {
            ks.setKeyEntry(
                    alias, issuing.keys.getPrivate(), PASSWORD, new Certificate[] {issuing.certificate, root.certificate
                    });
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, PASSWORD);
        return out.toByteArray();
    }

    static CertificateAuthority load(byte[] data, String alias, char[] password) {
        KeyStore ks = CredentialReader.pkcs12(data, "ca.p12", password);
        return CertificateAuthority.fromKeyStore(ks, "ca.p12", alias, password, now);
    }

    @Test
    void oneKeyNeedsNoAliasAndBringsItsChain() throws Exception {
        CertificateAuthority ca = load(p12("ca"), null, PASSWORD);
        assertEquals(List.of(issuing.certificate, root.certificate), ca.chain());
        IssuedCertificate c = ca.issue(
                DistinguishedName.parse("CN=SN-1"),
                KeyAlgorithm.EC_P256.generate().publicKey(),
                CertificateProfile.clientAuth(now, now.plus(1, ChronoUnit.DAYS)));
        c.toX509Certificate().verify(issuing.certificate.getPublicKey());
        assertEquals(ca.certificate(), load(p12("a", "b"), "b", PASSWORD).certificate());
    }

    @Test
    void refusalsNameTheStore() throws Exception {
        assertEquals(
                "ca.p12: cannot open the key store: wrong password",
                assertThrows(NvsInputException.class, () -> load(p12("ca"), null, "nope".toCharArray()))
                        .getMessage());
        assertEquals(
                "ca.p12: holds 2 keys (a, b): name one with alias",
                assertThrows(NvsInputException.class, () -> load(p12("a", "b"), null, PASSWORD))
                        .getMessage());
        assertEquals(
                "ca.p12: holds no key 'c' (its keys: a)",
                assertThrows(NvsInputException.class, () -> load(p12("a"), "c", PASSWORD))
                        .getMessage());
        assertEquals(
                "ca.p12: not a readable PKCS#12 key store",
                assertThrows(NvsInputException.class, () -> load(new byte[] {1, 2, 3}, null, PASSWORD))
                        .getMessage()
                        .replaceAll(" \\(.*", ""));
    }

    @Test
    void keyAndCertificatesInHand() {
        CertificateAuthority ca = CertificateAuthority.of(
                List.of(issuing.certificate, root.certificate), issuing.keys.getPrivate(), null, now);
        assertEquals("SHA256withECDSA", ca.signatureAlgorithm());
        assertEquals(
                "the CA's private key does not belong to the CA certificate 'CN=p12 issuing,O=nvsgen tests'",
                assertThrows(
                                NvsInputException.class,
                                () -> CertificateAuthority.of(
                                        List.of(issuing.certificate), root.keys.getPrivate(), null, now))
                        .getMessage());
    }
}
