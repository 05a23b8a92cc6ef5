package dev.nvsgen.crypto.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nvsgen.crypto.testing.SoftHsm;
import dev.nvsgen.crypto.testing.TestCa;
import dev.nvsgen.nvs.NvsInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CA keys in a SoftHSM2 token (package softhsm2; skipped where it is absent). */
class Pkcs11CertificateAuthorityTest {
    static SoftHsm hsm;
    static Instant now = Instant.now();
    static final char[] PIN = SoftHsm.PIN.toCharArray();

    @BeforeAll
    static void tokens() {
        var reason = SoftHsm.unavailable();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse(""));
        hsm = SoftHsm.get();
    }

    static CertificateAuthority load(TestCa ca, String uri) {
        return CertificateAuthority.fromPkcs11(
                List.of(ca.certificate), "ca.pem", Pkcs11Uri.parse(uri), SoftHsm.LIBRARY, PIN, now);
    }

    @Test
    void ecKeyInTokenIssuesCertificatesThatChainWithTheProfileAsked() throws Exception {
        CertificateAuthority ca = load(hsm.ecCa, "pkcs11:token=nvsgen-ec;object=ca-key");
        assertTrue(ca.keyInToken());
        assertFalse(ca.tokenKeyExtractable(), "SoftHSM's imported key is not extractable");
        checkIssued(ca, hsm.ecCa);
    }

    @Test
    void rsaKeyInTokenFoundById() throws Exception {
        CertificateAuthority ca = load(hsm.rsaCa, "pkcs11:token=nvsgen-rsa;id=%02");
        assertEquals("SHA256withRSA", ca.signatureAlgorithm());
        checkIssued(ca, hsm.rsaCa);
    }

    @Test
    void issuesFromManyThreadsAtOnce() throws Exception {
        CertificateAuthority ca = load(hsm.ecCa, "pkcs11:token=nvsgen-ec;object=ca-key;type=private");
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                try {
                    for (int i = 0; i < 25; i++) {
                        X509Certificate c = ca.issue(
                                        DistinguishedName.parse("CN=T" + i),
                                        KeyAlgorithm.EC_P256.generate().publicKey(),
                                        CertificateProfile.clientAuth(now, now.plus(1, ChronoUnit.DAYS)))
                                .toX509Certificate();
                        c.verify(hsm.ecCa.certificate.getPublicKey());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(List.of(), failures);
    }

    private static void checkIssued(CertificateAuthority ca, TestCa testCa) throws Exception {
        Instant notBefore = CertificateProfile.notBefore("-1h", now);
        CertificateProfile profile = new CertificateProfile(
                notBefore,
                now.plus(30, ChronoUnit.DAYS),
                Set.of(CertificateProfile.KeyUsage.DIGITAL_SIGNATURE, CertificateProfile.KeyUsage.KEY_AGREEMENT),
                List.of("client-auth", "1.3.6.1.5.5.7.3.1"));
        List<SubjectAltName> sans =
                List.of(SubjectAltName.parse("URI:urn:dev:SN-7"), SubjectAltName.parse("DNS:sn-7.devices.example.com"));
        IssuedCertificate issued = ca.issue(
                DistinguishedName.parse("CN=SN-7"),
                KeyAlgorithm.EC_P256.generate().publicKey(),
                sans,
                profile);
        X509Certificate cert = issued.toX509Certificate();
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(testCa.certificate, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(now));
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), params);
        assertEquals(Date.from(notBefore), cert.getNotBefore());
        boolean[] ku = cert.getKeyUsage();
        assertTrue(ku[0] && ku[4]);
        for (int i = 0; i < ku.length; i++) {
            if (i != 0 && i != 4) {
                assertFalse(ku[i], "key usage bit " + i);
            }
        }
        assertEquals(List.of("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1"), cert.getExtendedKeyUsage());
        assertEquals(
                "[[6, urn:dev:SN-7], [2, sn-7.devices.example.com]]",
                String.valueOf(cert.getSubjectAlternativeNames()));
    }

    @Test
    void keyGeneratedInTheTokenNeverExtractable() throws Exception {
        var publicKey = hsm.generatedPublicKey();
        assumeTrue(publicKey.isPresent(), "skipped: pkcs11-tool (package opensc) is not installed");
        Pkcs11Uri uri = Pkcs11Uri.parse("pkcs11:token=nvsgen-gen;object=ca-key");
        dev.nvsgen.crypto.internal.pkcs11.TokenKey key =
                dev.nvsgen.crypto.internal.pkcs11.Pkcs11KeyLoader.load(uri, SoftHsm.LIBRARY, PIN);
        assertTrue(key.sensitive());
        assertFalse(key.extractable());
        // The CA's own certificate, self-signed in the token: the key was born there.
        TestCa tokenCa = TestCa.builder("nvsgen token-born CA")
                .keys(
                        new java.security.KeyPair(publicKey.get(), key),
                        new dev.nvsgen.crypto.internal.pkcs11.TokenSignatures())
                .build();
        CertificateAuthority ca = load(tokenCa, uri.toString());
        assertFalse(ca.tokenKeyExtractable());
        checkIssued(ca, tokenCa);
    }

    /**
     * An application that configures SunPKCS11 itself and has a certificate beside the key hands nvsgen
     * the token's KeyStore: SunPKCS11 signs, nvsgen never sees the key.
     */
    @Test
    void sunPkcs11KeyStoreOfTheApplication() throws Exception {
        assumeTrue(hsm.generatedPublicKey().isPresent(), "skipped: pkcs11-tool (package opensc) is not installed");
        java.security.Provider sun = java.security.Security.getProvider("SunPKCS11")
                .configure("--name=apptest\nlibrary=" + SoftHsm.LIBRARY + "\nslot=" + slotOf("nvsgen-cert") + "\n");
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS11", sun);
        ks.load(null, PIN);
        CertificateAuthority ca = CertificateAuthority.fromKeyStore(ks, "token nvsgen-cert", null, null, now);
        assertEquals(hsm.ecCa.certificate, ca.certificate());
        checkIssued(ca, hsm.ecCa);
    }

    /** The slot id of the token labelled {@code label}, from softhsm2-util --show-slots. */
    private static long slotOf(String label) throws Exception {
        Process p = new ProcessBuilder("softhsm2-util", "--show-slots")
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        long slot = -1;
        long found = -1;
        for (String line :
                new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            String t = line.strip();
            if (t.matches("Slot [0-9]+")) {
                slot = Long.parseLong(t.substring(5).strip());
            } else if (t.startsWith("Label:") && t.substring(6).strip().equals(label)) {
                found = slot;
            }
        }
        p.waitFor();
        assumeTrue(found >= 0, "token " + label + " not listed");
        return found;
    }

    @Test
    void wrongPinIsRefusedInOneLine() {
        NvsInputException e = assertThrows(
                NvsInputException.class,
                () -> CertificateAuthority.fromPkcs11(
                        List.of(hsm.ecCa.certificate),
                        "ca.pem",
                        Pkcs11Uri.parse("pkcs11:token=nvsgen-pin;object=ca-key"),
                        SoftHsm.LIBRARY,
                        "0000".toCharArray(),
                        now));
        assertEquals(
                "pkcs11:token=nvsgen-pin;object=ca-key: token 'nvsgen-pin' refused the PIN (CKR_PIN_INCORRECT)",
                e.getMessage());
    }

    @Test
    void missingObjectNamesTheKeysThere() {
        NvsInputException e =
                assertThrows(NvsInputException.class, () -> load(hsm.ecCa, "pkcs11:token=nvsgen-ec;object=nope"));
        assertEquals(
                "pkcs11:token=nvsgen-ec;object=nope: token 'nvsgen-ec' holds no private key 'nope'"
                        + " (its private keys: 'ca-key')",
                e.getMessage());
    }

    @Test
    void missingTokenNamesTheTokensThere() {
        NvsInputException e =
                assertThrows(NvsInputException.class, () -> load(hsm.ecCa, "pkcs11:token=nope;object=ca-key"));
        assertTrue(
                e.getMessage()
                        .startsWith("pkcs11:token=nope;object=ca-key: no such token in " + SoftHsm.LIBRARY
                                + " (tokens present: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("'nvsgen-ec'"), e.getMessage());
    }

    @Test
    void keyOfAnotherCertificateIsRefused() {
        NvsInputException e =
                assertThrows(NvsInputException.class, () -> load(hsm.rsaCa, "pkcs11:token=nvsgen-ec;object=ca-key"));
        assertEquals(
                "pkcs11:token=nvsgen-ec;object=ca-key: this private key does not belong to the CA certificate"
                        + " 'CN=nvsgen SoftHSM RSA CA,O=nvsgen tests' in ca.pem",
                e.getMessage());
    }

    @Test
    void unloadableLibraryIsRefused(@TempDir Path dir) throws Exception {
        Path notALibrary = dir.resolve("libnot.so");
        Files.writeString(notALibrary, "not a shared object");
        NvsInputException e = assertThrows(
                NvsInputException.class,
                () -> CertificateAuthority.fromPkcs11(
                        List.of(hsm.ecCa.certificate),
                        "ca.pem",
                        Pkcs11Uri.parse("pkcs11:token=nvsgen-ec;object=ca-key"),
                        notALibrary,
                        PIN,
                        now));
        assertTrue(
                e.getMessage()
                        .startsWith("pkcs11:token=nvsgen-ec;object=ca-key: cannot load " + notALibrary
                                + " as a PKCS#11 library ("),
                e.getMessage());
        NvsInputException missing = assertThrows(
                NvsInputException.class,
                () -> CertificateAuthority.fromPkcs11(
                        List.of(hsm.ecCa.certificate),
                        "ca.pem",
                        Pkcs11Uri.parse("pkcs11:token=nvsgen-ec;object=ca-key"),
                        dir.resolve("absent.so"),
                        PIN,
                        now));
        assertEquals(
                "pkcs11:token=nvsgen-ec;object=ca-key: PKCS#11 library " + dir.resolve("absent.so") + ": no such file",
                missing.getMessage());
    }
}
