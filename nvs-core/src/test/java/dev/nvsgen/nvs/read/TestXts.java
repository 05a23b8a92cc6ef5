package dev.nvsgen.nvs.read;

import dev.nvsgen.nvs.EntryCipher;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A test-only XTS-AES-256 entry cipher (IEEE 1619), built on the JDK's AES/ECB/NoPadding, so that the
 * reader's tests need nothing from nvs-crypto. Key: the first 64 bytes of an nvs_keys file, data key then
 * tweak key; tweak: the entry's byte offset in the partition, little-endian in 16 bytes.
 */
public final class TestXts implements EntryCipher {
    private final SecretKeySpec dataKey;
    private final SecretKeySpec tweakKey;
    /** Tweak encryption, data encryption, data decryption; per thread, as Cipher objects are not thread-safe. */
    private final ThreadLocal<Cipher[]> ciphers = ThreadLocal.withInitial(this::ciphers);

    public TestXts(byte[] keysFile) {
        dataKey = new SecretKeySpec(Arrays.copyOfRange(keysFile, 0, 32), "AES");
        tweakKey = new SecretKeySpec(Arrays.copyOfRange(keysFile, 32, 64), "AES");
    }

    private Cipher[] ciphers() {
        try {
            Cipher[] c = new Cipher[3];
            for (int i = 0; i < 3; i++) {
                c[i] = Cipher.getInstance("AES/ECB/NoPadding");
            }
            c[0].init(Cipher.ENCRYPT_MODE, tweakKey);
            c[1].init(Cipher.ENCRYPT_MODE, dataKey);
            c[2].init(Cipher.DECRYPT_MODE, dataKey);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void encryptEntry(byte[] buf, int offset, long partitionOffset) {
        crypt(buf, offset, partitionOffset, Cipher.ENCRYPT_MODE);
    }

    @Override
    public void decryptEntry(byte[] buf, int offset, long partitionOffset) {
        crypt(buf, offset, partitionOffset, Cipher.DECRYPT_MODE);
    }

    private void crypt(byte[] buf, int offset, long partitionOffset, int mode) {
        try {
            Cipher[] c = ciphers.get();
            byte[] t = new byte[16];
            for (int i = 0; i < 8; i++) {
                t[i] = (byte) (partitionOffset >>> (8 * i));
            }
            t = c[0].doFinal(t);
            Cipher data = mode == Cipher.ENCRYPT_MODE ? c[1] : c[2];
            for (int block = 0; block < 2; block++) {
                int at = offset + 16 * block;
                byte[] x = new byte[16];
                for (int i = 0; i < 16; i++) {
                    x[i] = (byte) (buf[at + i] ^ t[i]);
                }
                x = data.doFinal(x);
                for (int i = 0; i < 16; i++) {
                    buf[at + i] = (byte) (x[i] ^ t[i]);
                }
                // Multiply the tweak by x in GF(2^128), little-endian byte order.
                int carry = (t[15] & 0x80) != 0 ? 0x87 : 0;
                for (int i = 15; i > 0; i--) {
                    t[i] = (byte) ((t[i] << 1) | ((t[i - 1] & 0xFF) >>> 7));
                }
                t[0] = (byte) ((t[0] << 1) ^ carry);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
