package dev.nvsgen.crypto.credentials;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Says in plain words why bytes are not the DER (or PEM) they should be, for messages in place of a
 * parser's internals ({@code unexpected end-of-contents marker}, {@code toDerInputStream rejects tag type
 * 45}): the structure is walked as X.690 lays it out, tag, length and content, without knowing what it
 * should hold.
 */
final class DerShape {
    private static final int SEQUENCE = 0x30;
    private static final int CONSTRUCTED = 0x20;
    /** Nesting deeper than any certificate, key or request goes: a sign of garbage, not worth walking. */
    private static final int MAX_DEPTH = 32;

    private DerShape() {}

    /**
     * Why {@code data}, read as DER or PEM, is damaged: {@code truncated at byte 200; its outer SEQUENCE
     * needs 310}, {@code its first byte is '-' 0x2d, not the SEQUENCE tag 0x30 DER starts with}, …; null
     * when its DER structure is whole (then it holds something else than was expected).
     */
    static String problem(byte[] data) {
        if (Pem.looksLikePem(data)) {
            return pemProblem(new String(data, StandardCharsets.US_ASCII));
        }
        return derProblem(data);
    }

    /** The first damaged block of PEM text, by its number when there are several. */
    private static String pemProblem(String text) {
        int n = 0;
        for (int begin = text.indexOf("-----BEGIN "); begin >= 0; begin = text.indexOf("-----BEGIN ", begin + 1)) {
            n++;
            int beginEnd = text.indexOf("-----", begin + 11);
            int lineEnd = text.indexOf('\n', begin);
            String where = n == 1 ? "its PEM block" : "its PEM block " + n;
            if (beginEnd < 0 || (lineEnd >= 0 && beginEnd > lineEnd)) {
                return where + " has a BEGIN line not closed with -----";
            }
            String type = text.substring(begin + 11, beginEnd);
            String endLine = "-----END " + type + "-----";
            int end = text.indexOf(endLine, beginEnd);
            if (end < 0) {
                return where + " (" + type + ") has no line " + endLine + ": the file is cut short?";
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder()
                        .decode(text.substring(beginEnd + 5, end).strip());
            } catch (IllegalArgumentException e) {
                return "the base64 text of " + where + " (" + type + ") is damaged";
            }
            String p = derProblem(der);
            if (p != null) {
                return where + " (" + type + "): " + p;
            }
            begin = end;
        }
        return null;
    }

    private static String derProblem(byte[] data) {
        if (data.length == 0) {
            return "it is empty";
        }
        if ((data[0] & 0xFF) != SEQUENCE) {
            int b = data[0] & 0xFF;
            return "its first byte is " + (b >= 0x21 && b < 0x7F ? "'" + (char) b + "' " : "") + "0x" + hex(b)
                    + ", not the SEQUENCE tag 0x30 DER starts with"
                    + (b == '-' ? "; PEM starts with a line -----BEGIN ...-----" : "");
        }
        int[] end = new int[1];
        String p = element(data, 0, data.length, 0, end, "its outer SEQUENCE");
        if (p != null) {
            return p;
        }
        if (end[0] < data.length) {
            return (data.length - end[0]) + " bytes follow the end of its DER structure at byte " + end[0];
        }
        return null;
    }

    /** Walks the element at {@code at}, which must end by {@code limit}; sets {@code end[0]} past it. */
    private static String element(byte[] d, int at, int limit, int depth, int[] end, String what) {
        if (depth > MAX_DEPTH) {
            return "its DER structure nests deeper than " + MAX_DEPTH + " levels";
        }
        int tag = d[at] & 0xFF;
        int i = at + 1;
        if ((tag & 0x1F) == 0x1F) {
            while (i < limit && (d[i] & 0x80) != 0) {
                i++;
            }
            i++;
        }
        if (i >= limit) {
            return "truncated at byte " + Math.min(limit, d.length) + ", in the header of "
                    + (what != null ? what : "the element at byte " + at);
        }
        int first = d[i++] & 0xFF;
        long length;
        if (first < 0x80) {
            length = first;
        } else if (first == 0x80) {
            return "the element at byte " + at + " has an indefinite length, which DER does not allow";
        } else {
            int n = first & 0x7F;
            if (n > 4) {
                return "the element at byte " + at + " claims a length of " + n + " bytes' worth";
            }
            if (i + n > limit) {
                return "truncated at byte " + Math.min(limit, d.length) + ", in the length of "
                        + (what != null ? what : "the element at byte " + at);
            }
            length = 0;
            for (int k = 0; k < n; k++) {
                length = length << 8 | (d[i++] & 0xFF);
            }
        }
        long stop = i + length;
        if (stop > limit) {
            String whose = what != null ? what : "the element at byte " + at;
            return limit == d.length
                    ? "truncated at byte " + d.length + "; " + whose + " needs " + stop
                    : whose + " runs to byte " + stop + ", past the end of the element around it at byte " + limit;
        }
        if ((tag & CONSTRUCTED) != 0) {
            int child = i;
            int[] childEnd = new int[1];
            while (child < stop) {
                String p = element(d, child, (int) stop, depth + 1, childEnd, null);
                if (p != null) {
                    return p;
                }
                child = childEnd[0];
            }
        }
        end[0] = (int) stop;
        return null;
    }

    private static String hex(int b) {
        return (b < 0x10 ? "0" : "") + Integer.toHexString(b);
    }
}
