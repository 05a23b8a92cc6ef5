package dev.nvsgen.crypto.internal.pkcs11;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * A private key that stays in a PKCS#11 token: a handle, signed with in the token. It has no encoding
 * ({@link #getEncoded()} is null) because nvsgen never asks the token for the key's value. Thread-safe:
 * each signature uses a session of its own from a small pool, so every core can keep the token busy.
 */
public final class TokenKey implements PrivateKey {
    private static final long serialVersionUID = 1L;

    private final transient Cryptoki cryptoki;
    private final long slot;
    private final long handle;
    private final String algorithm;
    private final String description;
    private final boolean sensitive;
    private final boolean extractable;
    private final transient ConcurrentLinkedQueue<Long> sessions = new ConcurrentLinkedQueue<>();

    TokenKey(
            Cryptoki cryptoki,
            long slot,
            long handle,
            String algorithm,
            String description,
            boolean sensitive,
            boolean extractable,
            long firstSession) {
        this.cryptoki = cryptoki;
        this.slot = slot;
        this.handle = handle;
        this.algorithm = algorithm;
        this.description = description;
        this.sensitive = sensitive;
        this.extractable = extractable;
        sessions.add(firstSession);
    }

    /** {@code EC} or {@code RSA}. */
    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    /** Null: the key's value never leaves the token. */
    @Override
    public String getFormat() {
        return null;
    }

    /** Null: the key's value never leaves the token. */
    @Override
    public byte[] getEncoded() {
        return null;
    }

    /** The token's CKA_SENSITIVE: the key's value cannot be read in the clear. */
    public boolean sensitive() {
        return sensitive;
    }

    /** The token's CKA_EXTRACTABLE: the key could be exported wrapped (nvsgen never does). */
    public boolean extractable() {
        return extractable;
    }

    /**
     * Signs the digest {@code hash} of a message, computed with {@code digestOid}: ECDSA (DER-encoded
     * signature) or RSA PKCS#1 v1.5, as {@code SHA256withECDSA} / {@code SHA256withRSA} would.
     */
    byte[] signDigest(byte[] hash, ASN1ObjectIdentifier digestOid) throws SignatureException {
        Long session = sessions.poll();
        boolean healthy = false;
        try {
            if (session == null) {
                session = cryptoki.openSession(slot);
            }
            byte[] out;
            if (algorithm.equals("EC")) {
                out = ecdsaDer(cryptoki.sign(session, Cryptoki.CKM_ECDSA, handle, hash));
            } else {
                byte[] digestInfo = new DigestInfo(new AlgorithmIdentifier(digestOid, DERNull.INSTANCE), hash)
                        .getEncoded(ASN1Encoding.DER);
                out = cryptoki.sign(session, Cryptoki.CKM_RSA_PKCS, handle, digestInfo);
            }
            healthy = true;
            return out;
        } catch (Cryptoki.Pkcs11Error e) {
            throw new SignatureException("the token refused to sign with " + description + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SignatureException("cannot encode a signature", e);
        } finally {
            if (session != null) {
                if (healthy) {
                    sessions.add(session);
                } else {
                    cryptoki.closeSession(session);
                }
            }
        }
    }

    /** PKCS#11 gives ECDSA signatures as r || s, each half as long; X.509 wants SEQUENCE { r, s }. */
    private static byte[] ecdsaDer(byte[] raw) throws IOException {
        int half = raw.length / 2;
        ASN1EncodableVector v = new ASN1EncodableVector(2);
        v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, half))));
        v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, half, raw.length))));
        return new DERSequence(v).getEncoded(ASN1Encoding.DER);
    }

    @Override
    public String toString() {
        return "TokenKey[" + description + ", " + algorithm + ", in the token]";
    }
}
