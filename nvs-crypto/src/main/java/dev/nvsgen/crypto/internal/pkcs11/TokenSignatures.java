package dev.nvsgen.crypto.internal.pkcs11;

import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;

/**
 * A JCA provider, never installed, whose {@code Signature}s sign with a {@link TokenKey}: the message is
 * hashed here and the digest signed in the token (CKM_ECDSA, CKM_RSA_PKCS), which every token that signs
 * at all supports. Signature is not a JCE-restricted service, so an unsigned provider may offer it.
 */
public final class TokenSignatures extends Provider {
    private static final long serialVersionUID = 1L;

    public TokenSignatures() {
        super("nvsgen-PKCS11", "1.0", "signatures made in a PKCS#11 token with a key that never leaves it");
        for (String hash : List.of("SHA256", "SHA384", "SHA512")) {
            for (String alg : List.of("ECDSA", "RSA")) {
                String name = hash + "with" + alg;
                putService(new Service(this, "Signature", name, TokenSignatures.class.getName() + "$Spi", null, null) {
                    @Override
                    public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
                        return new Spi(hash, alg.equals("ECDSA") ? "EC" : "RSA");
                    }

                    @Override
                    public boolean supportsParameter(Object key) {
                        return key instanceof TokenKey;
                    }
                });
            }
        }
    }

    private static final class Spi extends SignatureSpi {
        private final MessageDigest digest;
        private final ASN1ObjectIdentifier digestOid;
        private final String keyAlgorithm;
        private TokenKey key;

        Spi(String hash, String keyAlgorithm) throws NoSuchAlgorithmException {
            String jca = "SHA-" + hash.substring(3);
            this.digest = MessageDigest.getInstance(jca);
            this.digestOid = switch (hash) {
                case "SHA256" -> NISTObjectIdentifiers.id_sha256;
                case "SHA384" -> NISTObjectIdentifiers.id_sha384;
                default -> NISTObjectIdentifiers.id_sha512;
            };
            this.keyAlgorithm = keyAlgorithm;
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            if (!(privateKey instanceof TokenKey k) || !k.getAlgorithm().equals(keyAlgorithm)) {
                throw new InvalidKeyException("expected a " + keyAlgorithm + " key in a PKCS#11 token");
            }
            key = k;
            digest.reset();
        }

        @Override
        protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
            throw new InvalidKeyException("this provider only signs; verify with the JDK's providers");
        }

        @Override
        protected void engineUpdate(byte b) {
            digest.update(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            if (key == null) {
                throw new SignatureException("not initialised for signing");
            }
            return key.signDigest(digest.digest(), digestOid);
        }

        @Override
        protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
            throw new SignatureException("this provider only signs");
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new InvalidParameterException("no parameters");
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new InvalidParameterException("no parameters");
        }
    }
}
