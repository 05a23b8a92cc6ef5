package dev.nvsgen.partitions.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The running MD5 the partition table's MD5 row holds: a checksum against corruption, not a security measure. */
final class Md5 {
    private final MessageDigest md;

    Md5() {
        try {
            md = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no MD5, which partition tables need", e);
        }
    }

    void update(byte[] data, int offset, int length) {
        md.update(data, offset, length);
    }

    /** The digest of everything so far; the running state is kept for further updates. */
    byte[] current() {
        try {
            return ((MessageDigest) md.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("MD5 implementation cannot be cloned", e);
        }
    }

    static byte[] digest(byte[] data, int offset, int length) {
        Md5 m = new Md5();
        m.update(data, offset, length);
        return m.current();
    }
}
