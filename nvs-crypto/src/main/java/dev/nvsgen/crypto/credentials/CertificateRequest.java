package dev.nvsgen.crypto.credentials;

import dev.nvsgen.nvs.NvsInputException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.X500Name;
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
        PublicKey key;
        try {
            key = new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
        } catch (IOException | RuntimeException e) {
            throw new NvsInputException(name + ": the request's public key is not one nvsgen can use ("
                    + csr.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm() + ")");
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new NvsInputException(name + ": the request's RSA key has "
                    + rsa.getModulus().bitLength() + " bits; at least " + MIN_RSA_BITS + " are needed");
        }
        boolean valid;
        try {
            valid = key instanceof ECPublicKey ec
                            && P256.isP256(ec)
                            && csr.getSignatureAlgorithm().getAlgorithm().equals(X9ObjectIdentifiers.ecdsa_with_SHA256)
                    ? P256.verify(
                            ec,
                            csr.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER),
                            csr.getSignature())
                    : csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        } catch (OperatorCreationException | PKCSException | IOException e) {
            throw new NvsInputException(name + ": the request's signature cannot be checked: " + e.getMessage());
        }
        if (!valid) {
            throw new NvsInputException(
                    name + ": the request's signature does not verify: it is damaged or was not made with its key");
        }
        return new CertificateRequest(
                key, X500Name.getInstance(csr.getSubject()).toString());
    }

    private static PKCS10CertificationRequest fromPem(byte[] data, String name) {
        try (PEMParser pem = new PEMParser(new InputStreamReader(
                new java.io.ByteArrayInputStream(data), java.nio.charset.StandardCharsets.US_ASCII))) {
            Object o = pem.readObject();
            if (o instanceof PKCS10CertificationRequest csr) {
                return csr;
            }
            throw new NvsInputException(name + ": expected a PEM CERTIFICATE REQUEST block, found "
                    + (o == null ? "none" : CertificateAuthority.describe(o)));
        } catch (IOException | RuntimeException e) {
            if (e instanceof NvsInputException n) {
                throw n;
            }
            throw new NvsInputException(name + ": not a readable PEM certificate request: " + e.getMessage());
        }
    }

    private static PKCS10CertificationRequest fromDer(byte[] data, String name) {
        try {
            return new PKCS10CertificationRequest(data);
        } catch (IOException | RuntimeException e) {
            throw new NvsInputException(name + ": neither a PEM nor a DER certificate request");
        }
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
