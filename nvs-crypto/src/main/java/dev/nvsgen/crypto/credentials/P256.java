package dev.nvsgen.crypto.credentials;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.operator.ContentSigner;

/**
 * EC P-256 key generation, SHA256withECDSA signing and verification on Bouncy Castle's P-256 arithmetic
 * (its lightweight API: no provider is made or installed), with {@code java.security} keys in and out.
 *
 * <p>Why: on JDK 17, SunEC's P-256 takes about 4 times as long to generate a key or sign, and 5 to 7
 * times as long to verify, as Bouncy Castle's dedicated curve ({@code EcdsaLimitBenchmark},
 * bench/README.md); a batch spends most of its time there. On JDK 25 the two are about even. Keys come out
 * as the JDK's own key objects, so their encodings are exactly what SunEC's generator gives.
 *
 * <p>Used only for software keys on P-256 with SHA-256; anything else (other curves, RSA, a CA key in a
 * token) goes through the JCA as before. Bouncy Castle's fixed-point comb multiplier is regular but not
 * audited as constant-time the way SunEC's P-256 code is; nvsgen runs on a provisioning host, not beside
 * an attacker's code.
 */
final class P256 {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);
    /** The curve as the JDK names it, for its key objects. */
    private static final ECParameterSpec JDK_PARAMS = jdkParams();

    private static final AlgorithmIdentifier ECDSA_SHA256 =
            new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);

    private static final ThreadLocal<KeyFactory> KEY_FACTORY = ThreadLocal.withInitial(P256::keyFactory);

    private P256() {}

    /** True when {@code key} is an EC key on P-256 whose numbers this class can use. */
    static boolean isP256(java.security.Key key) {
        return key instanceof ECKey ec
                && ec.getParams() != null
                && ec.getParams().getCurve().equals(JDK_PARAMS.getCurve())
                && ec.getParams().getGenerator().equals(JDK_PARAMS.getGenerator())
                && (key instanceof ECPublicKey || (key instanceof ECPrivateKey p && p.getS() != null));
    }

    /** A fresh key pair, as JDK key objects. */
    static java.security.KeyPair generate(SecureRandom random) {
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(DOMAIN, random));
        AsymmetricCipherKeyPair pair = g.generateKeyPair();
        BigInteger d = ((ECPrivateKeyParameters) pair.getPrivate()).getD();
        org.bouncycastle.math.ec.ECPoint q =
                ((ECPublicKeyParameters) pair.getPublic()).getQ().normalize();
        try {
            KeyFactory f = KEY_FACTORY.get();
            PrivateKey privateKey = f.generatePrivate(new ECPrivateKeySpec(d, JDK_PARAMS));
            PublicKey publicKey = f.generatePublic(new ECPublicKeySpec(
                    new ECPoint(
                            q.getAffineXCoord().toBigInteger(),
                            q.getAffineYCoord().toBigInteger()),
                    JDK_PARAMS));
            return new java.security.KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK refuses a P-256 key", e);
        }
    }

    /**
     * A SHA256withECDSA signer for {@code key} (a P-256 key, {@link #isP256}): one per thread, reusable,
     * like the JCA's. Signatures are DER-encoded, with a random {@code k} from {@code random}.
     */
    static ContentSigner signer(ECPrivateKey key, SecureRandom random) {
        ECPrivateKeyParameters params = new ECPrivateKeyParameters(key.getS(), DOMAIN);
        return new ContentSigner() {
            private final ByteArrayOutputStream tbs = new ByteArrayOutputStream(512);

            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return ECDSA_SHA256;
            }

            @Override
            public OutputStream getOutputStream() {
                return tbs;
            }

            @Override
            public byte[] getSignature() {
                byte[] hash = sha256(tbs.toByteArray());
                tbs.reset();
                ECDSASigner s = new ECDSASigner();
                s.init(true, new ParametersWithRandom(params, random));
                BigInteger[] rs = s.generateSignature(hash);
                try {
                    return StandardDSAEncoding.INSTANCE.encode(DOMAIN.getN(), rs[0], rs[1]);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("cannot encode an ECDSA signature", e);
                }
            }
        };
    }

    /** Whether {@code signature} (DER) is {@code key}'s SHA256withECDSA signature of {@code message}. */
    static boolean verify(ECPublicKey key, byte[] message, byte[] signature) {
        BigInteger[] rs;
        try {
            rs = StandardDSAEncoding.INSTANCE.decode(DOMAIN.getN(), signature);
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        }
        org.bouncycastle.math.ec.ECPoint q;
        try {
            q = CURVE.getCurve()
                    .validatePoint(key.getW().getAffineX(), key.getW().getAffineY());
        } catch (IllegalArgumentException e) {
            return false;
        }
        ECDSASigner s = new ECDSASigner();
        s.init(false, new ECPublicKeyParameters(q, DOMAIN));
        return s.verifySignature(sha256(message), rs[0], rs[1]);
    }

    private static byte[] sha256(byte[] data) {
        Digest d = new SHA256Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }

    private static KeyFactory keyFactory() {
        try {
            return KeyFactory.getInstance("EC");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has EC keys", e);
        }
    }

    private static ECParameterSpec jdkParams() {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has P-256", e);
        }
    }
}
