package dev.nvsgen.matter;

import java.security.SecureRandom;
import java.util.Set;

/**
 * A setup passcode (Matter Core Specification 5.1.7.1): 27 bits, 00000001 to 99999998, none of the
 * trivial values 00000000, 11111111 … 99999999, 12345678, 87654321. It opens the device to whoever holds
 * it, so it is handled as key material: {@code toString} never shows it, and its digits leave only
 * through {@link #reveal()}.
 */
public final class Passcode {
    /** The smallest and largest passcode the specification allows. */
    public static final int MIN = 1;

    public static final int MAX = 99_999_998;

    private static final Set<Integer> TRIVIAL = Set.of(
            0, 11111111, 22222222, 33333333, 44444444, 55555555, 66666666, 77777777, 88888888, 99999999, 12345678,
            87654321);

    private final int value;

    private Passcode(int value) {
        this.value = value;
    }

    /**
     * The passcode {@code value}.
     *
     * @throws IllegalArgumentException for a value out of range or on the specification's invalid list
     *     (the message does not repeat a value in range: it may be a real device's passcode)
     */
    public static Passcode of(long value) {
        if (value < MIN || value > MAX) {
            throw new IllegalArgumentException(
                    "passcode " + value + " is out of range: the Matter specification allows 1 to 99999998");
        }
        if (TRIVIAL.contains((int) value)) {
            throw new IllegalArgumentException("passcode " + String.format("%08d", value)
                    + " is on the Matter specification's list of invalid passcodes (00000000, 11111111 … 99999999,"
                    + " 12345678, 87654321)");
        }
        return new Passcode((int) value);
    }

    /** Whether {@code value} is a passcode the specification allows. */
    public static boolean isValid(long value) {
        return value >= MIN && value <= MAX && !TRIVIAL.contains((int) value);
    }

    /** A uniformly random valid passcode: drawn from 1 … 99999998 again until it is not an invalid one. */
    public static Passcode random(SecureRandom random) {
        while (true) {
            int v = MIN + random.nextInt(MAX - MIN + 1);
            if (!TRIVIAL.contains(v)) {
                return new Passcode(v);
            }
        }
    }

    /** The passcode's number, for the onboarding codes and the SPAKE2+ verifier; handle it as the secret it is. */
    public int reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Passcode[redacted]";
    }
}
