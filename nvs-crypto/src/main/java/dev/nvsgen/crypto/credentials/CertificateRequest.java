package dev.nvsgen.crypto.credentials;

import dev.nvsgen.nvs.NvsInputException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * A PKCS#10 certificate signing request whose signature has been checked: proof that whoever made it
 * holds the private key of {@link #publicKey()}. Devices with a secure element send one instead of
 * letting their key out.
 */
public final class CertificateRequest {
    private static final int MIN_RSA_BITS = 2048;

    private final PublicKey publicKey;
    private final String subject;

    private CertificateRequest(PublicKey publicKey, String subject) {
        this.publicKey = publicKey;
        this.subject = subject;
    }

    /**
     * Parses a request in PEM or DER and checks its signature.
     *
     * @param name what to call the data in error messages (its file name)
     * @throws NvsInputException if it is no request, is damaged, or its signature does not verify
     */
    public static CertificateRequest parse(byte[] data, String name) {
        Objects.requireNonNull(name, "name");
        PKCS10CertificationRequest csr = Pem.looksLikePem(data) ? fromPem(data, name) : fromDer(data, name);
        checkCurve(csr.getSubjectPublicKeyInfo(), name);
        PublicKey key;
        try {
            key = publicKey(csr.getSubjectPublicKeyInfo());
        } catch (IOException | RuntimeException e) {
            throw new NvsInputException(name + ": the request's public key is not one nvsgen can use ("
                    + csr.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm() + ")");
        }
        if (key instanceof RSAPublicKey rsa) {
            checkRsa(rsa, name);
        }
        boolean valid;
        try {
            valid = signatureValid(csr, key);
        } catch (OperatorCreationException | PKCSException | IOException e) {
            // The provider's words (an exception class, "exception on setup") would tell the user nothing.
            throw new NvsInputException(name + ": the request's signature cannot be checked (signature algorithm "
                    + csr.getSignatureAlgorithm().getAlgorithm().getId() + ")");
        }
        if (!valid) {
            throw new NvsInputException(
                    name + ": the request's signature does not verify: it is damaged or was not made with its key");
        }
        return new CertificateRequest(
                key, X500Name.getInstance(csr.getSubject()).toString());
    }

    /**
     * Refuses an EC key on a curve nvsgen does not certify before its signature is checked: the JDK
     * cannot verify on secp256k1, P-192 and the like, and "the signature does not verify" would blame
     * the request for the curve.
     */
    private static void checkCurve(SubjectPublicKeyInfo spki, String name) {
        if (!spki.getAlgorithm().getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return;
        }
        ASN1Encodable parameters = spki.getAlgorithm().getParameters();
        if (!(parameters instanceof ASN1ObjectIdentifier curve)) {
            throw new NvsInputException(name + ": the request's EC key spells out its curve's parameters instead"
                    + " of naming the curve (RFC 5480 asks for a name); use " + CURVES);
        }
        if (!SUPPORTED_CURVES.contains(curve)) {
            throw new NvsInputException(
                    name + ": the request's key is on the unsupported curve " + curveName(curve) + "; use " + CURVES);
        }
    }

    /** The curves a request's EC key may be on, and how messages list them. */
    private static final Set<ASN1ObjectIdentifier> SUPPORTED_CURVES =
            Set.of(SECObjectIdentifiers.secp256r1, SECObjectIdentifiers.secp384r1, SECObjectIdentifiers.secp521r1);

    private static final String CURVES = "P-256, P-384 or P-521";

    /** {@code secp256k1}, {@code prime192v1 (P-192)}, or the dotted OID of a curve nobody names. */
    private static String curveName(ASN1ObjectIdentifier curve) {
        String name = ECNamedCurveTable.getName(curve);
        String nist = NISTNamedCurves.getName(curve);
        if (name == null) {
            return nist != null ? nist : curve.getId();
        }
        return nist != null && !nist.equals(name) ? name + " (" + nist + ")" : name;
    }

    /**
     * The RSA keys nvsgen certifies: a modulus of at least {@value #MIN_RSA_BITS} bits and an odd public
     * exponent from 65537 to 2^256 - 1, as FIPS 186-4 (B.3.1) asks; exponent 3 invites the attacks on
     * small exponents that 65537 is there to avoid, and an even one is no RSA key at all.
     */
    private static void checkRsa(RSAPublicKey rsa, String name) {
        if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new NvsInputException(name + ": the request's RSA key has "
                    + rsa.getModulus().bitLength() + " bits; at least " + MIN_RSA_BITS + " are needed");
        }
        BigInteger e = rsa.getPublicExponent();
        if (!e.testBit(0) || e.compareTo(F4) < 0 || e.bitLength() > 256) {
            throw new NvsInputException(name + ": the request's RSA key has public exponent "
                    + (e.bitLength() > 64 ? "of " + e.bitLength() + " bits" : e.toString())
                    + "; nvsgen certifies odd exponents from 65537 to 2^256-1 (use 65537)");
        }
    }

    private static final BigInteger F4 = BigInteger.valueOf(65537);

    /** JCA names of the signature algorithms devices sign requests with, by OID. */
    private static final Map<String, String> SIGNATURES = Map.of(
            "1.2.840.10045.4.3.2", "SHA256withECDSA",
            "1.2.840.10045.4.3.3", "SHA384withECDSA",
            "1.2.840.10045.4.3.4", "SHA512withECDSA",
            "1.2.840.113549.1.1.11", "SHA256withRSA",
            "1.2.840.113549.1.1.12", "SHA384withRSA",
            "1.2.840.113549.1.1.13", "SHA512withRSA",
            "1.3.101.112", "Ed25519");

    /** JCA key algorithms by the OID of a SubjectPublicKeyInfo. */
    private static final Map<String, String> KEYS =
            Map.of("1.2.840.10045.2.1", "EC", "1.2.840.113549.1.1.1", "RSA", "1.3.101.112", "Ed25519");

    /**
     * The request's key through the JDK's own key factory where it knows the algorithm: Bouncy Castle's
     * converter finds the factory anew for every request, which cost more than the key itself.
     */
    private static PublicKey publicKey(SubjectPublicKeyInfo spki) throws IOException {
        String algorithm = KEYS.get(spki.getAlgorithm().getAlgorithm().getId());
        if (algorithm != null) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
            } catch (GeneralSecurityException e) {
                // fall through to Bouncy Castle, which names what it cannot use
            }
        }
        return new JcaPEMKeyConverter().getPublicKey(spki);
    }

    /**
     * Checks the request's signature over its DER-encoded request info, as PKCS#10 defines it: with the
     * JDK's {@link Signature} for the usual algorithms (the one expensive step, a signature check, and
     * nothing around it), with Bouncy Castle's verifier for anything else (RSASSA-PSS and the like).
     */
    private static boolean signatureValid(PKCS10CertificationRequest csr, PublicKey key)
            throws OperatorCreationException, PKCSException, IOException {
        String algorithm =
                SIGNATURES.get(csr.getSignatureAlgorithm().getAlgorithm().getId());
        if (algorithm == null
                || csr.getSignatureAlgorithm().getParameters() != null
                        && !(csr.getSignatureAlgorithm().getParameters() instanceof DERNull)) {
            return csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        }
        if (algorithm.equals("SHA256withECDSA") && key instanceof ECPublicKey ec && P256.isP256(ec)) {
            // Bouncy Castle's P-256 verifies 5-7 times as fast as SunEC on JDK 17 (see P256).
            return P256.verify(
                    ec,
                    csr.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER),
                    csr.getSignature());
        }
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(csr.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER));
            return verifier.verify(csr.getSignature());
        } catch (InvalidKeyException e) {
            // A key of another kind than the signature's algorithm: the request cannot be genuine.
            return false;
        } catch (SignatureException e) {
            // A malformed signature value is a signature that does not verify.
            return false;
        } catch (GeneralSecurityException e) {
            return csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        }
    }

    private static PKCS10CertificationRequest fromPem(byte[] data, String name) {
        try (PEMParser pem = new PEMParser(new InputStreamReader(
                new java.io.ByteArrayInputStream(data), java.nio.charset.StandardCharsets.US_ASCII))) {
            Object o = pem.readObject();
            if (o instanceof PKCS10CertificationRequest csr) {
                return csr;
            }
            throw new NvsInputException(name + ": expected a PEM CERTIFICATE REQUEST block, found "
                    + (o == null ? "none" : CredentialReader.describe(o)));
        } catch (IOException | RuntimeException e) {
            if (e instanceof NvsInputException n) {
                throw n;
            }
            throw unreadable(data, name);
        }
    }

    private static PKCS10CertificationRequest fromDer(byte[] data, String name) {
        try {
            return new PKCS10CertificationRequest(data);
        } catch (IOException | RuntimeException e) {
            throw unreadable(data, name);
        }
    }

    /** What is wrong with a request the parser refused, in words rather than the parser's. */
    private static NvsInputException unreadable(byte[] data, String name) {
        String problem = DerShape.problem(data);
        return new NvsInputException(name + ": not a PEM or DER certificate request ("
                + (problem != null ? problem : "its DER structure is whole but holds something else") + ")");
    }

    /** The key the certificate will certify; the device keeps its private half. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** The subject the device asked for, as an RFC 4514 string; the CA may give it another. */
    public String subject() {
        return subject;
    }

    @Override
    public String toString() {
        return "CertificateRequest[" + subject + ", " + publicKey.getAlgorithm() + "]";
    }
}
