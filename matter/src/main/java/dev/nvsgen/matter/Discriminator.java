package dev.nvsgen.matter;

import java.security.SecureRandom;

/**
 * A 12-bit discriminator (Matter Core Specification 5.1.1.5), 0 to 4095, which tells devices in
 * commissioning mode apart; the manual pairing code carries its upper 4 bits (the short discriminator).
 */
public record Discriminator(int value) {
    public static final int MAX = 0xFFF;

    public Discriminator {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException(
                    "discriminator " + value + " is out of range: it has 12 bits, 0 to 4095 (0xFFF)");
        }
    }

    /** A uniformly random discriminator. */
    public static Discriminator random(SecureRandom random) {
        return new Discriminator(random.nextInt(MAX + 1));
    }

    /** The upper 4 bits, which the manual pairing code and on-network discovery's short form carry. */
    public int shortValue() {
        return value >> 8;
    }
}
