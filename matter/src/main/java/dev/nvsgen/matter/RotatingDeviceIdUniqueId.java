package dev.nvsgen.matter;

import dev.nvsgen.nvs.Bytes;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The Rotating Device Identifier's unique ID (Matter Core Specification 5.4.2.4.1): at least 128 bits,
 * fixed at manufacture, from which a device derives the rotating identifier it advertises. nvsgen and
 * esp-matter-mfg-tool make and take 16 bytes (32 hex digits); stored as an NVS blob.
 */
public final class RotatingDeviceIdUniqueId {
    public static final int LENGTH = 16;

    private final Bytes bytes;

    private RotatingDeviceIdUniqueId(Bytes bytes) {
        this.bytes = bytes;
    }

    /**
     * The unique ID written as 32 hex digits.
     *
     * @throws IllegalArgumentException for other text
     */
    public static RotatingDeviceIdUniqueId parseHex(String hex) {
        if (hex.length() != 2 * LENGTH || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException(
                    "the rotating device ID unique ID must be 32 hex digits (128 bits), was '" + hex + "'");
        }
        return new RotatingDeviceIdUniqueId(Bytes.of(HexFormat.of().parseHex(hex)));
    }

    public static RotatingDeviceIdUniqueId random(SecureRandom random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new RotatingDeviceIdUniqueId(Bytes.of(b));
    }

    public Bytes bytes() {
        return bytes;
    }

    /** Lower-case hex, as the factory CSVs hold it. */
    public String hex() {
        return bytes.hex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RotatingDeviceIdUniqueId r && r.bytes.equals(bytes);
    }

    @Override
    public int hashCode() {
        return bytes.hashCode();
    }

    @Override
    public String toString() {
        return "RotatingDeviceIdUniqueId[" + hex() + "]";
    }
}
