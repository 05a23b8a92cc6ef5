package dev.nvsgen.crypto.credentials;

import dev.nvsgen.nvs.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * PEM text (RFC 7468, strict form): a BEGIN line, base64 in lines of 64 characters, an END line, each
 * ending in {@code \n}. Written by hand because the strict form is four lines of code and the writer
 * then allocates nothing per line; Bouncy Castle's {@code PEMParser} reads PEM in.
 */
public final class Pem {
    public static final String CERTIFICATE = "CERTIFICATE";
    public static final String PRIVATE_KEY = "PRIVATE KEY";
    public static final String CERTIFICATE_REQUEST = "CERTIFICATE REQUEST";

    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private Pem() {}

    /** One PEM block of {@code type} holding {@code der}. */
    public static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** Certificates as consecutive PEM blocks, in order: what mbedTLS's {@code mbedtls_x509_crt_parse} reads as a chain. */
    public static String certificates(List<Bytes> ders) {
        StringBuilder s = new StringBuilder();
        for (Bytes der : ders) {
            s.append(encode(CERTIFICATE, der.toByteArray()));
        }
        return s.toString();
    }

    /** True if {@code data} starts (after whitespace) with a PEM BEGIN line rather than DER. */
    static boolean looksLikePem(byte[] data) {
        int i = 0;
        while (i < data.length && Character.isWhitespace(data[i])) {
            i++;
        }
        byte[] begin = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
        if (data.length - i < begin.length) {
            return false;
        }
        for (int j = 0; j < begin.length; j++) {
            if (data[i + j] != begin[j]) {
                return false;
            }
        }
        return true;
    }
}
