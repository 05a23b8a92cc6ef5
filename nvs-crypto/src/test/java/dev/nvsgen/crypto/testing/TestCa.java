package dev.nvsgen.crypto.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A throw-away certificate authority made in a test: a fresh key and a self-signed (or parent-signed)
 * certificate, written out in whichever encoding a test needs. Never use outside tests.
 */
public final class TestCa {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    public final KeyPair keys;
    public final X509Certificate certificate;

    private TestCa(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** An EC P-256 root CA valid from a day ago for ten years. */
    public static TestCa root(String cn) {
        Instant now = Instant.now();
        return builder(cn)
                .validity(now.minus(1, ChronoUnit.DAYS), now.plus(3650, ChronoUnit.DAYS))
                .build();
    }

    public static Builder builder(String cn) {
        return new Builder(cn);
    }

    /** Options of a test CA; the defaults make a valid EC P-256 self-signed root. */
    public static final class Builder {
        private final String cn;
        private String algorithm = "EC";
        private Instant notBefore = Instant.now().minus(1, ChronoUnit.DAYS);
        private Instant notAfter = Instant.now().plus(3650, ChronoUnit.DAYS);
        private boolean ca = true;
        private Integer pathLen;
        private TestCa parent;
        private KeyPair givenKeys;
        private java.security.Provider signer;

        private Builder(String cn) {
            this.cn = cn;
        }

        /** {@code EC} (P-256), {@code EC384} or {@code RSA} (2048 bits). */
        public Builder algorithm(String algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        public Builder validity(Instant notBefore, Instant notAfter) {
            this.notBefore = notBefore;
            this.notAfter = notAfter;
            return this;
        }

        public Builder notCa() {
            this.ca = false;
            return this;
        }

        /** A CA certificate whose basicConstraints carry pathLenConstraint {@code pathLen}. */
        public Builder pathLen(int pathLen) {
            this.pathLen = pathLen;
            return this;
        }

        public Builder signedBy(TestCa parent) {
            this.parent = parent;
            return this;
        }

        /** Uses {@code keys} (e.g. a key in a token) instead of a fresh pair, signing through {@code signer}. */
        public Builder keys(KeyPair keys, java.security.Provider signer) {
            this.givenKeys = keys;
            this.signer = signer;
            return this;
        }

        public TestCa build() {
            try {
                KeyPair keys = givenKeys != null ? givenKeys : generate(algorithm);
                X500Name subject = X500Name.getInstance(
                        new javax.security.auth.x500.X500Principal("CN=" + cn + ",O=nvsgen tests").getEncoded());
                X500Name issuer = parent == null
                        ? subject
                        : X500Name.getInstance(
                                parent.certificate.getSubjectX500Principal().getEncoded());
                PrivateKey signingKey = parent == null ? keys.getPrivate() : parent.keys.getPrivate();
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                        issuer,
                        BigInteger.valueOf(System.nanoTime()),
                        Date.from(notBefore),
                        Date.from(notAfter),
                        subject,
                        keys.getPublic());
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                b.addExtension(
                        Extension.basicConstraints,
                        true,
                        ca && pathLen != null ? new BasicConstraints(pathLen) : new BasicConstraints(ca));
                if (ca) {
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                }
                b.addExtension(
                        Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
                String sig = signingKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                JcaContentSignerBuilder contentSigner = new JcaContentSignerBuilder(sig);
                if (signer != null && parent == null) {
                    contentSigner.setProvider(signer);
                }
                X509Certificate cert =
                        new JcaX509CertificateConverter().getCertificate(b.build(contentSigner.build(signingKey)));
                return new TestCa(keys, cert);
            } catch (Exception e) {
                throw new IllegalStateException("cannot make a test CA", e);
            }
        }
    }

    public static KeyPair generate(String algorithm) throws GeneralSecurityException {
        if (algorithm.equals("RSA")) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(algorithm.equals("EC384") ? "secp384r1" : "secp256r1"));
        return g.generateKeyPair();
    }

    public byte[] certificatePem() {
        return pem(certificate);
    }

    public byte[] certificateDer() {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unencrypted PKCS#8 PEM. */
    public byte[] keyPem() {
        return pem(new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded()));
    }

    public byte[] keyDer() {
        return keys.getPrivate().getEncoded();
    }

    /** OpenSSL's traditional form: {@code EC PRIVATE KEY} (SEC1) or {@code RSA PRIVATE KEY} (PKCS#1). */
    public byte[] keyTraditionalPem() {
        try {
            // Through Bouncy Castle's key class, whose SEC1 form carries the curve as OpenSSL writes it.
            PrivateKey bcKey = java.security.KeyFactory.getInstance(
                            keys.getPrivate().getAlgorithm(), BC)
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(keyDer()));
            return pem(bcKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 encrypted with AES-256-CBC under PBKDF2, as {@code openssl pkcs8 -topk8 -v2 aes256} writes it. */
    public byte[] keyEncryptedPem(char[] passphrase) {
        return pem(encrypted(passphrase));
    }

    public byte[] keyEncryptedDer(char[] passphrase) {
        return encrypted(passphrase).getContent();
    }

    private PemObject encrypted(char[] passphrase) {
        try {
            OutputEncryptor enc = new JceOpenSSLPKCS8EncryptorBuilder(
                            org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC)
                    .setProvider(BC)
                    .setIterationCount(2048)
                    .setPassword(passphrase)
                    .build();
            return new JcaPKCS8Generator(keys.getPrivate(), enc).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#10 request for {@code pair}, signed with its private key, as a device would make it. */
    public static byte[] csrPem(KeyPair pair, String subject) {
        try {
            String sig = pair.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                            X500Name.getInstance(new javax.security.auth.x500.X500Principal(subject).getEncoded()),
                            pair.getPublic())
                    .build(new JcaContentSignerBuilder(sig).build(pair.getPrivate()));
            return pem(csr);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] pem(Object o) {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
