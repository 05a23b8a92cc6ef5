package dev.nvsgen.securecert;

import java.security.SecureRandom;

/** A "random" source that hands out fixed bytes in order, as the cases pin os.urandom; fails when it runs out. */
final class PinnedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;
    private int next;

    PinnedRandom(byte[] bytes) {
        super(new byte[0]);
        this.bytes = bytes.clone();
    }

    @Override
    public synchronized void nextBytes(byte[] out) {
        if (next + out.length > bytes.length) {
            throw new AssertionError("asked for " + out.length + " random bytes, " + (bytes.length - next) + " left");
        }
        System.arraycopy(bytes, next, out, 0, out.length);
        next += out.length;
    }
}
