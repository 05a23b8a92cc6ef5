package dev.nvsgen.nvs.util;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in lower-case hex, as run records and summaries keep it for every image and certificate. */
public final class Sha256 {
    private static final HexFormat HEX = HexFormat.of();

    /** One digest per thread: looking the algorithm up again for every image costs more than hashing it. */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {}

    /** The SHA-256 of {@code data}, 64 lower-case hex digits. */
    public static String hex(byte[] data) {
        return HEX.formatHex(DIGEST.get().digest(data));
    }

    /** A new SHA-256 digest, for data that arrives in parts. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
