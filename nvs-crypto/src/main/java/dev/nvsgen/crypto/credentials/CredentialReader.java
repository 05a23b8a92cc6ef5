package dev.nvsgen.crypto.credentials;

import dev.nvsgen.nvs.NvsInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads what a CA is made of: certificates (PEM, any number, or DER), private keys (PKCS#8 PEM or DER,
 * encrypted or not; also SEC1 and PKCS#1), PKCS#12 key stores and their key entries. {@code java.security}
 * types out; Bouncy Castle's provider, passed explicitly and never installed, decrypts protected keys.
 * Errors are {@link NvsInputException}s naming the file as the caller shows it.
 */
public final class CredentialReader {
    /**
     * Bouncy Castle's provider, made only when a passphrase-protected key is read: making it registers
     * every algorithm it has (some 1,500 classes, half a second before a batch's first device).
     */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    /** A CA file larger than this is the wrong file. */
    private static final long MAX_FILE = 1 << 20;

    private CredentialReader() {}

    /**
     * The bytes of the regular file {@code file} ({@code what} it should be, for messages), at most 1 MiB.
     *
     * @throws NvsInputException naming the file: missing, not a regular file, too large, unreadable
     */
    public static byte[] file(Path file, String what) {
        String name = file.toString();
        try {
            if (!Files.isRegularFile(file)) {
                throw new NvsInputException(name
                        + (Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? ": not a regular file" : ": no such file"));
            }
            if (Files.size(file) > MAX_FILE) {
                throw new NvsInputException(name + ": " + Files.size(file) + " bytes is too large for " + what);
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NvsInputException(name + ": no such file");
        } catch (IOException e) {
            throw new NvsInputException(name + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Reads certificates from PEM (any number) or DER (one).
     *
     * @throws NvsInputException naming {@code name} when there is none or one is unreadable
     */
    public static List<X509Certificate> certificates(byte[] data, String name) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            if (Pem.looksLikePem(data)) {
                try (PEMParser pem = pemParser(data)) {
                    for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                        if (!(o instanceof X509CertificateHolder holder)) {
                            throw new NvsInputException(name + ": holds " + describe(o)
                                    + " where only certificates belong (keep the CA key in its own file)");
                        }
                        out.add((X509Certificate)
                                factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded())));
                    }
                }
            } else {
                for (var c : factory.generateCertificates(new ByteArrayInputStream(data))) {
                    out.add((X509Certificate) c);
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            if (e instanceof NvsInputException n) {
                throw n;
            }
            throw new NvsInputException(name + ": not a readable PEM or DER certificate (" + problem(data) + ")");
        }
        if (out.isEmpty()) {
            throw new NvsInputException(name + ": holds no certificate");
        }
        return out;
    }

    /**
     * Reads a private key as the JDK's own key object (so that the JDK's providers sign with it): EC, RSA
     * or Ed25519.
     *
     * @param passphrase asked only when the key is encrypted (null: it must not be); the array it returns
     *     is wiped after use
     * @throws NvsInputException naming {@code name}: unreadable, encrypted without a passphrase, a wrong one
     */
    public static PrivateKey privateKey(byte[] data, String name, Supplier<char[]> passphrase) {
        PrivateKeyInfo info;
        try {
            info = Pem.looksLikePem(data) ? keyFromPem(data, name, passphrase) : keyFromDer(data, name, passphrase);
        } catch (IOException e) {
            throw new NvsInputException(name + ": not a readable private key (" + problem(data) + ")");
        }
        info = withEcParameters(info, name);
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        String jca;
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            jca = "EC";
        } else if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            jca = "RSA";
        } else if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            jca = "Ed25519";
        } else {
            throw new NvsInputException(name + ": a key of algorithm " + oid + " cannot sign certificates here"
                    + " (EC, RSA or Ed25519 can)");
        }
        try {
            // The JDK's own key object, so that the JDK's provider signs with it.
            return KeyFactory.getInstance(jca).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new NvsInputException(
                    name + ": the " + jca + " private key is damaged (its values are not a valid " + jca + " key)");
        }
    }

    private static PrivateKeyInfo keyFromPem(byte[] data, String name, Supplier<char[]> passphrase) throws IOException {
        try (PEMParser pem = pemParser(data)) {
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof ASN1ObjectIdentifier) {
                    continue; // an EC PARAMETERS block ahead of the key, as openssl ecparam writes it
                }
                if (o instanceof PrivateKeyInfo info) {
                    return info;
                }
                if (o instanceof PEMKeyPair pair) {
                    return pair.getPrivateKeyInfo();
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                    return decrypt(enc, name, passphrase);
                }
                if (o instanceof PEMEncryptedKeyPair enc) {
                    char[] pass = ask(passphrase, name);
                    try {
                        return enc.decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                                        .setProvider(Bc.PROVIDER)
                                        .build(pass))
                                .getPrivateKeyInfo();
                    } catch (IOException e) {
                        throw wrongPassphrase(name);
                    } finally {
                        Arrays.fill(pass, '\0');
                    }
                }
                throw new NvsInputException(name + ": holds " + describe(o) + " where a private key was expected");
            }
        }
        throw new NvsInputException(name + ": holds no private key");
    }

    /**
     * An EC key whose algorithm identifier lacks the curve (Bouncy Castle's reading of OpenSSL's
     * {@code EC PRIVATE KEY} blocks) gets the curve from the SEC1 structure inside, which the JDK needs.
     */
    private static PrivateKeyInfo withEcParameters(PrivateKeyInfo info, String name) {
        AlgorithmIdentifier alg = info.getPrivateKeyAlgorithm();
        if (!alg.getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)
                || (alg.getParameters() != null && !(alg.getParameters() instanceof DERNull))) {
            return info;
        }
        try {
            org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
                    org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
            if (sec1.getParametersObject() == null) {
                throw new NvsInputException(
                        name + ": EC key without its curve: convert it to PKCS#8" + " (openssl pkcs8 -topk8)");
            }
            return new PrivateKeyInfo(
                    new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, sec1.getParametersObject()), sec1);
        } catch (IOException | RuntimeException e) {
            if (e instanceof NvsInputException n) {
                throw n;
            }
            throw new NvsInputException(name + ": the EC private key is damaged");
        }
    }

    /** DER: PKCS#8, encrypted PKCS#8, SEC1 (with its curve) or PKCS#1, told apart by their structure. */
    private static PrivateKeyInfo keyFromDer(byte[] data, String name, Supplier<char[]> passphrase) throws IOException {
        ASN1Sequence seq;
        try {
            seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(data));
        } catch (IOException | RuntimeException e) {
            throw new NvsInputException(name + ": neither a PEM nor a DER private key");
        }
        if (seq.size() >= 2 && seq.getObjectAt(0) instanceof ASN1Sequence) {
            return decrypt(
                    new PKCS8EncryptedPrivateKeyInfo(EncryptedPrivateKeyInfo.getInstance(seq)), name, passphrase);
        }
        if (seq.size() >= 3 && seq.getObjectAt(0) instanceof ASN1Integer) {
            ASN1Encodable second = seq.getObjectAt(1);
            if (second instanceof ASN1Sequence) {
                return PrivateKeyInfo.getInstance(seq);
            }
            if (second instanceof ASN1OctetString) {
                org.bouncycastle.asn1.sec.ECPrivateKey sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(seq);
                if (sec1.getParametersObject() == null) {
                    throw new NvsInputException(name + ": SEC1 EC key without its curve: convert it to PKCS#8"
                            + " (openssl pkcs8 -topk8 -nocrypt)");
                }
                return new PrivateKeyInfo(
                        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, sec1.getParametersObject()), sec1);
            }
            if (second instanceof ASN1Integer) {
                return new PrivateKeyInfo(
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                        RSAPrivateKey.getInstance(seq));
            }
        }
        throw new NvsInputException(name + ": a DER structure, but no private key nvsgen knows");
    }

    private static PrivateKeyInfo decrypt(PKCS8EncryptedPrivateKeyInfo enc, String name, Supplier<char[]> passphrase) {
        char[] pass = ask(passphrase, name);
        try {
            return enc.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(Bc.PROVIDER)
                    .build(pass));
        } catch (PKCSException | OperatorCreationException | RuntimeException e) {
            throw wrongPassphrase(name);
        } finally {
            Arrays.fill(pass, '\0');
        }
    }

    private static char[] ask(Supplier<char[]> passphrase, String name) {
        char[] pass = passphrase == null ? null : passphrase.get();
        if (pass == null) {
            throw new NvsInputException(name + ": the key is encrypted and no passphrase was given");
        }
        return pass;
    }

    private static NvsInputException wrongPassphrase(String name) {
        return new NvsInputException(name + ": cannot decrypt the key: wrong passphrase, or the file is damaged");
    }

    private static PEMParser pemParser(byte[] data) {
        return new PEMParser(new InputStreamReader(new ByteArrayInputStream(data), StandardCharsets.US_ASCII));
    }

    /**
     * Why a parser refused {@code data}, in words ({@link DerShape}), never the parser's own message: a
     * JDK or Bouncy Castle message names their internals ({@code toDerInputStream rejects tag type 45}).
     */
    static String problem(byte[] data) {
        String problem = DerShape.problem(data);
        return problem != null ? problem : "its DER structure is whole but does not hold what it should";
    }

    /** Names a PEM object by its block type, for messages. */
    static String describe(Object o) {
        if (o instanceof X509CertificateHolder) {
            return "a CERTIFICATE";
        }
        if (o instanceof PrivateKeyInfo || o instanceof PEMKeyPair) {
            return "a PRIVATE KEY";
        }
        if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
            return "an ENCRYPTED PRIVATE KEY";
        }
        if (o instanceof PKCS10CertificationRequest) {
            return "a CERTIFICATE REQUEST";
        }
        if (o instanceof SubjectPublicKeyInfo) {
            return "a PUBLIC KEY";
        }
        return "a PEM block of another kind";
    }

    /**
     * Opens a PKCS#12 file with {@code password}.
     *
     * @throws NvsInputException naming the file: unreadable, or the password is wrong
     */
    public static KeyStore pkcs12(byte[] data, String name, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(data), password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).contains("password")) {
                throw new NvsInputException(name + ": cannot open the key store: wrong password");
            }
            throw new NvsInputException(name + ": not a readable PKCS#12 key store (" + problem(data) + ")");
        } catch (GeneralSecurityException e) {
            throw new NvsInputException(name + ": not a readable PKCS#12 key store (" + problem(data) + ")");
        }
    }

    /** A key store's private key, the chain stored with it, and its alias. */
    record KeyEntry(String alias, PrivateKey key, List<X509Certificate> chain) {}

    /**
     * The key entry {@code alias} of {@code store} (with {@code alias} null, the only one), opened with
     * {@code keyPassword}; it must carry a certificate chain.
     */
    static KeyEntry keyEntry(KeyStore store, String storeName, String alias, char[] keyPassword) {
        String chosen = keyAlias(store, storeName, alias);
        PrivateKey key;
        List<X509Certificate> chain = new ArrayList<>();
        try {
            Key k = store.getKey(chosen, keyPassword);
            if (!(k instanceof PrivateKey pk)) {
                throw new NvsInputException(storeName + ": entry '" + chosen + "' is not a private key");
            }
            key = pk;
            Certificate[] certs = store.getCertificateChain(chosen);
            for (Certificate c : certs == null ? new Certificate[0] : certs) {
                chain.add((X509Certificate) c);
            }
        } catch (UnrecoverableKeyException e) {
            throw new NvsInputException(storeName + ": cannot recover key '" + chosen + "': wrong password");
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new NvsInputException(storeName + ": cannot read key '" + chosen + "' (" + e.getMessage() + ")");
        }
        if (chain.isEmpty()) {
            throw new NvsInputException(storeName + ": key '" + chosen + "' has no certificate chain");
        }
        return new KeyEntry(chosen, key, List.copyOf(chain));
    }

    private static String keyAlias(KeyStore store, String storeName, String alias) {
        List<String> keys = new ArrayList<>();
        try {
            for (String a : Collections.list(store.aliases())) {
                if (store.isKeyEntry(a)) {
                    keys.add(a);
                }
            }
        } catch (KeyStoreException e) {
            throw new NvsInputException(storeName + ": the key store is not loaded");
        }
        if (alias != null) {
            if (!keys.contains(alias)) {
                throw new NvsInputException(storeName + ": holds no key '" + alias + "' (its keys: "
                        + (keys.isEmpty() ? "none" : String.join(", ", keys)) + ")");
            }
            return alias;
        }
        if (keys.size() != 1) {
            throw new NvsInputException(storeName + ": holds " + keys.size() + " keys"
                    + (keys.isEmpty() ? "" : " (" + String.join(", ", keys) + "): name one with alias"));
        }
        return keys.get(0);
    }
}
