package dev.nvsgen.nvs.csv;

import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.FloatText;
import dev.nvsgen.nvs.NvsType;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.util.Utf8Text;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code encoding} column of ESP-IDF's CSV format: how a row's text (or a file's bytes) becomes a
 * value. Every conversion is strict: a value that does not convert exactly is refused, never coerced.
 */
public final class ValueEncoding {
    /** In a holder so that commands that never see a fill encoding do not compile it at start-up. */
    private static final class Fill {
        static final Pattern PATTERN = Pattern.compile("(blob_fill|blob_sz_fill)\\((\\d+);0x([0-9a-fA-F]{2})\\)");
    }
    /** Far above any NVS partition; stops a typo in a fill length from exhausting memory. */
    private static final long MAX_FILL = 16L << 20;

    private enum Kind {
        INTEGER,
        FLOAT,
        DOUBLE,
        STRING,
        HEX2BIN,
        BASE64,
        BINARY,
        FILL,
        SIZED_FILL
    }

    /** The encodings without parameters, made once: each row of each CSV names one. */
    private static final java.util.Map<String, ValueEncoding> COMMON = java.util.Map.ofEntries(
            common("u8", Kind.INTEGER, NvsType.U8),
            common("i8", Kind.INTEGER, NvsType.I8),
            common("u16", Kind.INTEGER, NvsType.U16),
            common("i16", Kind.INTEGER, NvsType.I16),
            common("u32", Kind.INTEGER, NvsType.U32),
            common("i32", Kind.INTEGER, NvsType.I32),
            common("u64", Kind.INTEGER, NvsType.U64),
            common("i64", Kind.INTEGER, NvsType.I64),
            common("float", Kind.FLOAT, NvsType.FLOAT),
            common("double", Kind.DOUBLE, NvsType.DOUBLE),
            common("string", Kind.STRING, null),
            common("hex2bin", Kind.HEX2BIN, null),
            common("base64", Kind.BASE64, null),
            common("binary", Kind.BINARY, null));

    private static java.util.Map.Entry<String, ValueEncoding> common(String name, Kind kind, NvsType type) {
        return java.util.Map.entry(name, new ValueEncoding(name, kind, type, 0, (byte) 0));
    }

    private final String name;
    private final Kind kind;
    private final NvsType integerType;
    private final int fillLength;
    private final byte fillByte;

    private ValueEncoding(String name, Kind kind, NvsType integerType, int fillLength, byte fillByte) {
        this.name = name;
        this.kind = kind;
        this.integerType = integerType;
        this.fillLength = fillLength;
        this.fillByte = fillByte;
    }

    /**
     * The encoding {@code name} names: {@code u8 … i64}, {@code float}, {@code double}, {@code string}, {@code hex2bin}, {@code base64},
     * {@code binary}, {@code blob_fill(N;0xPP)} or {@code blob_sz_fill(N;0xPP)}.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static ValueEncoding named(String name) {
        ValueEncoding common = COMMON.get(name);
        if (common != null) {
            return common;
        }
        NvsType integer = NvsType.integerNamed(name);
        if (integer != null) {
            return new ValueEncoding(name, Kind.INTEGER, integer, 0, (byte) 0);
        }
        switch (name) {
            case "string":
                return new ValueEncoding(name, Kind.STRING, null, 0, (byte) 0);
            case "hex2bin":
                return new ValueEncoding(name, Kind.HEX2BIN, null, 0, (byte) 0);
            case "base64":
                return new ValueEncoding(name, Kind.BASE64, null, 0, (byte) 0);
            case "binary":
                return new ValueEncoding(name, Kind.BINARY, null, 0, (byte) 0);
            default:
                break;
        }
        Matcher m = Fill.PATTERN.matcher(name);
        if (m.matches()) {
            long length = new BigInteger(m.group(2))
                    .min(BigInteger.valueOf(MAX_FILL + 1))
                    .longValue();
            if (length > MAX_FILL) {
                throw new IllegalArgumentException("encoding '" + name + "': fill length " + m.group(2)
                        + " is larger than " + MAX_FILL + " bytes");
            }
            Kind kind = m.group(1).equals("blob_fill") ? Kind.FILL : Kind.SIZED_FILL;
            return new ValueEncoding(name, kind, null, (int) length, (byte) Integer.parseInt(m.group(3), 16));
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.equals(name) && (NvsType.integerNamed(lower) != null || isKnown(lower))) {
            throw new IllegalArgumentException(
                    "encoding '" + name + "' must be written in lower case: '" + lower + "'");
        }
        if (name.startsWith("blob_fill") || name.startsWith("blob_sz_fill")) {
            throw new IllegalArgumentException(
                    "encoding '" + name + "' is malformed: write blob_fill(LENGTH;0xPP) or blob_sz_fill(LENGTH;0xPP)");
        }
        throw new IllegalArgumentException(
                "unknown encoding '" + name
                        + "' (expected u8, i8, u16, i16, u32, i32, u64, i64, float, double, string, hex2bin, base64, binary, blob_fill(N;0xPP) or blob_sz_fill(N;0xPP))");
    }

    private static boolean isKnown(String lower) {
        return switch (lower) {
            case "string", "hex2bin", "base64", "binary", "float", "double" -> true;
            default -> Fill.PATTERN.matcher(lower).matches();
        };
    }

    public String name() {
        return name;
    }

    /** The value of a {@code data} row, given as text. */
    public NvsValue fromText(String text) {
        return switch (kind) {
            case INTEGER -> integer(text);
            case FLOAT -> NvsValue.f32Bits(FloatText.parseFloat(text));
            case DOUBLE -> NvsValue.f64Bits(FloatText.parseDouble(text));
            case STRING -> NvsValue.string(text);
            case HEX2BIN -> NvsValue.blob(hex(text));
            case BASE64 -> NvsValue.blob(base64(text));
            case BINARY -> NvsValue.blob(Bytes.of(text.getBytes(StandardCharsets.UTF_8)));
            case FILL, SIZED_FILL -> NvsValue.blob(fill(text.getBytes(StandardCharsets.UTF_8)));
        };
    }

    /** The value of a {@code file} row, given the file's bytes. */
    public NvsValue fromFile(byte[] content) {
        return switch (kind) {
            case INTEGER -> integer(utf8(content));
            case FLOAT -> NvsValue.f32Bits(FloatText.parseFloat(utf8(content)));
            case DOUBLE -> NvsValue.f64Bits(FloatText.parseDouble(utf8(content)));
            case STRING -> NvsValue.string(utf8(content));
            case HEX2BIN -> NvsValue.blob(hex(utf8(content)));
            case BASE64 -> NvsValue.blob(base64(utf8(content)));
            case BINARY -> NvsValue.blob(Bytes.of(content));
            case FILL, SIZED_FILL -> NvsValue.blob(fill(content));
        };
    }

    private NvsValue integer(String text) {
        String s = text.strip();
        if (!isDecimal(s)) {
            String hint = s.toLowerCase(Locale.ROOT).matches("[+-]?0x[0-9a-f]+")
                    ? " (hex literals are not accepted: write it in decimal)"
                    : "";
            throw new IllegalArgumentException("value '" + text + "' is not a decimal integer" + hint);
        }
        if (s.length() <= 18) {
            // Up to 18 digits always fit a long, and the range check is plain arithmetic: the common case,
            // met once per integer row of every device of a batch.
            try {
                return NvsValue.integer(integerType, Long.parseLong(s));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("value " + e.getMessage());
            }
        }
        try {
            return NvsValue.integer(integerType, new BigInteger(s));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("value " + e.getMessage());
        }
    }

    private static boolean isDecimal(String s) {
        int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        if (start == s.length()) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whitespace around the digits is dropped; either letter case is accepted; the count must be even. */
    private static Bytes hex(String text) {
        String s = text.strip();
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException(
                    "hex2bin value has " + s.length() + " digits; it needs an even number (two per byte)");
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int d = c >= '0' && c <= '9'
                    ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                throw new IllegalArgumentException("hex2bin value has '" + s.charAt(i) + "' at position " + (i + 1)
                        + ", which is not a hex digit");
            }
            out[i / 2] |= (byte) (d << (i % 2 == 0 ? 4 : 0));
        }
        return Bytes.of(out);
    }

    /**
     * Standard base64 with its padding. Line breaks and other whitespace are skipped (files are often
     * wrapped at 76 columns); any other character outside the alphabet is refused rather than skipped.
     */
    private static Bytes base64(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            boolean alphabet = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '+'
                    || c == '/'
                    || c == '=';
            if (!alphabet) {
                throw new IllegalArgumentException("base64 value has '" + c + "' at position " + (i + 1)
                        + ", which is not in the base64 alphabet");
            }
            clean.append(c);
        }
        if (clean.length() % 4 != 0) {
            throw new IllegalArgumentException("base64 value has " + clean.length()
                    + " characters, not a multiple of 4: its '=' padding is missing or it is cut short");
        }
        try {
            return Bytes.of(java.util.Base64.getDecoder().decode(clean.toString()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("base64 value is malformed: " + e.getMessage());
        }
    }

    private Bytes fill(byte[] value) {
        if (value.length > fillLength) {
            throw new IllegalArgumentException(
                    "value is " + value.length + " bytes, longer than the " + fillLength + " that " + name + " allows");
        }
        int prefix = kind == Kind.SIZED_FILL ? 4 : 0;
        byte[] out = new byte[prefix + fillLength];
        if (prefix > 0) {
            ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(value.length);
        }
        System.arraycopy(value, 0, out, prefix, value.length);
        Arrays.fill(out, prefix + value.length, out.length, fillByte);
        return Bytes.of(out);
    }

    private static String utf8(byte[] content) {
        try {
            return Utf8Text.decode(content);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("file is not valid UTF-8 text");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
