package dev.nvsgen.crypto;

import dev.nvsgen.crypto.internal.Randomness;
import java.security.SecureRandom;

/**
 * One DRBG per thread, for code that makes keys on every core at once (a batch): the default
 * {@code NativePRNG} would serialise the threads on one lock. What this module's own key and serial
 * generation draws on.
 */
public final class ThreadRandom {
    private ThreadRandom() {}

    /** This thread's generator; never share it with another thread. */
    public static SecureRandom current() {
        return Randomness.current();
    }
}
