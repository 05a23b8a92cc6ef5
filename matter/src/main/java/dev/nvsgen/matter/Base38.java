package dev.nvsgen.matter;

/**
 * Base38 as the QR code payload uses it (Matter Core Specification 5.1.3.1): bytes in chunks of 3
 * (little-endian), each chunk as 5 digits (2 bytes: 4, 1 byte: 2), least significant digit first, over
 * the alphabet {@code 0-9 A-Z - .}, all in the QR code's alphanumeric mode.
 */
public final class Base38 {
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-.";
    private static final int[] CHARS_PER_CHUNK = {0, 2, 4, 5};

    private Base38() {}

    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length + 2) / 3 * 5);
        for (int i = 0; i < data.length; i += 3) {
            int n = Math.min(3, data.length - i);
            int value = 0;
            for (int j = 0; j < n; j++) {
                value |= (data[i + j] & 0xFF) << (8 * j);
            }
            for (int c = 0; c < CHARS_PER_CHUNK[n]; c++) {
                out.append(ALPHABET.charAt(value % 38));
                value /= 38;
            }
        }
        return out.toString();
    }

    /**
     * The bytes {@code text} encodes.
     *
     * @throws IllegalArgumentException for a character outside the alphabet, a length that no byte count
     *     gives, or a chunk whose value does not fit its bytes
     */
    public static byte[] decode(String text) {
        int full = text.length() / 5;
        int rest = text.length() % 5;
        if (rest != 0 && rest != 2 && rest != 4) {
            throw new IllegalArgumentException("Base38 text of " + text.length() + " characters is not whole chunks");
        }
        byte[] out = new byte[full * 3 + (rest == 0 ? 0 : rest / 2)];
        int pos = 0;
        for (int i = 0; i < text.length(); ) {
            int chars = Math.min(5, text.length() - i);
            int bytes = chars == 5 ? 3 : chars / 2;
            long value = 0;
            for (int c = chars - 1; c >= 0; c--) {
                int d = ALPHABET.indexOf(text.charAt(i + c));
                if (d < 0) {
                    throw new IllegalArgumentException(
                            "'" + text.charAt(i + c) + "' at " + (i + c) + " is not a Base38 character");
                }
                value = value * 38 + d;
            }
            if (value >= 1L << (8 * bytes)) {
                throw new IllegalArgumentException("Base38 chunk at " + i + " is too large for " + bytes + " bytes");
            }
            for (int j = 0; j < bytes; j++) {
                out[pos++] = (byte) (value >> (8 * j));
            }
            i += chars;
        }
        return out;
    }
}
