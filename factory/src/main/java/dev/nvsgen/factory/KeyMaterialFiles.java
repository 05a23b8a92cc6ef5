package dev.nvsgen.factory;

import dev.nvsgen.nvs.util.Crc32;
import dev.nvsgen.nvs.util.LittleEndian;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Recognises files that hold key material by their contents, so that no output ever replaces one, whatever
 * the flags: a lost CA key or keys partition cannot be made again, while an image can. Recognised:
 *
 * <ul>
 *   <li>a text file with PEM armour of a private key ({@code -----BEGIN … PRIVATE KEY-----}, encrypted or not) or of a
 *       certificate;
 *   <li>DER: one ASN.1 SEQUENCE spanning the whole file that starts with an INTEGER (PKCS#8, PKCS#1 and SEC1
 *       private keys, a PKCS#12 store) or with a SEQUENCE (a certificate, an encrypted PKCS#8 key);
 *   <li>an nvs_keys partition: 4096 bytes, 64 key bytes, their CRC32, then erased flash (0xFF);
 *   <li>a file of exactly 32 bytes, the size of an HMAC key file (an NVS image is never that small).
 * </ul>
 */
public final class KeyMaterialFiles {
    private static final int KEYS_PAGE = 4096;
    private static final int HEAD = 64 * 1024;
    private static final int HMAC_KEY_BYTES = 32;

    private KeyMaterialFiles() {}

    /**
     * What {@code file} holds when it is key material ("a PEM private key", "an nvs_keys partition"), or null
     * when it is not (or cannot be read: the write that follows will say so).
     */
    public static String describe(Path file) {
        long size;
        byte[] head;
        try {
            size = Files.size(file);
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(HEAD);
            }
        } catch (IOException e) {
            return null;
        }
        if (size == HMAC_KEY_BYTES) {
            return "32 bytes, the size of an HMAC key file";
        }
        if (size == KEYS_PAGE && isKeysPage(head)) {
            return "an nvs_keys partition (NVS encryption keys)";
        }
        String pem = pem(head);
        if (pem != null) {
            return pem;
        }
        return der(head, size);
    }

    /** PEM armour in a text file; an image that holds a PEM key among its entries is binary, not this. */
    private static String pem(byte[] head) {
        for (byte b : head) {
            int c = b & 0xFF;
            if (c < 0x09 || (c > 0x0D && c < 0x20) || c == 0xFF) {
                return null;
            }
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("-----BEGIN ");
        while (at >= 0) {
            int end = text.indexOf("-----", at + 11);
            if (end < 0) {
                return null;
            }
            String label = text.substring(at + 11, end);
            if (label.endsWith("PRIVATE KEY")) {
                return "a PEM private key";
            }
            if (label.endsWith("CERTIFICATE")) {
                return "a PEM certificate";
            }
            at = text.indexOf("-----BEGIN ", end);
        }
        return null;
    }

    /** One DER SEQUENCE (tag 0x30) whose definite length covers exactly the file, holding an INTEGER or SEQUENCE. */
    private static String der(byte[] head, long size) {
        if (head.length < 4 || head[0] != 0x30) {
            return null;
        }
        int first = head[1] & 0xFF;
        long length;
        int offset;
        if (first < 0x80) {
            length = first;
            offset = 2;
        } else {
            int n = first & 0x7F;
            if (n == 0 || n > 4 || head.length < 2 + n) {
                return null;
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = length << 8 | (head[2 + i] & 0xFF);
            }
            offset = 2 + n;
        }
        if (offset + length != size || offset >= head.length) {
            return null;
        }
        int inner = head[offset];
        if (inner == 0x02) {
            return "a DER private key or PKCS#12 store";
        }
        if (inner == 0x30) {
            return "a DER certificate or encrypted private key";
        }
        return null;
    }

    private static boolean isKeysPage(byte[] page) {
        if (page.length < KEYS_PAGE || LittleEndian.i32(page, 64) != Crc32.compute(page, 0, 64)) {
            return false;
        }
        for (int i = 68; i < KEYS_PAGE; i++) {
            if (page[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }
}
