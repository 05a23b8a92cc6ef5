package dev.nvsgen.nvs;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * A value stored under a key: an integer of one of eight widths, a {@code float} or {@code double}, a
 * string or a blob. Immutable.
 */
public sealed interface NvsValue
        permits NvsValue.IntValue, NvsValue.FloatValue, NvsValue.DoubleValue, NvsValue.StringValue, NvsValue.BlobValue {

    NvsType type();

    /**
     * The string's text.
     *
     * @throws IllegalStateException if this is not a string (the message says what it is)
     */
    default String asString() {
        if (this instanceof StringValue s) {
            return s.text();
        }
        throw notA("a string");
    }

    /**
     * A copy of the blob's bytes.
     *
     * @throws IllegalStateException if this is not a blob
     */
    default byte[] asBytes() {
        if (this instanceof BlobValue b) {
            return b.data().toByteArray();
        }
        throw notA("a blob");
    }

    /**
     * The integer, for every integer type but {@code u64} above {@link Long#MAX_VALUE} (use {@link
     * IntValue#bigValue()} for those).
     *
     * @throws IllegalStateException if this is not an integer, or a {@code u64} that a long cannot hold
     */
    default long asLong() {
        if (this instanceof IntValue i) {
            if (i.type() == NvsType.U64 && i.value() < 0) {
                throw new IllegalStateException(
                        "the u64 " + Long.toUnsignedString(i.value()) + " does not fit a long; use bigValue()");
            }
            return i.value();
        }
        throw notA("an integer");
    }

    /**
     * The integer as an int.
     *
     * @throws IllegalStateException if this is not an integer or does not fit an int
     */
    default int asInt() {
        long v = asLong();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalStateException("the " + type().csvName() + " " + v + " does not fit an int");
        }
        return (int) v;
    }

    /**
     * The {@code float} or {@code double} as a double (a float widens exactly).
     *
     * @throws IllegalStateException if this is neither
     */
    default double asDouble() {
        if (this instanceof FloatValue f) {
            return Float.intBitsToFloat(f.bits());
        }
        if (this instanceof DoubleValue d) {
            return Double.longBitsToDouble(d.bits());
        }
        throw notA("a float or double");
    }

    private IllegalStateException notA(String wanted) {
        return new IllegalStateException("the value is a " + type().csvName() + ", not " + wanted);
    }

    static IntValue u8(int v) {
        return new IntValue(NvsType.U8, v);
    }

    static IntValue i8(int v) {
        return new IntValue(NvsType.I8, v);
    }

    static IntValue u16(int v) {
        return new IntValue(NvsType.U16, v);
    }

    static IntValue i16(int v) {
        return new IntValue(NvsType.I16, v);
    }

    static IntValue u32(long v) {
        return new IntValue(NvsType.U32, v);
    }

    static IntValue i32(int v) {
        return new IntValue(NvsType.I32, v);
    }

    /** An unsigned 64-bit value given by its bits: {@code -1L} is 18446744073709551615. */
    static IntValue u64(long bits) {
        return new IntValue(NvsType.U64, bits);
    }

    static IntValue i64(long v) {
        return new IntValue(NvsType.I64, v);
    }

    /** An integer of {@code type}, checked against the type's range. */
    static IntValue integer(NvsType type, BigInteger value) {
        if (!IntValue.fits(type, value)) {
            throw new IllegalArgumentException(value + " is out of range for " + type.csvName() + " ("
                    + IntValue.min(type) + " to " + IntValue.max(type) + ")");
        }
        return new IntValue(type, value.longValue());
    }

    /** An integer of {@code type} other than {@link NvsType#U64}, checked against the type's range. */
    static IntValue integer(NvsType type, long value) {
        if (type == NvsType.U64 ? value < 0 : value < IntValue.minLong(type) || value > IntValue.maxLong(type)) {
            throw new IllegalArgumentException(value + " is out of range for " + type.csvName() + " ("
                    + IntValue.min(type) + " to " + IntValue.max(type) + ")");
        }
        return new IntValue(type, value);
    }

    /** A {@code float}; a NaN keeps the payload it has. */
    static FloatValue f32(float v) {
        return new FloatValue(Float.floatToRawIntBits(v));
    }

    /** A {@code float} given by its IEEE 754 bits. */
    static FloatValue f32Bits(int bits) {
        return new FloatValue(bits);
    }

    /** A {@code double}; a NaN keeps the payload it has. */
    static DoubleValue f64(double v) {
        return new DoubleValue(Double.doubleToRawLongBits(v));
    }

    /** A {@code double} given by its IEEE 754 bits. */
    static DoubleValue f64Bits(long bits) {
        return new DoubleValue(bits);
    }

    /**
     * A string, stored as UTF-8.
     *
     * @throws NvsInputException for text that UTF-8 cannot encode (an unpaired surrogate), which Java's
     *     encoder would silently store as {@code ?}
     */
    static StringValue string(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new NvsInputException(String.format(
                        "string value is not valid text: an unpaired surrogate U+%04X at index %d cannot be"
                                + " stored as UTF-8",
                        (int) c, i));
            }
        }
        return new StringValue(Bytes.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    static BlobValue blob(byte... data) {
        return new BlobValue(Bytes.of(data));
    }

    static BlobValue blob(Bytes data) {
        return new BlobValue(data);
    }

    /**
     * A string that is a secret (a private key's PEM, say): stored as {@link #string} stores it, equal to
     * the same text given there, but its {@code toString} never shows the text, so that no log, exception
     * or debugger view of an entry prints it.
     */
    static StringValue secretString(String text) {
        return new StringValue(Bytes.wrap(text.getBytes(StandardCharsets.UTF_8)), true);
    }

    /** A blob that is a secret (a private key's DER, say): as {@link #secretString}, for bytes. */
    static BlobValue secretBlob(byte... data) {
        return new BlobValue(Bytes.of(data), true);
    }

    /**
     * An integer. {@code value} holds the number itself for every type but {@link NvsType#U64}, where it
     * holds the 64 bits (read it with {@link Long#toUnsignedString(long)} or {@link #bigValue()}).
     */
    record IntValue(NvsType type, long value) implements NvsValue {
        public IntValue {
            if (!type.isInteger()) {
                throw new IllegalArgumentException(type + " is not an integer type");
            }
            if (type != NvsType.U64 && (value < minLong(type) || value > maxLong(type))) {
                throw new IllegalArgumentException(
                        value + " is out of range for " + type.csvName() + " (" + min(type) + " to " + max(type) + ")");
            }
        }

        public BigInteger bigValue() {
            return type == NvsType.U64 ? new BigInteger(Long.toUnsignedString(value)) : BigInteger.valueOf(value);
        }

        /** The smallest value of a type other than U64, as a long. */
        static long minLong(NvsType type) {
            return type.isSigned() ? -(1L << (type.width() * 8 - 1)) : 0;
        }

        /** The largest value of a type other than U64, as a long. */
        static long maxLong(NvsType type) {
            return type.isSigned() ? (1L << (type.width() * 8 - 1)) - 1 : (1L << (type.width() * 8)) - 1;
        }

        static BigInteger min(NvsType type) {
            return type.isSigned()
                    ? BigInteger.ONE.shiftLeft(type.width() * 8 - 1).negate()
                    : BigInteger.ZERO;
        }

        static BigInteger max(NvsType type) {
            int bits = type.isSigned() ? type.width() * 8 - 1 : type.width() * 8;
            return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        }

        static boolean fits(NvsType type, BigInteger value) {
            return value.compareTo(min(type)) >= 0 && value.compareTo(max(type)) <= 0;
        }

        @Override
        public String toString() {
            return type.csvName() + " " + (type == NvsType.U64 ? Long.toUnsignedString(value) : Long.toString(value));
        }
    }

    /**
     * A {@code float} ({@code nvs_set_float}), held as its bits: two values are equal when their bits are,
     * so {@code -0.0} differs from {@code 0.0} and each NaN payload is its own value, as on flash.
     */
    record FloatValue(int bits) implements NvsValue {
        @Override
        public NvsType type() {
            return NvsType.FLOAT;
        }

        /** The number; prefer {@link #bits()} where a NaN's payload matters (a JVM may quiet a signalling NaN). */
        public float value() {
            return Float.intBitsToFloat(bits);
        }

        /** The value's text form ({@link FloatText}), which reads back to the same bits. */
        public String text() {
            return FloatText.formatFloat(bits);
        }

        @Override
        public String toString() {
            return "float " + text();
        }
    }

    /** A {@code double} ({@code nvs_set_double}), held as its bits: equal when the bits are. */
    record DoubleValue(long bits) implements NvsValue {
        @Override
        public NvsType type() {
            return NvsType.DOUBLE;
        }

        /** The number; prefer {@link #bits()} where a NaN's payload matters (a JVM may quiet a signalling NaN). */
        public double value() {
            return Double.longBitsToDouble(bits);
        }

        /** The value's text form ({@link FloatText}), which reads back to the same bits. */
        public String text() {
            return FloatText.formatDouble(bits);
        }

        @Override
        public String toString() {
            return "double " + text();
        }
    }

    /**
     * A string, held as its UTF-8 bytes without the terminating NUL that NVS stores after it.
     *
     * @param secret whether the text is a secret that {@link #toString} must not show; not part of equality
     */
    record StringValue(Bytes utf8, boolean secret) implements NvsValue {
        public StringValue(Bytes utf8) {
            this(utf8, false);
        }

        @Override
        public NvsType type() {
            return NvsType.STRING;
        }

        /** The text; bytes that are not valid UTF-8 (possible in images read from a device) become U+FFFD. */
        public String text() {
            return new String(utf8.toByteArray(), StandardCharsets.UTF_8);
        }

        /** Bytes stored on flash: the UTF-8 text and its NUL. */
        public int storedLength() {
            return utf8.length() + 1;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StringValue other && utf8.equals(other.utf8);
        }

        @Override
        public int hashCode() {
            return utf8.hashCode();
        }

        @Override
        public String toString() {
            return secret ? "string (secret, " + utf8.length() + " bytes)" : "string \"" + text() + "\"";
        }
    }

    /**
     * A blob: raw bytes. Version 1 images store it in one item, version 2 in chunks plus an index.
     *
     * @param secret whether the bytes are a secret that {@link #toString} must not show; not part of equality
     */
    record BlobValue(Bytes data, boolean secret) implements NvsValue {
        public BlobValue(Bytes data) {
            this(data, false);
        }

        @Override
        public NvsType type() {
            return NvsType.BLOB;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BlobValue other && data.equals(other.data);
        }

        @Override
        public int hashCode() {
            return data.hashCode();
        }

        @Override
        public String toString() {
            return secret ? "blob (secret, " + data.length() + " bytes)" : "blob " + data;
        }
    }
}
