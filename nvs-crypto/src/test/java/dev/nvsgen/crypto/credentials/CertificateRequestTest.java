package dev.nvsgen.crypto.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nvsgen.crypto.testing.TestCa;
import dev.nvsgen.nvs.NvsInputException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

/** Certificate requests nvsgen refuses, each with the one line that says why (issue 22). */
class CertificateRequestTest {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** A request for a key on {@code curve}, made and signed by Bouncy Castle as a device's stack would. */
    private static byte[] ecCsr(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
        g.initialize(new ECGenParameterSpec(curve));
        KeyPair pair = g.generateKeyPair();
        return TestCa.pem(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=dev"), pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA")
                        .setProvider(BC)
                        .build(pair.getPrivate())));
    }

    @Test
    void aKeyOnAnUnsupportedCurveIsNamedNotBlamedOnTheSignature() throws Exception {
        assertEquals(
                "k1.csr: the request's key is on the unsupported curve secp256k1; use P-256, P-384 or P-521",
                assertThrows(NvsInputException.class, () -> CertificateRequest.parse(ecCsr("secp256k1"), "k1.csr"))
                        .getMessage());
        assertEquals(
                "p192.csr: the request's key is on the unsupported curve prime192v1 (P-192); use P-256, P-384 or P-521",
                assertThrows(NvsInputException.class, () -> CertificateRequest.parse(ecCsr("P-192"), "p192.csr"))
                        .getMessage());
        assertEquals(
                "bp.csr: the request's key is on the unsupported curve brainpoolP256r1; use P-256, P-384 or P-521",
                assertThrows(
                                NvsInputException.class,
                                () -> CertificateRequest.parse(ecCsr("brainpoolP256r1"), "bp.csr"))
                        .getMessage());
        // The supported curves still verify when Bouncy Castle made the request.
        CertificateRequest.parse(ecCsr("P-256"), "p256.csr");
        CertificateRequest.parse(ecCsr("P-521"), "p521.csr");
    }

    @Test
    void rsaExponentsBelow65537OrEvenAreRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F0));
        KeyPair e3 = g.generateKeyPair();
        assertEquals(
                "e3.csr: the request's RSA key has public exponent 3; nvsgen certifies odd exponents from 65537"
                        + " to 2^256-1 (use 65537)",
                assertThrows(
                                NvsInputException.class,
                                () -> CertificateRequest.parse(TestCa.csrPem(e3, "CN=dev"), "e3.csr"))
                        .getMessage());
        // An even exponent is no RSA key; the request is refused before its signature is looked at.
        KeyPair signer = TestCa.generate("RSA");
        BigInteger modulus = ((RSAPublicKey) signer.getPublic()).getModulus();
        SubjectPublicKeyInfo even = new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                new org.bouncycastle.asn1.pkcs.RSAPublicKey(modulus, BigInteger.valueOf(65538)));
        byte[] csr = TestCa.pem(new PKCS10CertificationRequestBuilder(new X500Name("CN=dev"), even)
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
        assertEquals(
                "even.csr: the request's RSA key has public exponent 65538; nvsgen certifies odd exponents from"
                        + " 65537 to 2^256-1 (use 65537)",
                assertThrows(NvsInputException.class, () -> CertificateRequest.parse(csr, "even.csr"))
                        .getMessage());
        // 65537 stays fine.
        CertificateRequest.parse(TestCa.csrPem(signer, "CN=dev"), "f4.csr");
    }

    @Test
    void damagedRequestsAreDescribedInWordsNotByTheParser() throws Exception {
        byte[] der = der(TestCa.csrPem(TestCa.generate("EC"), "CN=dev"));
        int length = der.length;
        byte[] cut = Arrays.copyOf(der, 100);
        assertEquals(
                "cut.der: not a PEM or DER certificate request (truncated at byte 100; its outer SEQUENCE needs "
                        + length + ")",
                assertThrows(NvsInputException.class, () -> CertificateRequest.parse(cut, "cut.der"))
                        .getMessage());
        // PEM whose base64 was cut short but kept its END line: Bouncy Castle says "unexpected end-of-contents marker".
        byte[] cutPem = Pem.encode(Pem.CERTIFICATE_REQUEST, cut).getBytes(StandardCharsets.US_ASCII);
        assertEquals(
                "cut.pem: not a PEM or DER certificate request (its PEM block (CERTIFICATE REQUEST): truncated at"
                        + " byte 100; its outer SEQUENCE needs " + length + ")",
                assertThrows(NvsInputException.class, () -> CertificateRequest.parse(cutPem, "cut.pem"))
                        .getMessage());
        String pem = new String(TestCa.csrPem(TestCa.generate("EC"), "CN=dev"), StandardCharsets.US_ASCII);
        byte[] noEnd = pem.substring(0, pem.length() / 2).getBytes(StandardCharsets.US_ASCII);
        assertEquals(
                "half.pem: not a PEM or DER certificate request (its PEM block (CERTIFICATE REQUEST) has no line"
                        + " -----END CERTIFICATE REQUEST-----: the file is cut short?)",
                assertThrows(NvsInputException.class, () -> CertificateRequest.parse(noEnd, "half.pem"))
                        .getMessage());
        // A BEGIN line missing a dash is no PEM to the parser: DER starting with '-', tag type 45 to the JDK.
        byte[] dashes = pem.substring(1).getBytes(StandardCharsets.US_ASCII);
        assertEquals(
                "tag.csr: not a PEM or DER certificate request (its first byte is '-' 0x2d, not the SEQUENCE tag"
                        + " 0x30 DER starts with; PEM starts with a line -----BEGIN ...-----)",
                assertThrows(NvsInputException.class, () -> CertificateRequest.parse(dashes, "tag.csr"))
                        .getMessage());
        byte[] trailing = Arrays.copyOf(der, der.length + 3);
        assertEquals(
                "extra.der: not a PEM or DER certificate request (3 bytes follow the end of its DER structure at byte "
                        + length + ")",
                assertThrows(NvsInputException.class, () -> CertificateRequest.parse(trailing, "extra.der"))
                        .getMessage());
    }

    @Test
    void aDamagedCertificateFileIsDescribedInWordsToo() {
        TestCa ca = TestCa.root("words");
        String pem = new String(ca.certificatePem(), StandardCharsets.US_ASCII);
        byte[] dashes = pem.substring(1).getBytes(StandardCharsets.US_ASCII);
        assertEquals(
                "ca.pem: not a readable PEM or DER certificate (its first byte is '-' 0x2d, not the SEQUENCE tag 0x30"
                        + " DER starts with; PEM starts with a line -----BEGIN ...-----)",
                assertThrows(NvsInputException.class, () -> CredentialReader.certificates(dashes, "ca.pem"))
                        .getMessage());
        byte[] cut = Arrays.copyOf(ca.certificateDer(), 120);
        assertEquals(
                "ca.der: not a readable PEM or DER certificate (truncated at byte 120; its outer SEQUENCE needs "
                        + ca.certificateDer().length + ")",
                assertThrows(NvsInputException.class, () -> CredentialReader.certificates(cut, "ca.der"))
                        .getMessage());
        byte[] twoBlocks = (pem + Pem.encode(Pem.CERTIFICATE, cut)).getBytes(StandardCharsets.US_ASCII);
        assertEquals(
                "chain.pem: not a readable PEM or DER certificate (its PEM block 2 (CERTIFICATE): truncated at byte"
                        + " 120; its outer SEQUENCE needs " + ca.certificateDer().length + ")",
                assertThrows(NvsInputException.class, () -> CredentialReader.certificates(twoBlocks, "chain.pem"))
                        .getMessage());
    }

    private static byte[] der(byte[] pem) {
        return java.util.Base64.getMimeDecoder()
                .decode(new String(pem, StandardCharsets.US_ASCII)
                        .replaceAll("-----[A-Z ]+-----", "")
                        .strip());
    }
}
