package dev.nvsgen.crypto.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nvsgen.crypto.testing.TestCa;
import dev.nvsgen.nvs.NvsInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a CA's parts (CredentialReader) apart from issuing with them, and a CA from paths in one call. */
class CredentialReaderTest {
    private static final TestCa CA = TestCa.root("reader test CA");
    private static final char[] PASS = "pass phrase".toCharArray();

    @TempDir
    Path tmp;

    @Test
    void certificatesAndKeysReadInEveryEncodingAreTheSame() throws Exception {
        List<X509Certificate> pem = CredentialReader.certificates(CA.certificatePem(), "ca.pem");
        List<X509Certificate> der = CredentialReader.certificates(CA.certificateDer(), "ca.der");
        assertEquals(List.of(CA.certificate), pem);
        assertEquals(pem, der);
        // Encodings differ in what they carry besides the key (SEC1 adds the public point): compare the scalar.
        java.math.BigInteger expected = ((ECPrivateKey) CA.keys.getPrivate()).getS();
        for (byte[] key : List.of(CA.keyPem(), CA.keyDer(), CA.keyTraditionalPem())) {
            assertEquals(expected, ((ECPrivateKey) CredentialReader.privateKey(key, "ca.key", null)).getS());
        }
        PrivateKey encrypted = CredentialReader.privateKey(CA.keyEncryptedPem(PASS), "ca.key", PASS::clone);
        assertEquals(expected, ((ECPrivateKey) encrypted).getS());
    }

    @Test
    void badInputsNameTheFile() {
        assertEquals(
                "ca.pem: holds a PRIVATE KEY where only certificates belong (keep the CA key in its own file)",
                assertThrows(NvsInputException.class, () -> CredentialReader.certificates(CA.keyPem(), "ca.pem"))
                        .getMessage());
        assertEquals(
                "ca.key: the key is encrypted and no passphrase was given",
                assertThrows(
                                NvsInputException.class,
                                () -> CredentialReader.privateKey(CA.keyEncryptedPem(PASS), "ca.key", null))
                        .getMessage());
        assertEquals(
                "ca.key: cannot decrypt the key: wrong passphrase, or the file is damaged",
                assertThrows(
                                NvsInputException.class,
                                () -> CredentialReader.privateKey(
                                        CA.keyEncryptedPem(PASS), "ca.key", "nope"::toCharArray))
                        .getMessage());
        assertEquals(
                "ca.key: holds a CERTIFICATE where a private key was expected",
                assertThrows(
                                NvsInputException.class,
                                () -> CredentialReader.privateKey(CA.certificatePem(), "ca.key", null))
                        .getMessage());
        assertEquals(
                "ca.p12: not a readable PKCS#12 key store",
                assertThrows(
                                NvsInputException.class,
                                () -> CredentialReader.pkcs12(new byte[] {1, 2, 3}, "ca.p12", PASS))
                        .getMessage()
                        .replaceAll(" \\(.*", ""));
    }

    @Test
    void aCaFromPathsInOneCall() throws Exception {
        Path cert = Files.write(tmp.resolve("ca.pem"), CA.certificatePem());
        Path key = Files.write(tmp.resolve("ca.key"), CA.keyEncryptedPem(PASS));
        CertificateAuthority ca = CertificateAuthority.fromFiles(cert, key, PASS::clone);
        assertEquals(CA.certificate, ca.certificate());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        IssuedCertificate issued = ca.issue(
                DistinguishedName.parse("CN=SN-1"),
                KeyAlgorithm.EC_P256.generate().publicKey(),
                CertificateProfile.clientAuth(now, now.plus(1, ChronoUnit.DAYS)));
        issued.toX509Certificate().verify(CA.keys.getPublic());
        Path missing = tmp.resolve("nope.key");
        assertEquals(
                missing + ": no such file",
                assertThrows(NvsInputException.class, () -> CertificateAuthority.fromFiles(cert, missing, null))
                        .getMessage());
        assertEquals(
                tmp + ": not a regular file",
                assertThrows(NvsInputException.class, () -> CertificateAuthority.fromFiles(tmp, key, null))
                        .getMessage());
    }

    @Test
    void aKeyStoreEntryIsItsKeyAndChain() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("ca", CA.keys.getPrivate(), PASS, new java.security.cert.Certificate[] {CA.certificate});
        CredentialReader.KeyEntry entry = CredentialReader.keyEntry(store, "ca.p12", null, PASS);
        assertEquals("ca", entry.alias());
        assertEquals(List.of(CA.certificate), entry.chain());
        assertEquals(
                "ca.p12: holds no key 'other' (its keys: ca)",
                assertThrows(NvsInputException.class, () -> CredentialReader.keyEntry(store, "ca.p12", "other", PASS))
                        .getMessage());
    }
}
