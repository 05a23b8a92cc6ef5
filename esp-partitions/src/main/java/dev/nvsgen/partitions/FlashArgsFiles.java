package dev.nvsgen.partitions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * esptool's argument file beside an image written against a partition table: {@code nvs.bin} →
 * {@code nvs.flash_args}, offset/file pairs with paths relative to it, as ESP-IDF's {@code build/flash_args}.
 */
public final class FlashArgsFiles {
    /** What replaces an image's {@code .bin} (or is appended to another name). */
    public static final String SUFFIX = ".flash_args";

    /** How every argument file begins. */
    private static final String START = "--flash_mode";

    private FlashArgsFiles() {}

    /** {@code dir/nvs.bin} → {@code dir/nvs.flash_args}; other names get the suffix appended. */
    public static Path forImage(Path image) {
        String name = image.getFileName().toString();
        String base = name.endsWith(".bin") ? name.substring(0, name.length() - 4) : name;
        return image.resolveSibling(base + SUFFIX);
    }

    /**
     * True when {@code head}, the first bytes of a file, starts as the argument files {@link FlashLayout#argsFile}
     * writes do: such a file may be replaced by a new one.
     */
    public static boolean looksLikeArgsFile(byte[] head) {
        return new String(head, 0, Math.min(head.length, START.length()), StandardCharsets.ISO_8859_1).equals(START);
    }
}
