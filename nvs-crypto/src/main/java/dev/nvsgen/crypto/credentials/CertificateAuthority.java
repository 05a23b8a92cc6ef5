package dev.nvsgen.crypto.credentials;

import dev.nvsgen.crypto.internal.Randomness;
import dev.nvsgen.crypto.internal.pkcs11.Pkcs11KeyLoader;
import dev.nvsgen.crypto.internal.pkcs11.TokenKey;
import dev.nvsgen.crypto.internal.pkcs11.TokenSignatures;
import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.NvsInputException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority nvsgen issues device certificates with: the CA's certificate (and the rest of
 * its chain, if its file holds one) and its private key.
 *
 * <p>{@link #load} refuses a CA that would issue certificates nobody accepts: a key that does not belong
 * to the certificate, a certificate that is not a CA or not valid now, a chain out of order. Once
 * loaded it is immutable and safe to use from many threads. A software P-256 key signs on Bouncy Castle's
 * P-256 arithmetic ({@link P256}: several times SunEC's speed on JDK 17), any other key through the JDK's
 * providers; Bouncy Castle encodes the certificates. Certificates and keys are read by
 * {@link CredentialReader}; this class checks them and issues.
 */
public final class CertificateAuthority {
    private static final Provider TOKEN_SIGNATURES = new TokenSignatures();
    private static final int SERIAL_BYTES = 16;
    private static final int KEY_CERT_SIGN = 5;

    private final X509Certificate certificate;
    private final List<X509Certificate> chain;
    private final List<Bytes> chainDer;
    private final PrivateKey key;
    private final String signatureAlgorithm;
    private final X500Name issuer;
    private final AuthorityKeyIdentifier authorityKeyId;
    private final Provider signer;
    /**
     * Each thread's signer, kept from one certificate to the next: building one looks the algorithm up
     * among the providers and initialises a new Signature, a noticeable part of a device in a batch.
     */
    private final ThreadLocal<ContentSigner> signers = ThreadLocal.withInitial(this::newSigner);
    /**
     * The last profile's validity as Bouncy Castle encodes it. Making a {@code Time} from a {@code Date}
     * formats and parses it with {@code SimpleDateFormat}; per certificate that cost more than the
     * certificate's encoding, and its compilation kept a core busy at the start of every batch.
     */
    private volatile Validity validity;

    private record Validity(CertificateProfile profile, Time notBefore, Time notAfter) {}

    private CertificateAuthority(
            List<X509Certificate> chain, PrivateKey key, String signatureAlgorithm, Provider signer) {
        this.certificate = chain.get(0);
        this.chain = List.copyOf(chain);
        this.chainDer = chain.stream().map(CertificateAuthority::der).toList();
        this.key = key;
        this.signatureAlgorithm = signatureAlgorithm;
        // The issuer field must repeat the CA's subject byte for byte, or chain building fails.
        this.issuer = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        this.authorityKeyId = new AuthorityKeyIdentifier(keyIdentifier(certificate));
        this.signer = signer;
    }

    /**
     * Loads a CA from its certificate file (PEM or DER; the CA's certificate first, then, optionally,
     * the certificates above it) and its private key file (PKCS#8 PEM or DER, encrypted or not; also
     * SEC1 and PKCS#1). Checks, at {@code now}: every certificate is valid, the first is a CA allowed to
     * sign certificates, each is signed by the next, each above the first is a CA whose path length
     * constraint allows the CAs below it, and the key belongs to the first.
     *
     * @param passphrase asked only when the key is encrypted; the array it returns is wiped after use
     * @throws NvsInputException naming the file and what is wrong with it
     */
    public static CertificateAuthority load(
            byte[] certData,
            String certName,
            byte[] keyData,
            String keyName,
            Supplier<char[]> passphrase,
            Instant now) {
        List<X509Certificate> chain = CredentialReader.certificates(certData, certName);
        checkChain(chain, certName, now);
        PrivateKey key = CredentialReader.privateKey(keyData, keyName, passphrase);
        return create(chain, certName, key, keyName, null);
    }

    /**
     * {@link #load} from the files {@code certificate} and {@code key}, as {@code nvsgen batch} reads a
     * manifest's {@code ca.certificate} and {@code ca.key}, valid now; messages name the files as given.
     *
     * @param passphrase asked only when the key is encrypted (null: the key must not be); the array it
     *     returns is wiped after use
     * @throws NvsInputException naming the file: missing, unreadable, or what {@link #load} refuses
     */
    public static CertificateAuthority fromFiles(Path certificate, Path key, Supplier<char[]> passphrase) {
        return load(
                CredentialReader.file(certificate, "a CA certificate"),
                certificate.toString(),
                CredentialReader.file(key, "a CA key"),
                key.toString(),
                passphrase,
                Instant.now());
    }

    /** {@link #of(List, PrivateKey, Provider, Instant)} for a key the JDK's default providers sign with. */
    public static CertificateAuthority of(List<X509Certificate> chain, PrivateKey key, Instant now) {
        return of(chain, key, null, now);
    }

    /**
     * A CA from certificates and a key already in hand: a key from a {@link KeyStore}, a PKCS#11 token
     * configured by the application, or any {@link PrivateKey}. The same checks as {@link #load}.
     *
     * @param chain the CA's certificate first, then those above it
     * @param signer the provider that signs with {@code key} (e.g. the SunPKCS11 instance the key came
     *     from), or null for the JDK's default providers
     * @throws NvsInputException saying what is wrong
     */
    public static CertificateAuthority of(List<X509Certificate> chain, PrivateKey key, Provider signer, Instant now) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a CA needs its certificate");
        }
        List<X509Certificate> copy = List.copyOf(chain);
        checkChain(copy, "the CA certificate", now);
        return create(copy, null, key, "the CA's private key", signer);
    }

    /**
     * A CA from a key store entry: its key and certificate chain. With {@code alias} null the store must
     * hold exactly one key.
     *
     * @param storeName how messages name the store (its file)
     * @param keyPassword the key's password (for PKCS#12, the store's); not wiped
     * @throws NvsInputException naming the store and what is wrong
     */
    public static CertificateAuthority fromKeyStore(
            KeyStore store, String storeName, String alias, char[] keyPassword, Instant now) {
        CredentialReader.KeyEntry entry = CredentialReader.keyEntry(store, storeName, alias, keyPassword);
        String chosen = entry.alias();
        PrivateKey key = entry.key();
        List<X509Certificate> chain = entry.chain();
        checkChain(chain, storeName, now);
        // A key from a token's store (SunPKCS11) signs through that store's provider, in the token; a key
        // from a file store (PKCS#12: provider SUN, which offers no such signature) with the JDK's defaults.
        String algorithm = signatureAlgorithmFor(chain.get(0).getPublicKey(), storeName);
        Provider storeProvider = store.getProvider();
        Provider signer = storeProvider != null && storeProvider.getService("Signature", algorithm) != null
                ? storeProvider
                : null;
        return create(chain, storeName, key, storeName + " key '" + chosen + "'", signer);
    }

    /**
     * A CA whose key lives in a PKCS#11 token (RFC 7512 URI), found by its label or id; it is logged in
     * to with {@code pin} and signs in the token, the key never leaving it. A token that holds the key
     * alone, with no certificate object beside it, works. PKCS#11 keeps a token logged in for the rest of
     * the process once a login succeeded, so a later call for the same token does not check its PIN again.
     * The JVM must export {@code jdk.crypto.cryptoki/sun.security.pkcs11.wrapper} to nvsgen ({@code java
     * -jar} on nvsgen's jar and bin/nvsgen do; otherwise {@code --add-exports ...=ALL-UNNAMED}, or {@code
     * =dev.nvsgen.crypto} on the module path), or this refuses saying so.
     *
     * @param library the token's PKCS#11 library (e.g. {@code /usr/lib/softhsm/libsofthsm2.so})
     * @param pin the user PIN; not wiped
     * @throws NvsInputException naming the URI: no library, no such token or key, the PIN refused, or a
     *     key that does not belong to the certificate
     */
    public static CertificateAuthority fromPkcs11(
            List<X509Certificate> chain, String certName, Pkcs11Uri uri, Path library, char[] pin, Instant now) {
        checkChain(chain, certName, now);
        TokenKey key = Pkcs11KeyLoader.load(uri, library, pin);
        return create(List.copyOf(chain), certName, key, uri.toString(), TOKEN_SIGNATURES);
    }

    /** True if the CA's key sits in a PKCS#11 token. */
    public boolean keyInToken() {
        return key instanceof TokenKey;
    }

    /**
     * For a key in a PKCS#11 token, whether the token marks it extractable (CKA_EXTRACTABLE); false for
     * a key nvsgen holds in memory as well, which answers "can it leave the token" for tokens only.
     */
    public boolean tokenKeyExtractable() {
        return key instanceof TokenKey t && t.extractable();
    }

    /** Every certificate valid at {@code now}; the first a CA that may sign certificates; each signed by the next. */
    private static void checkChain(List<X509Certificate> chain, String certName, Instant now) {
        if (chain.isEmpty()) {
            throw new NvsInputException(certName + ": holds no certificate");
        }
        X509Certificate ca = chain.get(0);
        for (X509Certificate c : chain) {
            checkValidAt(c, certName, now);
        }
        if (ca.getBasicConstraints() < 0) {
            throw new NvsInputException(certName + ": certificate '" + subjectOf(ca)
                    + "' is not a CA certificate (its basicConstraints do not say cA=true)");
        }
        boolean[] usage = ca.getKeyUsage();
        if (usage != null && (usage.length <= KEY_CERT_SIGN || !usage[KEY_CERT_SIGN])) {
            throw new NvsInputException(certName + ": CA certificate '" + subjectOf(ca)
                    + "' may not sign certificates (its keyUsage lacks keyCertSign)");
        }
        for (int i = 0; i + 1 < chain.size(); i++) {
            try {
                chain.get(i).verify(chain.get(i + 1).getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new NvsInputException(certName + ": certificate " + (i + 1) + " ('" + subjectOf(chain.get(i))
                        + "') is not signed by certificate " + (i + 2) + " ('" + subjectOf(chain.get(i + 1))
                        + "'): list the CA first, then each certificate above it");
            }
        }
        checkPathLengths(chain, certName);
    }

    /**
     * RFC 5280 section 6.1.4 (k) and (l) along the chain: every certificate above the issuing CA is a CA,
     * and its pathLenConstraint allows the non-self-issued CA certificates below it (the device's
     * certificate, an end entity, does not count). A chain that breaks this issues certificates that
     * {@code openssl verify} and every other path validator refuse.
     */
    private static void checkPathLengths(List<X509Certificate> chain, String certName) {
        int below = 0;
        for (int i = 1; i < chain.size(); i++) {
            X509Certificate lower = chain.get(i - 1);
            if (!lower.getSubjectX500Principal().equals(lower.getIssuerX500Principal())) {
                below++;
            }
            X509Certificate c = chain.get(i);
            int pathLen = c.getBasicConstraints();
            if (pathLen < 0) {
                throw new NvsInputException(certName + ": certificate " + (i + 1) + " ('" + subjectOf(c)
                        + "') is not a CA certificate (its basicConstraints do not say cA=true), yet it signed"
                        + " certificate " + i);
            }
            if (below > pathLen) {
                throw new NvsInputException(certName + ": certificate " + (i + 1) + " ('" + subjectOf(c)
                        + "') allows " + pathLen + " CA certificate" + (pathLen == 1 ? "" : "s")
                        + " below it (basicConstraints pathLenConstraint " + pathLen + ") but " + below
                        + (below == 1 ? " follows" : " follow") + ": no verifier accepts what this CA issues");
            }
        }
    }

    /**
     * Checks that {@code key} belongs to the chain's first certificate, before anything is issued.
     * {@code certName} names the certificate's file in messages; null for certificates in hand.
     */
    private static CertificateAuthority create(
            List<X509Certificate> chain, String certName, PrivateKey key, String keyName, Provider signer) {
        X509Certificate ca = chain.get(0);
        String algorithm = signatureAlgorithmFor(ca.getPublicKey(), keyName);
        if (!keyMatches(key, ca.getPublicKey(), algorithm, signer)) {
            throw new NvsInputException(
                    certName == null
                            ? keyName + " does not belong to the CA certificate '" + subjectOf(ca) + "'"
                            : keyName + ": this private key does not belong to the CA certificate '" + subjectOf(ca)
                                    + "' in " + certName);
        }
        return new CertificateAuthority(chain, key, algorithm, signer);
    }

    /** The CA's own certificate, the issuer of every certificate it signs. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA's certificate and those above it, in the order of the file: what devices store as their CA chain. */
    public List<X509Certificate> chain() {
        return chain;
    }

    public List<Bytes> chainDer() {
        return chainDer;
    }

    /** The last certificate of the chain: the trust anchor a verifier needs (the CA itself when its file holds one). */
    public X509Certificate root() {
        return chain.get(chain.size() - 1);
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /** The JCA name of the algorithm the CA signs with, e.g. {@code SHA256withECDSA}. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /**
     * Checks that certificates made with {@code profile} fall within the CA's own validity.
     *
     * @throws IllegalArgumentException saying which end lies outside
     */
    public void checkProfile(CertificateProfile profile) {
        Instant caStart = certificate.getNotBefore().toInstant();
        if (profile.notAfter().isAfter(notAfter())) {
            throw new IllegalArgumentException("certificates would be valid until " + profile.notAfter()
                    + ", after the CA certificate expires (" + notAfter() + ")");
        }
        if (profile.notBefore().isBefore(caStart)) {
            throw new IllegalArgumentException("certificates would be valid from " + profile.notBefore()
                    + ", before the CA certificate is (" + caStart + ")");
        }
    }

    /** Issues a certificate for {@code subjectKey} under {@code subject}, with a fresh random serial number. */
    public IssuedCertificate issue(DistinguishedName subject, PublicKey subjectKey, CertificateProfile profile) {
        return issue(subject, subjectKey, List.of(), profile);
    }

    /**
     * Issues a certificate for {@code subjectKey} under {@code subject} with the alternative names
     * {@code altNames} (none: no extension), with a fresh random serial number.
     */
    public IssuedCertificate issue(
            DistinguishedName subject,
            PublicKey subjectKey,
            List<SubjectAltName> altNames,
            CertificateProfile profile) {
        checkProfile(profile);
        X500Name name = subject.x500Name();
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded());
        BigInteger serial = randomSerial(SERIAL_BYTES);
        Validity v = validity(profile);
        X509v3CertificateBuilder b =
                new X509v3CertificateBuilder(issuer, serial, v.notBefore(), v.notAfter(), name, spki);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int usage = keyUsageBits(profile, subjectKey);
            if (usage != 0) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            }
            if (!profile.extendedKeyUsages().isEmpty()) {
                KeyPurposeId[] purposes = profile.extendedKeyUsages().stream()
                        .map(oid -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(oid)))
                        .toArray(KeyPurposeId[]::new);
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            }
            if (!altNames.isEmpty()) {
                GeneralName[] names =
                        altNames.stream().map(CertificateAuthority::generalName).toArray(GeneralName[]::new);
                // RFC 5280: critical only when the subject is empty, which nvsgen never issues.
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            b.addExtension(
                    Extension.subjectKeyIdentifier,
                    false,
                    new SubjectKeyIdentifier(sha1(spki.getPublicKeyData().getBytes())));
            b.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId);
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode a certificate extension", e);
        }
        X509CertificateHolder holder;
        try {
            holder = b.build(signers.get());
        } catch (RuntimeException e) {
            // A signer that failed half-way may hold part of a message: the next certificate gets a new one.
            signers.remove();
            if (signer != null) {
                // A token that stops signing mid-run (removed, logged out) surfaces here.
                String lost = tokenLostCode(e);
                if (lost != null) {
                    throw new TokenLostException(
                            "the CA's token was lost while signing (" + lost + "): reconnect it; the certificates"
                                    + " issued before stay valid",
                            e);
                }
                throw new IllegalStateException("the CA could not sign: " + rootMessage(e), e);
            }
            throw e;
        }
        try {
            return new IssuedCertificate(Bytes.of(holder.getEncoded()), serial);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    // For IntermediateCertificates (same package): what a certificate this CA issues needs besides its
    // extensions. Kept here so that the issuing code has one signer per thread, whoever builds the TBS.
    X500Name issuerName() {
        return issuer;
    }

    AuthorityKeyIdentifier authorityKeyIdentifier() {
        return authorityKeyId;
    }

    ContentSigner signerOfThisThread() {
        return signers.get();
    }

    void discardSignerOfThisThread() {
        signers.remove();
    }

    private ContentSigner newSigner() {
        // The software fast path only for a key nvsgen holds; a key with its own provider (a token's, a
        // key store's) signs through that provider, in the token.
        if (signer == null && signatureAlgorithm.equals("SHA256withECDSA") && P256.isP256(key)) {
            return P256.signer((java.security.interfaces.ECPrivateKey) key, Randomness.current());
        }
        try {
            JcaContentSignerBuilder builder =
                    new JcaContentSignerBuilder(signatureAlgorithm).setSecureRandom(Randomness.current());
            if (signer != null) {
                builder.setProvider(signer);
            }
            return builder.build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with " + signatureAlgorithm, e);
        }
    }

    private Validity validity(CertificateProfile profile) {
        Validity v = validity;
        if (v == null || !v.profile().equals(profile)) {
            v = new Validity(
                    profile, new Time(Date.from(profile.notBefore())), new Time(Date.from(profile.notAfter())));
            validity = v;
        }
        return v;
    }

    /** Issues a certificate for the key of a checked request, under {@code subject} (the CA decides the name). */
    public IssuedCertificate sign(CertificateRequest request, DistinguishedName subject, CertificateProfile profile) {
        return issue(subject, request.publicKey(), profile);
    }

    /** Issues a certificate for the key of a checked request, with alternative names. */
    public IssuedCertificate sign(
            CertificateRequest request,
            DistinguishedName subject,
            List<SubjectAltName> altNames,
            CertificateProfile profile) {
        return issue(subject, request.publicKey(), altNames, profile);
    }

    private static int keyUsageBits(CertificateProfile profile, PublicKey subjectKey) {
        if (profile.keyUsages() == null) {
            int usage = KeyUsage.digitalSignature;
            if (subjectKey instanceof RSAPublicKey) {
                // TLS 1.2 RSA key exchange encrypts to the certificate's key.
                usage |= KeyUsage.keyEncipherment;
            }
            return usage;
        }
        int usage = 0;
        for (CertificateProfile.KeyUsage u : profile.keyUsages()) {
            // Bouncy Castle's KeyUsage constants are the DER bit string's bits: bit n is 1 << (7 - n) of the
            // first byte, 1 << (15 - n) for decipherOnly in the second.
            usage |= u.bit() < 8 ? 1 << (7 - u.bit()) : 1 << (15 + 8 - u.bit());
        }
        return usage;
    }

    private static GeneralName generalName(SubjectAltName n) {
        return switch (n.kind()) {
            case URI -> new GeneralName(GeneralName.uniformResourceIdentifier, n.value());
            case DNS -> new GeneralName(GeneralName.dNSName, n.value());
            case IP -> new GeneralName(GeneralName.iPAddress, n.value());
            case EMAIL -> new GeneralName(GeneralName.rfc822Name, n.value());
        };
    }

    /** The PKCS#11 return codes that mean the token, its session or its login is gone. */
    private static final List<String> LOST = List.of(
            "CKR_DEVICE_REMOVED",
            "CKR_TOKEN_NOT_PRESENT",
            "CKR_TOKEN_NOT_RECOGNIZED",
            "CKR_DEVICE_ERROR",
            "CKR_SESSION_HANDLE_INVALID",
            "CKR_SESSION_CLOSED",
            "CKR_USER_NOT_LOGGED_IN",
            "CKR_CRYPTOKI_NOT_INITIALIZED");

    /**
     * The CKR_ code of a lost token in {@code t}'s causes (the JDK's PKCS11Exception and nvsgen's own token
     * signer both name it in their message), {@code token removed} for SunPKCS11's own word; null if none.
     */
    static String tokenLostCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            for (String code : LOST) {
                if (m.contains(code)) {
                    return code;
                }
            }
            if (c instanceof java.security.ProviderException && m.contains("Token has been removed")) {
                return "token removed";
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + subjectOf(certificate) + ", private key redacted]";
    }

    /**
     * A positive serial of {@code length} random bytes less the top bit (16 bytes: 127 bits, where the
     * CA/Browser Forum asks for at least 64), never zero; at most 20 bytes, RFC 5280's bound.
     */
    static BigInteger randomSerial(int length) {
        byte[] bytes = new byte[length];
        BigInteger serial;
        do {
            Randomness.current().nextBytes(bytes);
            bytes[0] &= 0x7F;
            serial = new BigInteger(1, bytes);
        } while (serial.signum() == 0);
        return serial;
    }

    /** The CA's subject key identifier, or one computed from its key (RFC 5280 method 1) when it has none. */
    private static byte[] keyIdentifier(X509Certificate ca) {
        byte[] ext = ca.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ext != null) {
            return SubjectKeyIdentifier.getInstance(
                            ASN1OctetString.getInstance(ext).getOctets())
                    .getKeyIdentifier();
        }
        SubjectPublicKeyInfo spki =
                SubjectPublicKeyInfo.getInstance(ca.getPublicKey().getEncoded());
        return sha1(spki.getPublicKeyData().getBytes());
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is missing from the JDK", e);
        }
    }

    private static Bytes der(X509Certificate c) {
        try {
            return Bytes.of(c.getEncoded());
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot encode a parsed certificate", e);
        }
    }

    static String subjectOf(X509Certificate c) {
        return c.getSubjectX500Principal().getName();
    }

    private static void checkValidAt(X509Certificate c, String name, Instant now) {
        Instant from = c.getNotBefore().toInstant();
        Instant until = c.getNotAfter().toInstant();
        if (now.isAfter(until)) {
            throw new NvsInputException(
                    name + ": certificate '" + subjectOf(c) + "' expired on " + until + " (now " + now + ")");
        }
        if (now.isBefore(from)) {
            throw new NvsInputException(
                    name + ": certificate '" + subjectOf(c) + "' is not valid until " + from + " (now " + now + ")");
        }
    }

    // ---- signing --------------------------------------------------------------------------------

    private static String signatureAlgorithmFor(PublicKey key, String name) {
        if (key instanceof ECKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            return bits <= 256 ? "SHA256withECDSA" : bits <= 384 ? "SHA384withECDSA" : "SHA512withECDSA";
        }
        if (key instanceof RSAKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new NvsInputException(name + ": the CA's RSA key has "
                        + rsa.getModulus().bitLength() + " bits; at least 2048 are needed");
            }
            return "SHA256withRSA";
        }
        return "Ed25519";
    }

    /** True if {@code key} signs what {@code publicKey} verifies: the one test that works for every key type. */
    private static boolean keyMatches(PrivateKey key, PublicKey publicKey, String algorithm, Provider signer) {
        byte[] probe = "nvsgen: does this key belong to this CA certificate?".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature s = signer == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, signer);
            s.initSign(key, Randomness.current());
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(publicKey);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            // A key of another algorithm or curve than the certificate's.
            return false;
        }
    }
}
