package dev.nvsgen.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where nvs_partition_gen puts key files: {@code <outdir>/keys/<name>} (an absolute name is used as it
 * is), a name without an extension gets {@code .bin}, and a keys file named by no one is called
 * {@code keys-<MM-DD_HH-MM>.bin} after the local time.
 */
final class KeyFilePaths {
    static final String KEYS_DIR = "keys";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MM-dd_HH-mm");

    private KeyFilePaths() {}

    /** The keys file name the reference makes up when {@code --keyfile} is not given. */
    static String timestamped(LocalDateTime now) {
        return "keys-" + STAMP.format(now) + ".bin";
    }

    /** {@code name} with {@code .bin} added when its file name has no extension, as the reference does. */
    static String withBinExtension(String name) {
        Path fileName = Path.of(name).getFileName();
        String base = fileName == null ? "" : fileName.toString();
        // Python's splitext: a dot that only starts the name (".keys") is not an extension.
        int dot = base.lastIndexOf('.');
        boolean hasExtension = dot > 0 && base.chars().limit(dot).anyMatch(c -> c != '.');
        return hasExtension ? name : name + ".bin";
    }

    /** The HMAC key file named after the keys file: {@code hmac-} before its file name. */
    static String hmacNameFor(String keyfile) {
        Path p = Path.of(keyfile);
        String hmac = "hmac-" + p.getFileName();
        return p.getParent() == null ? hmac : p.getParent().resolve(hmac).toString();
    }

    /** Where the key file {@code name} goes: under {@code <outdir>/keys/} unless absolute. */
    static Path resolve(Main main, String outdir, String name) {
        Path f = Path.of(Main.expandHome(withBinExtension(name)));
        if (f.isAbsolute()) {
            return f;
        }
        return main.resolve(outdir).resolve(KEYS_DIR).resolve(f).normalize();
    }
}
