package dev.nvsgen.crypto.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Random;
import org.bouncycastle.operator.ContentSigner;
import org.junit.jupiter.api.Test;

/** {@link P256} against the JDK's SunEC: each side verifies what the other signs; keys are the JDK's own. */
class P256Test {
    private static final long SEED = 20261201L;

    @Test
    void generatedKeysAreTheJdksKeyObjectsAndSignLikeThem() throws Exception {
        KeyPairGenerator jdk = KeyPairGenerator.getInstance("EC");
        jdk.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair reference = jdk.generateKeyPair();
        Random seeded = new Random(SEED);
        for (int i = 0; i < 20; i++) {
            KeyPair pair = P256.generate(new SecureRandom());
            assertEquals(reference.getPrivate().getClass(), pair.getPrivate().getClass());
            assertEquals(reference.getPublic().getClass(), pair.getPublic().getClass());
            assertEquals(reference.getPrivate().getFormat(), pair.getPrivate().getFormat());
            assertEquals(
                    reference.getPrivate().getEncoded().length,
                    pair.getPrivate().getEncoded().length);
            byte[] message = new byte[1 + seeded.nextInt(400)];
            seeded.nextBytes(message);
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(pair.getPrivate());
            s.update(message);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(pair.getPublic());
            v.update(message);
            assertTrue(v.verify(signature), "the public key belongs to the private key (seed " + SEED + ")");
            assertTrue(P256.verify((ECPublicKey) pair.getPublic(), message, signature));
        }
    }

    @Test
    void signerMakesSignaturesTheJdkVerifiesAndIsReusable() throws Exception {
        KeyPair ca = P256.generate(new SecureRandom());
        ContentSigner signer = P256.signer((ECPrivateKey) ca.getPrivate(), new SecureRandom());
        Random seeded = new Random(SEED);
        for (int i = 0; i < 20; i++) {
            byte[] message = new byte[1 + seeded.nextInt(600)];
            seeded.nextBytes(message);
            signer.getOutputStream().write(message);
            byte[] signature = signer.getSignature();
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(ca.getPublic());
            v.update(message);
            assertTrue(v.verify(signature), "signature " + i + " (seed " + SEED + ")");
        }
        assertArrayEquals(
                new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                                org.bouncycastle.asn1.x9.X9ObjectIdentifiers.ecdsa_with_SHA256)
                        .getEncoded(),
                signer.getAlgorithmIdentifier().getEncoded());
    }

    @Test
    void verifyRefusesAnotherMessageKeyOrDamagedSignature() throws Exception {
        KeyPair pair = P256.generate(new SecureRandom());
        KeyPair other = P256.generate(new SecureRandom());
        byte[] message = "to be signed".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(pair.getPrivate());
        s.update(message);
        byte[] signature = s.sign();
        assertTrue(P256.verify((ECPublicKey) pair.getPublic(), message, signature));
        assertFalse(P256.verify((ECPublicKey) other.getPublic(), message, signature));
        byte[] changed = message.clone();
        changed[0] ^= 1;
        assertFalse(P256.verify((ECPublicKey) pair.getPublic(), changed, signature));
        byte[] damaged = signature.clone();
        damaged[damaged.length - 1] ^= 1;
        assertFalse(P256.verify((ECPublicKey) pair.getPublic(), message, damaged));
        assertFalse(P256.verify((ECPublicKey) pair.getPublic(), message, new byte[] {0x30, 0x00}));
    }

    @Test
    void onlyP256KeysTakeThisPath() throws Exception {
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        assertTrue(P256.isP256(P256.generate(new SecureRandom()).getPrivate()));
        assertFalse(P256.isP256(p384.generateKeyPair().getPrivate()));
        assertFalse(P256.isP256(rsa.generateKeyPair().getPublic()));
    }
}
