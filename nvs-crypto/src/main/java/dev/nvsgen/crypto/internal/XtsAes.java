package dev.nvsgen.crypto.internal;

import dev.nvsgen.nvs.NvsInputException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * XTS-AES (IEEE Std 1619, NIST SP 800-38E) on whole 16-byte blocks, built on the JDK's
 * {@code AES/ECB/NoPadding}: XTS-AES-256 for NVS (two 32-byte keys) and, for flash encryption,
 * XTS-AES-128 as well (two 16-byte keys).
 *
 * <p>A data unit of blocks P<sub>0</sub> … P<sub>n-1</sub> with tweak i (a 128-bit little-endian
 * number) is encrypted as T<sub>0</sub> = AES(tweak key, i), T<sub>j+1</sub> = T<sub>j</sub> · x in
 * GF(2<sup>128</sup>), C<sub>j</sub> = AES(data key, P<sub>j</sub> ⊕ T<sub>j</sub>) ⊕ T<sub>j</sub>.
 * Multiplying by x shifts the 16 bytes, read as a little-endian 128-bit number, left by one bit and
 * folds a bit that falls off the top back in as 0x87 on the lowest byte.
 *
 * <p>Units must be whole blocks: ciphertext stealing is left out because NVS only encrypts 32-byte
 * entries. Bouncy Castle's XTS class implements a different standard (DSTU 7624), hence our own.
 *
 * <p>Safe for concurrent use. A call borrows a set of {@link Cipher} objects and scratch buffers kept
 * from an earlier call (or makes new ones when another thread holds them), so a single-threaded caller
 * pays the cipher set-up once.
 */
public final class XtsAes {
    /** Bytes in each key of XTS-AES-256, the NVS scheme. */
    public static final int KEY_SIZE = 32;
    /** Bytes in each key of XTS-AES-128. */
    public static final int KEY_SIZE_128 = 16;

    public static final int BLOCK_SIZE = 16;

    private static final String TRANSFORMATION = "AES/ECB/NoPadding";
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** x^128 = x^7 + x^2 + x + 1: what the bit shifted out at the top adds back at the bottom. */
    private static final long REDUCTION = 0x87;
    /** Units per AES pass are capped at this many bytes, so the scratch buffers stay small. */
    private static final int MAX_PASS_BYTES = 16 * 1024;

    private final SecretKeySpec dataKey;
    private final SecretKeySpec tweakKey;
    private final boolean sameKeys;
    private final AtomicReference<Engine> idle = new AtomicReference<>();

    /** Both keys are 32 bytes (XTS-AES-256) or both 16 (XTS-AES-128); the arrays are copied. */
    public XtsAes(byte[] dataKey, byte[] tweakKey) {
        checkKey("data key", dataKey);
        checkKey("tweak key", tweakKey);
        if (dataKey.length != tweakKey.length) {
            throw new IllegalArgumentException("XTS-AES data key of " + dataKey.length + " bytes and tweak key of "
                    + tweakKey.length + " bytes; both must be the same size");
        }
        this.dataKey = new SecretKeySpec(dataKey, "AES");
        this.tweakKey = new SecretKeySpec(tweakKey, "AES");
        this.sameKeys = MessageDigest.isEqual(dataKey, tweakKey);
    }

    private static void checkKey(String what, byte[] key) {
        Objects.requireNonNull(key, what);
        if (key.length != KEY_SIZE && key.length != KEY_SIZE_128) {
            throw new IllegalArgumentException("XTS-AES " + what + " must be " + KEY_SIZE + " bytes (AES-256) or "
                    + KEY_SIZE_128 + " (AES-128), not " + key.length);
        }
    }

    /** Encrypts the {@code length} bytes at {@code buf[offset]} in place, with the tweak {@code tweakHigh:tweakLow}. */
    public void encrypt(byte[] buf, int offset, int length, long tweakLow, long tweakHigh) {
        one(true, buf, offset, length, tweakLow, tweakHigh);
    }

    /** Decrypts the {@code length} bytes at {@code buf[offset]} in place, with the tweak {@code tweakHigh:tweakLow}. */
    public void decrypt(byte[] buf, int offset, int length, long tweakLow, long tweakHigh) {
        one(false, buf, offset, length, tweakLow, tweakHigh);
    }

    /**
     * Encrypts {@code count} data units of {@code unitLength} bytes in place: unit k at
     * {@code buf[offsets[k]]} with tweak {@code tweaks[k]} (the tweak's upper 64 bits are zero). Doing
     * many units per call lets AES run over all of them at once, which is what makes whole images fast.
     */
    public void encryptUnits(byte[] buf, int[] offsets, long[] tweaks, int count, int unitLength) {
        units(true, buf, offsets, tweaks, count, unitLength);
    }

    /** The inverse of {@link #encryptUnits}. */
    public void decryptUnits(byte[] buf, int[] offsets, long[] tweaks, int count, int unitLength) {
        units(false, buf, offsets, tweaks, count, unitLength);
    }

    private void one(boolean encrypt, byte[] buf, int offset, int length, long tweakLow, long tweakHigh) {
        checkUnit(buf, offset, length);
        Engine e = borrow();
        try {
            e.oneOffset[0] = offset;
            e.oneTweak[0] = tweakLow;
            pass(e, encrypt, buf, e.oneOffset, e.oneTweak, 0, 1, length, tweakHigh);
        } finally {
            release(e);
        }
    }

    private void units(boolean encrypt, byte[] buf, int[] offsets, long[] tweaks, int count, int unitLength) {
        if (count < 0 || count > offsets.length || count > tweaks.length) {
            throw new IllegalArgumentException(
                    "count " + count + " for " + offsets.length + " offsets and " + tweaks.length + " tweaks");
        }
        for (int k = 0; k < count; k++) {
            checkUnit(buf, offsets[k], unitLength);
        }
        int perPass = Math.max(1, MAX_PASS_BYTES / unitLength);
        Engine e = borrow();
        try {
            for (int from = 0; from < count; from += perPass) {
                pass(e, encrypt, buf, offsets, tweaks, from, Math.min(count, from + perPass), unitLength, 0);
            }
        } finally {
            release(e);
        }
    }

    private static void checkUnit(byte[] buf, int offset, int length) {
        if (length <= 0 || length % BLOCK_SIZE != 0) {
            throw new IllegalArgumentException(
                    "XTS data unit of " + length + " bytes; only whole 16-byte blocks are supported");
        }
        Objects.checkFromIndexSize(offset, length, buf.length);
    }

    /** Units {@code from} (inclusive) to {@code to} (exclusive): one AES pass for the tweaks, one for the data. */
    private void pass(
            Engine e,
            boolean encrypt,
            byte[] buf,
            int[] offsets,
            long[] tweaks,
            int from,
            int to,
            int unitLength,
            long tweakHigh) {
        if (encrypt && sameKeys) {
            // OpenSSL, and so the reference generator, refuse this too: equal keys void XTS's security proof.
            throw new NvsInputException("the XTS data key and tweak key are identical; encryption needs two different"
                    + " keys (IEEE 1619)");
        }
        int count = to - from;
        int tweakBytes = count * BLOCK_SIZE;
        int dataBytes = count * unitLength;
        e.reserve(tweakBytes, dataBytes);
        byte[] t = e.tweaks;
        byte[] masks = e.masks;
        byte[] work = e.work;
        try {
            for (int k = 0; k < count; k++) {
                LONGS.set(t, k * BLOCK_SIZE, tweaks[from + k]);
                LONGS.set(t, k * BLOCK_SIZE + 8, tweakHigh);
            }
            e.tweakCipher.update(t, 0, tweakBytes, t, 0);
            int p = 0;
            for (int k = 0; k < count; k++) {
                long lo = (long) LONGS.get(t, k * BLOCK_SIZE);
                long hi = (long) LONGS.get(t, k * BLOCK_SIZE + 8);
                int src = offsets[from + k];
                for (int j = 0; j < unitLength; j += BLOCK_SIZE, p += BLOCK_SIZE) {
                    LONGS.set(masks, p, lo);
                    LONGS.set(masks, p + 8, hi);
                    LONGS.set(work, p, lo ^ (long) LONGS.get(buf, src + j));
                    LONGS.set(work, p + 8, hi ^ (long) LONGS.get(buf, src + j + 8));
                    long carry = hi >> 63; // all ones when the top bit is set
                    hi = (hi << 1) | (lo >>> 63);
                    lo = (lo << 1) ^ (carry & REDUCTION);
                }
            }
            (encrypt ? e.dataEncrypt : e.dataDecrypt).update(work, 0, dataBytes, work, 0);
            p = 0;
            for (int k = 0; k < count; k++) {
                int dst = offsets[from + k];
                for (int j = 0; j < unitLength; j += 8, p += 8) {
                    LONGS.set(buf, dst + j, (long) LONGS.get(work, p) ^ (long) LONGS.get(masks, p));
                }
            }
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES/ECB/NoPadding failed on whole blocks", ex);
        } finally {
            // Decryption leaves plaintext ⊕ mask in the scratch buffers; don't keep it lying around.
            Arrays.fill(t, 0, tweakBytes, (byte) 0);
            Arrays.fill(work, 0, dataBytes, (byte) 0);
            Arrays.fill(masks, 0, dataBytes, (byte) 0);
        }
    }

    private Engine borrow() {
        Engine e = idle.getAndSet(null);
        return e != null ? e : new Engine();
    }

    private void release(Engine e) {
        idle.set(e);
    }

    /** The ciphers and scratch buffers one call works with; used by one thread at a time. */
    private final class Engine {
        final Cipher tweakCipher;
        final Cipher dataEncrypt;
        final Cipher dataDecrypt;
        final int[] oneOffset = new int[1];
        final long[] oneTweak = new long[1];
        byte[] tweaks = new byte[0];
        byte[] masks = new byte[0];
        byte[] work = new byte[0];

        Engine() {
            try {
                tweakCipher = Cipher.getInstance(TRANSFORMATION);
                tweakCipher.init(Cipher.ENCRYPT_MODE, tweakKey);
                dataEncrypt = Cipher.getInstance(TRANSFORMATION);
                dataEncrypt.init(Cipher.ENCRYPT_MODE, dataKey);
                dataDecrypt = Cipher.getInstance(TRANSFORMATION);
                dataDecrypt.init(Cipher.DECRYPT_MODE, dataKey);
            } catch (GeneralSecurityException ex) {
                throw new IllegalStateException("this Java runtime cannot do " + TRANSFORMATION, ex);
            }
        }

        void reserve(int tweakBytes, int dataBytes) {
            if (tweaks.length < tweakBytes) {
                tweaks = new byte[tweakBytes];
            }
            if (work.length < dataBytes) {
                masks = new byte[dataBytes];
                work = new byte[dataBytes];
            }
        }
    }
}
