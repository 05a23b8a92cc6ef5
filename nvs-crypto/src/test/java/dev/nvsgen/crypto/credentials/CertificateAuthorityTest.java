package dev.nvsgen.crypto.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.testing.TestCa;
import dev.nvsgen.nvs.NvsInputException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateAuthorityTest {
    static final char[] PASS = "correct horse".toCharArray();
    static TestCa root;
    static Instant now;

    @BeforeAll
    static void ca() {
        root = TestCa.root("nvsgen test root");
        now = Instant.now();
    }

    static CertificateAuthority load(byte[] cert, byte[] key, Supplier<char[]> pass) {
        return CertificateAuthority.load(cert, "ca.pem", key, "ca.key", pass, now);
    }

    static CertificateProfile oneYear() {
        return CertificateProfile.clientAuth(now, now.plus(365, ChronoUnit.DAYS));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void issuedCertificateChainsToTheCaAndMatchesTheDeviceKey(KeyAlgorithm algorithm) throws Exception {
        CertificateAuthority ca = load(root.certificatePem(), root.keyPem(), null);
        DeviceKey key = algorithm.generate();
        IssuedCertificate cert = ca.issue(DistinguishedName.parse("CN=SN-0001,O=Example"), key.publicKey(), oneYear());
        X509Certificate x509 = cert.toX509Certificate();

        validate(x509, root.certificate);
        assertEquals(key.publicKey(), x509.getPublicKey());
        assertSignsFor(x509, restore(key.exportPkcs8Der(), x509.getPublicKey().getAlgorithm()));
        assertEquals("CN=SN-0001,O=Example", x509.getSubjectX500Principal().getName());
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), x509.getExtendedKeyUsage());
        assertEquals(-1, x509.getBasicConstraints());
        assertTrue(x509.getKeyUsage()[0], "digitalSignature");
        assertEquals(algorithm == KeyAlgorithm.RSA_2048, x509.getKeyUsage()[2], "keyEncipherment for RSA only");
        assertEquals(cert.serialNumber(), x509.getSerialNumber());
        assertTrue(cert.serialNumber().signum() > 0);
        assertEquals(now.truncatedTo(ChronoUnit.SECONDS), x509.getNotBefore().toInstant());
        assertEquals(64, cert.sha256Fingerprint().length());
        assertTrue(cert.pem().startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertFalse(key.toString()
                .contains(
                        java.util.HexFormat.of().formatHex(key.exportPkcs8Der()).substring(0, 16)));
    }

    @Test
    void serialNumbersAreRandomAndPositive() {
        CertificateAuthority ca = load(root.certificatePem(), root.keyPem(), null);
        DeviceKey key = KeyAlgorithm.EC_P256.generate();
        var a = ca.issue(DistinguishedName.parse("CN=a"), key.publicKey(), oneYear());
        var b = ca.issue(DistinguishedName.parse("CN=a"), key.publicKey(), oneYear());
        assertNotEquals(a.serialNumber(), b.serialNumber());
        assertTrue(a.serialNumber().bitLength() > 64 && a.serialNumber().bitLength() <= 127);
    }

    @Test
    void everyKeyEncodingLoads() {
        byte[] cert = root.certificatePem();
        for (byte[] key : List.of(
                root.keyPem(),
                root.keyDer(),
                root.keyTraditionalPem(),
                root.keyEncryptedPem(PASS),
                root.keyEncryptedDer(PASS))) {
            CertificateAuthority ca = load(cert, key, PASS::clone);
            assertEquals(root.certificate, ca.certificate());
        }
        assertEquals(
                root.certificate,
                load(root.certificateDer(), root.keyDer(), null).certificate());
    }

    @Test
    void rsaCaSignsWithSha256WithRsa() throws Exception {
        TestCa rsa = TestCa.builder("rsa root").algorithm("RSA").build();
        CertificateAuthority ca = load(rsa.certificatePem(), rsa.keyEncryptedPem(PASS), PASS::clone);
        assertEquals("SHA256withRSA", ca.signatureAlgorithm());
        X509Certificate c = ca.issue(
                        DistinguishedName.parse("CN=x"),
                        KeyAlgorithm.EC_P256.generate().publicKey(),
                        oneYear())
                .toX509Certificate();
        validate(c, rsa.certificate);
    }

    @Test
    void intermediateCaChainIsKeptInOrder() throws Exception {
        TestCa intermediate = TestCa.builder("intermediate").signedBy(root).build();
        byte[] bundle = concat(intermediate.certificatePem(), root.certificatePem());
        CertificateAuthority ca = load(bundle, intermediate.keyPem(), null);
        assertEquals(List.of(intermediate.certificate, root.certificate), ca.chain());
        assertEquals(root.certificate, ca.root());
        X509Certificate device = ca.issue(
                        DistinguishedName.parse("CN=d"),
                        KeyAlgorithm.EC_P384.generate().publicKey(),
                        oneYear())
                .toX509Certificate();
        validate(List.of(device, intermediate.certificate), root.certificate);

        NvsInputException reversed = assertThrows(
                NvsInputException.class,
                () -> load(concat(root.certificatePem(), intermediate.certificatePem()), intermediate.keyPem(), null));
        assertTrue(reversed.getMessage().contains("is not signed by certificate 2"), reversed.getMessage());
    }

    @Test
    void pathLengthConstraintAboveTheIssuingCaIsRefused() {
        // N03: a root with pathlen:0 may sign end entities only; an intermediate under it issues
        // certificates no RFC 5280 verifier accepts (openssl: error 25, path length constraint exceeded).
        TestCa strictRoot = TestCa.builder("strict root").pathLen(0).build();
        TestCa intermediate = TestCa.builder("issuing").signedBy(strictRoot).build();
        NvsInputException e = assertThrows(
                NvsInputException.class,
                () -> load(
                        concat(intermediate.certificatePem(), strictRoot.certificatePem()),
                        intermediate.keyPem(),
                        null));
        assertEquals(
                "ca.pem: certificate 2 ('CN=strict root,O=nvsgen tests') allows 0 CA certificates below it"
                        + " (basicConstraints pathLenConstraint 0) but 1 follows: no verifier accepts what this CA issues",
                e.getMessage());

        // pathlen:1 over one intermediate, and pathlen:0 on the issuing CA itself, are fine.
        TestCa okRoot = TestCa.builder("root one").pathLen(1).build();
        TestCa okIntermediate =
                TestCa.builder("issuing one").pathLen(0).signedBy(okRoot).build();
        load(concat(okIntermediate.certificatePem(), okRoot.certificatePem()), okIntermediate.keyPem(), null);

        // Two intermediates under pathlen:1.
        TestCa middle = TestCa.builder("middle").signedBy(okRoot).build();
        TestCa bottom = TestCa.builder("bottom").signedBy(middle).build();
        NvsInputException deep = assertThrows(
                NvsInputException.class,
                () -> load(
                        concat(concat(bottom.certificatePem(), middle.certificatePem()), okRoot.certificatePem()),
                        bottom.keyPem(),
                        null));
        assertTrue(
                deep.getMessage().contains("certificate 3 ('CN=root one,O=nvsgen tests') allows 1"), deep.getMessage());
    }

    @Test
    void caCertificateAboveTheIssuingCaMustBeACa() {
        TestCa leafLike = TestCa.builder("not a ca").notCa().build();
        TestCa intermediate = TestCa.builder("issuing").signedBy(leafLike).build();
        NvsInputException e = assertThrows(
                NvsInputException.class,
                () -> load(
                        concat(intermediate.certificatePem(), leafLike.certificatePem()), intermediate.keyPem(), null));
        assertTrue(
                e.getMessage().contains("certificate 2 ('CN=not a ca,O=nvsgen tests') is not a CA certificate"),
                e.getMessage());
    }

    @Test
    void csrKeepsTheDevicesPublicKey() throws Exception {
        CertificateAuthority ca = load(root.certificatePem(), root.keyPem(), null);
        KeyPair device = TestCa.generate("EC");
        CertificateRequest csr = CertificateRequest.parse(TestCa.csrPem(device, "CN=from-device"), "d.csr");
        assertEquals("CN=from-device", csr.subject());
        X509Certificate c =
                ca.sign(csr, DistinguishedName.parse("CN=SN-7"), oneYear()).toX509Certificate();
        assertEquals(device.getPublic(), c.getPublicKey());
        assertEquals("CN=SN-7", c.getSubjectX500Principal().getName());
        validate(c, root.certificate);
    }

    @Test
    void tamperedCsrIsRefused() throws Exception {
        KeyPair device = TestCa.generate("EC");
        byte[] pem = TestCa.csrPem(device, "CN=aaaa");
        byte[] der = java.util.Base64.getMimeDecoder()
                .decode(new String(pem, StandardCharsets.US_ASCII)
                        .replaceAll("-----[A-Z ]+-----", "")
                        .strip());
        // The subject's last character, inside the signed part.
        int at = indexOf(der, "aaaa".getBytes(StandardCharsets.US_ASCII));
        der[at] = 'b';
        NvsInputException e = assertThrows(NvsInputException.class, () -> CertificateRequest.parse(der, "d.csr"));
        assertEquals(
                "d.csr: the request's signature does not verify: it is damaged or was not made with its key",
                e.getMessage());
        NvsInputException garbage =
                assertThrows(NvsInputException.class, () -> CertificateRequest.parse(new byte[] {1, 2, 3}, "x.csr"));
        assertEquals(
                "x.csr: not a PEM or DER certificate request (its first byte is 0x01, not the SEQUENCE tag 0x30 DER"
                        + " starts with)",
                garbage.getMessage());
    }

    @Test
    void csrsOfEveryUsualKindVerifyAndATamperedOneOfEachDoesNot() throws Exception {
        for (String algorithm : new String[] {"EC", "EC384", "RSA"}) {
            KeyPair device = TestCa.generate(algorithm);
            byte[] pem = TestCa.csrPem(device, "CN=aaaa");
            CertificateRequest ok = CertificateRequest.parse(pem, "d.csr");
            assertEquals(device.getPublic(), ok.publicKey(), algorithm);
            byte[] der = java.util.Base64.getMimeDecoder()
                    .decode(new String(pem, StandardCharsets.US_ASCII)
                            .replaceAll("-----[A-Z ]+-----", "")
                            .strip());
            der[indexOf(der, "aaaa".getBytes(StandardCharsets.US_ASCII))] = 'b';
            assertThrows(NvsInputException.class, () -> CertificateRequest.parse(der, "d.csr"), algorithm);
        }
    }

    @Test
    void keyOfAnotherCaIsRefused() {
        TestCa other = TestCa.root("other");
        NvsInputException e =
                assertThrows(NvsInputException.class, () -> load(root.certificatePem(), other.keyPem(), null));
        assertEquals(
                "ca.key: this private key does not belong to the CA certificate 'CN=nvsgen test root,O=nvsgen tests' in ca.pem",
                e.getMessage());
        TestCa rsa = TestCa.builder("rsa").algorithm("RSA").build();
        assertThrows(NvsInputException.class, () -> load(root.certificatePem(), rsa.keyPem(), null));
    }

    @Test
    void expiredOrFutureCaIsRefused() {
        TestCa expired = TestCa.builder("old")
                .validity(now.minus(20, ChronoUnit.DAYS), now.minus(10, ChronoUnit.DAYS))
                .build();
        NvsInputException e =
                assertThrows(NvsInputException.class, () -> load(expired.certificatePem(), expired.keyPem(), null));
        assertTrue(
                e.getMessage().startsWith("ca.pem: certificate 'CN=old,O=nvsgen tests' expired on "), e.getMessage());
        TestCa future = TestCa.builder("new")
                .validity(now.plus(10, ChronoUnit.DAYS), now.plus(20, ChronoUnit.DAYS))
                .build();
        NvsInputException f =
                assertThrows(NvsInputException.class, () -> load(future.certificatePem(), future.keyPem(), null));
        assertTrue(f.getMessage().contains("is not valid until"), f.getMessage());
    }

    @Test
    void nonCaCertificateIsRefused() {
        TestCa leaf = TestCa.builder("leaf").notCa().build();
        NvsInputException e =
                assertThrows(NvsInputException.class, () -> load(leaf.certificatePem(), leaf.keyPem(), null));
        assertTrue(e.getMessage().contains("is not a CA certificate"), e.getMessage());
    }

    @Test
    void wrongOrMissingPassphraseIsRefusedWithoutEchoingIt() {
        byte[] enc = root.keyEncryptedPem(PASS);
        NvsInputException wrong =
                assertThrows(NvsInputException.class, () -> load(root.certificatePem(), enc, "wrong"::toCharArray));
        assertEquals("ca.key: cannot decrypt the key: wrong passphrase, or the file is damaged", wrong.getMessage());
        NvsInputException none =
                assertThrows(NvsInputException.class, () -> load(root.certificatePem(), enc, () -> null));
        assertEquals("ca.key: the key is encrypted and no passphrase was given", none.getMessage());
    }

    @Test
    void passphraseArrayIsWipedAfterUse() {
        char[] given = PASS.clone();
        load(root.certificatePem(), root.keyEncryptedPem(PASS), () -> given);
        assertArrayEquals(new char[PASS.length], given);
    }

    @Test
    void keyInTheCertificateFileIsRefused() {
        NvsInputException e = assertThrows(
                NvsInputException.class, () -> load(concat(root.certificatePem(), root.keyPem()), root.keyPem(), null));
        assertEquals(
                "ca.pem: holds a PRIVATE KEY where only certificates belong (keep the CA key in its own file)",
                e.getMessage());
    }

    @Test
    void profileBeyondTheCaIsRefused() {
        CertificateAuthority ca = load(root.certificatePem(), root.keyPem(), null);
        CertificateProfile tooLong =
                CertificateProfile.clientAuth(now, ca.notAfter().plusSeconds(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ca.checkProfile(tooLong));
        assertTrue(e.getMessage().contains("after the CA certificate expires"), e.getMessage());
    }

    @Test
    void subjectsAreBuiltFromValuesAsTheyAre() throws Exception {
        CertificateAuthority ca = load(root.certificatePem(), root.keyPem(), null);
        DistinguishedName dn = DistinguishedName.of(List.of(
                new DistinguishedName.Attribute("CN", "#SN, 1+2 \\ \"x\" <y>;"),
                new DistinguishedName.Attribute("serialNumber", "0042"),
                new DistinguishedName.Attribute("O", "Acme, Inc."),
                new DistinguishedName.Attribute("C", "DE")));
        X509Certificate c = ca.issue(dn, KeyAlgorithm.EC_P256.generate().publicKey(), oneYear())
                .toX509Certificate();
        javax.naming.ldap.LdapName parsed =
                new javax.naming.ldap.LdapName(c.getSubjectX500Principal().getName());
        assertEquals(4, parsed.size());
        assertEquals("DE", parsed.getRdn(0).getValue());
        assertEquals("Acme, Inc.", parsed.getRdn(1).getValue());
        assertEquals("#SN, 1+2 \\ \"x\" <y>;", parsed.getRdn(3).getValue());
        assertEquals(dn.attributes().get(0), new DistinguishedName.Attribute("2.5.4.3", "#SN, 1+2 \\ \"x\" <y>;"));
        assertEquals(
                "CN=SN-1,O=Example",
                DistinguishedName.parse("CN=SN-1,O=Example").toString());
        assertThrows(IllegalArgumentException.class, () -> DistinguishedName.parse("XX=1"));
        IllegalArgumentException country = assertThrows(
                IllegalArgumentException.class,
                () -> DistinguishedName.of(List.of(new DistinguishedName.Attribute("C", "Germany"))));
        assertEquals("C (country) must be a two-letter code, was 'Germany'", country.getMessage());
        IllegalArgumentException type = assertThrows(
                IllegalArgumentException.class,
                () -> DistinguishedName.of(List.of(new DistinguishedName.Attribute("SN", "1"))));
        assertTrue(type.getMessage().startsWith("unknown attribute type 'SN' (expected C, CN, DC"), type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DistinguishedName.of(List.of()));
    }

    @Test
    void serverAuthCanBeAdded() throws Exception {
        CertificateAuthority ca = load(root.certificatePem(), root.keyPem(), null);
        CertificateProfile both = new CertificateProfile(
                now,
                now.plusSeconds(3600),
                Set.of(CertificateProfile.Usage.SERVER_AUTH, CertificateProfile.Usage.CLIENT_AUTH));
        X509Certificate c = ca.issue(
                        DistinguishedName.parse("CN=x"),
                        KeyAlgorithm.EC_P256.generate().publicKey(),
                        both)
                .toX509Certificate();
        assertEquals(
                List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2").stream()
                        .sorted()
                        .toList(),
                c.getExtendedKeyUsage().stream().sorted().toList());
    }

    static void validate(X509Certificate leaf, X509Certificate anchor) throws Exception {
        validate(List.of(leaf), anchor);
    }

    static void validate(List<X509Certificate> path, X509Certificate anchor) throws Exception {
        CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(now.plusSeconds(60)));
        CertPathValidator.getInstance("PKIX").validate(cp, params);
    }

    static PrivateKey restore(byte[] pkcs8, String algorithm) throws Exception {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    static void assertSignsFor(X509Certificate cert, PrivateKey key) throws Exception {
        String alg = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(cert.getPublicKey());
        v.update(new byte[] {1, 2, 3});
        assertTrue(v.verify(sig), "the private key belongs to the certificate");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
