package dev.nvsgen.crypto.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * One DRBG per thread. The default {@code NativePRNG} serialises every thread on one lock around
 * {@code /dev/urandom}; a batch run generates keys on every core, so each thread gets its own generator,
 * seeded from the system's entropy. Device keys, NVS keys and certificate serials all draw on it.
 */
public final class Randomness {
    private static final ThreadLocal<SecureRandom> PER_THREAD = ThreadLocal.withInitial(Randomness::create);

    private Randomness() {}

    /** This thread's generator. */
    public static SecureRandom current() {
        return PER_THREAD.get();
    }

    private static SecureRandom create() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
