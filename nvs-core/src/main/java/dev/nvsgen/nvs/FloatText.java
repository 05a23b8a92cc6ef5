package dev.nvsgen.nvs;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The text form of {@code float} and {@code double} values, in CSV rows, mfg values and dump output.
 * Espressif's generator has no such values yet, so nvsgen defines the form, borrowing C's where C has one:
 *
 * <ul>
 *   <li>a decimal literal ({@code 0.5}, {@code -1e-3}, {@code .25}), rounded to the nearest value of the
 *       type as C's {@code strtof}/{@code strtod} do; one too large for the type is refused (it would be
 *       infinity), one too small becomes zero;
 *   <li>a hexadecimal literal as in C ({@code 0x1.8p1}, {@code -0x10}), the exponent optional;
 *   <li>{@code inf} and {@code -inf};
 *   <li>{@code nan}, the quiet NaN C's {@code NAN} is; {@code nan(0xP)}, a quiet NaN whose fraction bits
 *       below the quiet bit are {@code P}, as glibc's {@code strtod} reads it; {@code snan(0xP)}, a
 *       signalling NaN (quiet bit clear, {@code P} non-zero), which C's parsers cannot write but device
 *       images may hold. Each may carry a sign: {@code -nan} has the sign bit set.
 * </ul>
 *
 * <p>An optional {@code +} may lead; nothing else is accepted (no {@code f} suffix, no {@code NaN} or
 * {@code Infinity}). The text written for a value is the shortest decimal that reads back to the same
 * bits, in Python's {@code repr} style ({@code 0.5}, {@code -3.0}, {@code 1e-45}, {@code 3.4028235e+38}),
 * or one of the words above, so every value, every NaN payload included, survives a round trip.
 */
public final class FloatText {
    private FloatText() {}

    /** The bits of the {@code float} that {@code text} names. */
    public static int parseFloat(String text) {
        return (int) parse(text, Format.FLOAT);
    }

    /** The bits of the {@code double} that {@code text} names. */
    public static long parseDouble(String text) {
        return parse(text, Format.DOUBLE);
    }

    /** The text of the {@code float} with these bits: it parses back to the same bits. */
    public static String formatFloat(int bits) {
        return format(bits & 0xFFFF_FFFFL, Format.FLOAT);
    }

    /** The text of the {@code double} with these bits: it parses back to the same bits. */
    public static String formatDouble(long bits) {
        return format(bits, Format.DOUBLE);
    }

    /** The layout of one IEEE 754 binary format. */
    private enum Format {
        FLOAT("float", 32, 23, 9),
        DOUBLE("double", 64, 52, 17);

        final String name;
        final int bits;
        final int fractionBits;
        /** Decimal digits that always suffice to read back the same bits. */
        final int maxDigits;

        Format(String name, int bits, int fractionBits, int maxDigits) {
            this.name = name;
            this.bits = bits;
            this.fractionBits = fractionBits;
            this.maxDigits = maxDigits;
        }

        long signBit() {
            return 1L << (bits - 1);
        }

        long exponentMask() {
            return ((1L << (bits - 1 - fractionBits)) - 1) << fractionBits;
        }

        long quietBit() {
            return 1L << (fractionBits - 1);
        }

        long fractionMask() {
            return (1L << fractionBits) - 1;
        }

        boolean isNaN(long v) {
            return (v & exponentMask()) == exponentMask() && (v & fractionMask()) != 0;
        }

        boolean isInfinite(long v) {
            return (v & exponentMask()) == exponentMask() && (v & fractionMask()) == 0;
        }

        /** Bits of Java's reading of a literal already checked to be C's form; a float's zero-extended. */
        long parseJava(String s) {
            return this == FLOAT
                    ? Float.floatToRawIntBits(Float.parseFloat(s)) & 0xFFFF_FFFFL
                    : Double.doubleToRawLongBits(Double.parseDouble(s));
        }

        BigDecimal exact(long v) {
            return this == FLOAT
                    ? new BigDecimal(Float.intBitsToFloat((int) v))
                    : new BigDecimal(Double.longBitsToDouble(v));
        }
    }

    private static long parse(String text, Format f) {
        String s = text.strip();
        boolean negative = false;
        int i = 0;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        String body = s.substring(i);
        long sign = negative ? f.signBit() : 0;
        switch (body) {
            case "inf":
                return sign | f.exponentMask();
            case "nan":
                return sign | f.exponentMask() | f.quietBit();
            default:
                break;
        }
        if (body.startsWith("nan(") || body.startsWith("snan(")) {
            return sign | nan(text, body, f);
        }
        boolean hex = body.length() > 1 && body.charAt(0) == '0' && (body.charAt(1) == 'x' || body.charAt(1) == 'X');
        if (!isLiteral(body, hex)) {
            throw new IllegalArgumentException("value '" + text + "' is not a " + f.name
                    + " (write a decimal or hexadecimal literal such as 0.5, -1e-3 or 0x1.8p1, or inf, -inf, nan)");
        }
        String java = hex && body.indexOf('p') < 0 && body.indexOf('P') < 0 ? body + "p0" : body;
        long bits;
        try {
            bits = f.parseJava(java);
        } catch (NumberFormatException e) {
            // Java reads a hexadecimal exponent as an int; one beyond that is out of every range, so the
            // value is zero (a negative exponent) or too large.
            int p = Math.max(java.indexOf('p'), java.indexOf('P'));
            bits = java.charAt(p + 1) == '-' ? 0 : f.exponentMask();
        }
        if (f.isInfinite(bits)) {
            throw new IllegalArgumentException("value '" + text + "' is too large for a " + f.name + " (largest "
                    + format(f.exponentMask() - 1, f) + "); write inf for infinity");
        }
        return sign | bits;
    }

    /** {@code nan(0xP)} or {@code snan(0xP)}, without the sign. */
    private static long nan(String text, String body, Format f) {
        boolean signalling = body.startsWith("s");
        String payload = body.substring(signalling ? 5 : 4);
        long limit = f.quietBit();
        long p = -1;
        if (payload.endsWith(")") && payload.length() > 3 && payload.length() <= 3 + 16 && payload.startsWith("0x")) {
            p = 0;
            for (int i = 2; i < payload.length() - 1 && p >= 0; i++) {
                int d = digit(payload.charAt(i), 16);
                p = d < 0 ? -1 : p << 4 | d;
            }
        }
        if (p < 0) {
            throw new IllegalArgumentException("value '" + text + "' is not a " + f.name
                    + ": a NaN payload is written in hex, as in nan(0x1) or snan(0x1)");
        }
        if (Long.compareUnsigned(p, limit) >= 0 || (signalling && p == 0)) {
            throw new IllegalArgumentException("value '" + text + "': a " + f.name + " NaN payload is 1 to 0x"
                    + Long.toHexString(limit - 1) + (signalling ? "" : " (or 0)"));
        }
        return f.exponentMask() | (signalling ? 0 : f.quietBit()) | p;
    }

    /**
     * C's decimal form {@code digits[.digits][e[+-]digits]} ({@code .digits} too), or with {@code hex} its
     * hexadecimal form after the {@code 0x}: hex digits, and {@code p} for the binary exponent. No suffix.
     */
    private static boolean isLiteral(String s, boolean hex) {
        int radix = hex ? 16 : 10;
        int i = hex ? 2 : 0;
        int n = s.length();
        int mantissaDigits = 0;
        while (i < n && digit(s.charAt(i), radix) >= 0) {
            i++;
            mantissaDigits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && digit(s.charAt(i), radix) >= 0) {
                i++;
                mantissaDigits++;
            }
        }
        if (mantissaDigits == 0) {
            return false;
        }
        char exponent = hex ? 'p' : 'e';
        if (i < n && Character.toLowerCase(s.charAt(i)) == exponent) {
            i = exponent(s, i + 1);
        }
        return i == n;
    }

    /** The index after an exponent's optional sign and digits starting at {@code i}; -1 without digits. */
    private static int exponent(String s, int i) {
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int start = i;
        while (i < s.length() && digit(s.charAt(i), 10) >= 0) {
            i++;
        }
        return i == start ? -1 : i;
    }

    /**
     * The value of an ASCII digit in {@code radix} (10 or 16), else -1. {@link Character#digit} would also
     * take other scripts' digits and full-width letters, which neither C nor Java's parser reads.
     */
    private static int digit(char c, int radix) {
        int d = c >= '0' && c <= '9'
                ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        return d < radix ? d : -1;
    }

    private static String format(long v, Format f) {
        String sign = (v & f.signBit()) != 0 ? "-" : "";
        long magnitude = v & ~f.signBit();
        if (f.isNaN(magnitude)) {
            long payload = magnitude & (f.quietBit() - 1);
            if ((magnitude & f.quietBit()) == 0) {
                return sign + "snan(0x" + Long.toHexString(payload) + ")";
            }
            return sign + (payload == 0 ? "nan" : "nan(0x" + Long.toHexString(payload) + ")");
        }
        if (f.isInfinite(magnitude)) {
            return sign + "inf";
        }
        if (magnitude == 0) {
            return sign + "0.0";
        }
        return sign + repr(shortest(magnitude, f));
    }

    /**
     * The shortest decimal that reads back as {@code v} (positive, finite, non-zero); of several that
     * short, the nearest to {@code v}'s exact value. Java's own {@code toString} is not always the
     * shortest before JDK 19, and a dump should print the same digits on every JDK.
     */
    private static BigDecimal shortest(long v, Format f) {
        BigDecimal exact = f.exact(v);
        for (int digits = 1; digits < f.maxDigits; digits++) {
            BigDecimal nearest = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (readsBackAs(nearest, v, f)) {
                return nearest;
            }
            // The nearest may fall outside the value's rounding interval where the interval is lopsided
            // (at a power of two) while the neighbour on the other side is inside it.
            BigDecimal down = exact.round(new MathContext(digits, RoundingMode.FLOOR));
            BigDecimal up = exact.round(new MathContext(digits, RoundingMode.CEILING));
            BigDecimal other = nearest.compareTo(down) == 0 ? up : down;
            if (readsBackAs(other, v, f)) {
                return other;
            }
        }
        return exact.round(new MathContext(f.maxDigits, RoundingMode.HALF_EVEN));
    }

    private static boolean readsBackAs(BigDecimal d, long v, Format f) {
        return f.parseJava(d.toString()) == v;
    }

    /**
     * Python's {@code repr} layout of a positive decimal: positional between 1e-4 and 1e16 with at
     * least one fractional digit ({@code 3.0}), otherwise {@code d.ddde±XX}.
     */
    private static String repr(BigDecimal d) {
        BigDecimal stripped = d.stripTrailingZeros();
        String digits = stripped.unscaledValue().toString();
        int exponent = digits.length() - 1 - stripped.scale(); // of the leading digit
        StringBuilder b = new StringBuilder(digits.length() + 8);
        if (exponent >= -4 && exponent < 16) {
            if (exponent < 0) {
                b.append("0.");
                b.append("0".repeat(-exponent - 1));
                b.append(digits);
            } else if (digits.length() <= exponent + 1) {
                b.append(digits)
                        .append("0".repeat(exponent + 1 - digits.length()))
                        .append(".0");
            } else {
                b.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
            }
            return b.toString();
        }
        b.append(digits.charAt(0));
        if (digits.length() > 1) {
            b.append('.').append(digits, 1, digits.length());
        }
        b.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            b.append('0');
        }
        return b.append(abs).toString();
    }
}
