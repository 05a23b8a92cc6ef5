package dev.nvsgen.crypto.credentials;

import dev.nvsgen.nvs.Bytes;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Date;
import java.util.EnumSet;
import java.util.Set;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * CA certificates issued by a {@link CertificateAuthority}: an intermediate such as Matter's Product
 * Attestation Intermediate (PAI) made under its PAA. Extensions in the order RFC 5280 profiles and
 * Matter's PAI profile list them: basicConstraints (critical, CA, path length), keyUsage (critical),
 * subjectKeyIdentifier (SHA-1 of the key's bit string), authorityKeyIdentifier (the issuer's key id).
 *
 * <p>A separate class from {@link CertificateAuthority}, which issues end-entity certificates only: a
 * batch signs thousands of those, a run makes at most one of these.
 */
public final class IntermediateCertificates {
    /** Serial bytes: 159 bits at most, positive, as RFC 5280 allows (20 octets) and Matter's CA tooling uses. */
    private static final int SERIAL_BYTES = 20;

    private IntermediateCertificates() {}

    /**
     * Issues a CA certificate for {@code subjectKey} under {@code subject}, signed by {@code issuer}.
     *
     * @param pathLength the basicConstraints path length (0: it may sign end-entity certificates only)
     * @param keyUsages the key usage bits; empty means keyCertSign and cRLSign
     * @throws IllegalArgumentException if the validity falls outside the issuer's, or pathLength is negative
     */
    public static IssuedCertificate issue(
            CertificateAuthority issuer,
            DistinguishedName subject,
            PublicKey subjectKey,
            CertificateProfile profile,
            int pathLength,
            Set<CertificateProfile.KeyUsage> keyUsages) {
        if (pathLength < 0) {
            throw new IllegalArgumentException("path length must be 0 or more, was " + pathLength);
        }
        issuer.checkProfile(profile);
        Set<CertificateProfile.KeyUsage> usages = keyUsages.isEmpty()
                ? EnumSet.of(CertificateProfile.KeyUsage.KEY_CERT_SIGN, CertificateProfile.KeyUsage.CRL_SIGN)
                : EnumSet.copyOf(keyUsages);
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded());
        BigInteger serial = CertificateAuthority.randomSerial(SERIAL_BYTES);
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(
                issuer.issuerName(),
                serial,
                new Time(Date.from(profile.notBefore())),
                new Time(Date.from(profile.notAfter())),
                subject.x500Name(),
                spki);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(bits(usages)));
            b.addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    new SubjectKeyIdentifier(sha1(spki.getPublicKeyData().getBytes())));
            b.addExtension(Extension.authorityKeyIdentifier, false, issuer.authorityKeyIdentifier());
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode a certificate extension", e);
        }
        X509CertificateHolder holder;
        try {
            holder = b.build(issuer.signerOfThisThread());
        } catch (RuntimeException e) {
            issuer.discardSignerOfThisThread();
            throw e;
        }
        try {
            return new IssuedCertificate(Bytes.of(holder.getEncoded()), serial);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    /** Bouncy Castle's KeyUsage constants: bit n of the BIT STRING is {@code 1 << (7 - n)} of its first byte. */
    private static int bits(Set<CertificateProfile.KeyUsage> usages) {
        int v = 0;
        for (CertificateProfile.KeyUsage u : usages) {
            v |= u.bit() < 8 ? 1 << (7 - u.bit()) : 1 << (15 + 8 - u.bit());
        }
        return v;
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
