package dev.nvsgen.nvs.csv;

import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsException;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.util.InputFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns rows of ESP-IDF's CSV format ({@code key,type,encoding,value}) into builder calls, as
 * {@code nvs_partition_gen} does, including the Wi-Fi helper entries it adds.
 *
 * <p>Types: {@code namespace} opens a namespace; {@code data} converts the value text; {@code file}
 * reads the file the value names, relative to the base folder. One instance serves one image.
 */
public final class EspIdfRows {
    /**
     * Reads a file a {@code file} row names; lets a batch share one read among many devices. A file
     * read from disk goes through {@link InputFiles#read}, {@code shown} naming it in messages.
     */
    @FunctionalInterface
    public interface FileSource {
        byte[] read(Path path, String shown) throws IOException;
    }

    private static final String STA_SSID = "sta.ssid";
    private static final String STA_PSWD = "sta.pswd";

    private final NvsPartition.Builder builder;
    private final Path baseDir;
    private final FileSource files;
    private boolean staExtrasWritten;
    private String apSsid;
    private String apPassword;
    private boolean apAuthmodeSet;

    public EspIdfRows(NvsPartition.Builder builder, Path baseDir) {
        this(builder, baseDir, PlainFiles.INSTANCE);
    }

    /** Reads files straight from disk. A class, not a method reference: it keeps lambda bootstrap off start-up. */
    static final class PlainFiles implements FileSource {
        static final PlainFiles INSTANCE = new PlainFiles();

        @Override
        public byte[] read(Path path, String shown) {
            return InputFiles.read(path, shown, InputFiles.MAX_VALUE_FILE, "an NVS value");
        }
    }

    public EspIdfRows(NvsPartition.Builder builder, Path baseDir, FileSource files) {
        this.builder = Objects.requireNonNull(builder);
        this.baseDir = Objects.requireNonNull(baseDir);
        this.files = Objects.requireNonNull(files);
    }

    /**
     * Applies one row. {@code where} locates it for error messages ({@code file:line}); {@code encoding}
     * and {@code value} may be null on namespace rows.
     *
     * @throws NvsInputException naming {@code where}, the key and the problem
     */
    public void add(String where, String key, String type, String encoding, String value) {
        try {
            add(key, type, encoding, value);
        } catch (NvsInputException e) {
            throw new NvsInputException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies the row on {@code line} of {@code file} (as messages name it); an error carries both as
     * fields, with the namespace and key.
     *
     * @throws NvsInputException naming the file, line, key and problem
     */
    public void add(String file, int line, String key, String type, String encoding, String value) {
        try {
            add(key, type, encoding, value);
        } catch (NvsInputException e) {
            throw new NvsInputException(file + ":" + line + ": " + e.getMessage(), file, line, null, null, e);
        }
    }

    /**
     * Applies one row, for callers that say where it is themselves: a batch makes the location text
     * only when a row fails.
     *
     * @throws NvsInputException naming the key and the problem
     */
    public void add(String key, String type, String encoding, String value) {
        try {
            apply(key, type.strip(), encoding, value);
        } catch (NvsInputException | IllegalArgumentException e) {
            boolean named = key != null && !key.isEmpty();
            String namespace = type.strip().equals("namespace") ? null : builder.currentNamespace();
            throw new NvsInputException(
                    (named ? "key '" + key + "': " : "") + e.getMessage(), null, 0, namespace, named ? key : null, e);
        }
    }

    private void apply(String key, String type, String encodingName, String value) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("the key is empty");
        }
        if (type.equals("namespace")) {
            builder.namespace(key);
            return;
        }
        if (!type.equals("data") && !type.equals("file")) {
            throw new IllegalArgumentException("unknown type '" + type + "' (expected namespace, data or file)");
        }
        if (encodingName == null || encodingName.isBlank()) {
            throw new IllegalArgumentException("no encoding given");
        }
        ValueEncoding encoding = ValueEncoding.named(encodingName.strip());
        if (value == null) {
            throw new IllegalArgumentException("the row has no value column");
        }
        if (builder.currentNamespace() == null) {
            throw new IllegalArgumentException(
                    "comes before any namespace row; the first row after the header must open a namespace");
        }
        try {
            NvsEntry.checkName("key", key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        apPmkInfoBefore(key, value);
        NvsValue converted = type.equals("file") ? encoding.fromFile(read(value)) : encoding.fromText(value);
        builder.put(key, converted);
        staExtrasAfter(key);
    }

    /**
     * nvs_partition_gen writes the SoftAP's PMK cache ({@code ap.pmk_info}: 100 zero bytes, then
     * PBKDF2-HMAC-SHA1 of password and SSID) before any {@code ap.ssid}, {@code ap.passwd} or
     * {@code ap.authmode} row once all three have been seen with a non-zero auth mode.
     */
    private void apPmkInfoBefore(String key, String value) {
        switch (key) {
            case "ap.ssid" -> apSsid = value;
            case "ap.passwd" -> apPassword = value;
            case "ap.authmode" -> apAuthmodeSet |= !value.equals("0");
            default -> {
                return;
            }
        }
        if (apSsid != null && !apSsid.isEmpty() && apPassword != null && !apPassword.isEmpty() && apAuthmodeSet) {
            byte[] info = new byte[100 + 32];
            byte[] pmk = pbkdf2Sha1(
                    apPassword.getBytes(StandardCharsets.UTF_8), apSsid.getBytes(StandardCharsets.UTF_8), 4096, 32);
            System.arraycopy(pmk, 0, info, 100, 32);
            builder.put("ap.pmk_info", NvsValue.blob(info));
        }
    }

    /**
     * After the first {@code sta.ssid} or {@code sta.pswd} row, nvs_partition_gen adds the station's
     * empty AP info, PMK and AP-switch entries that the Wi-Fi driver expects beside them; once per image.
     */
    private void staExtrasAfter(String key) {
        if (staExtrasWritten || !(key.equals(STA_SSID) || key.equals(STA_PSWD))) {
            return;
        }
        byte[] apinfo = new byte[140];
        Arrays.fill(apinfo, (byte) 0xFF);
        builder.put("sta.apinfo", NvsValue.blob(apinfo));
        builder.put("sta.pmk", NvsValue.blob(new byte[32]));
        builder.put("sta.apsw", NvsValue.blob(new byte[2]));
        staExtrasWritten = true;
    }

    private byte[] read(String value) {
        String shown = "file '" + value + "'";
        try {
            // One look at the file (InputFiles checks it is a regular file before opening it), not a
            // look here and another there: a factory batch reads two files per device.
            return files.read(baseDir.resolve(value), shown);
        } catch (NvsInputException e) {
            if (InputFiles.isMissing(e)) {
                throw new IllegalArgumentException(shown + " does not exist");
            }
            throw e;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(shown + " does not exist");
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(shown + " cannot be read: " + e.getMessage());
        }
    }

    /** PBKDF2 (RFC 8018) with HMAC-SHA1, on raw bytes so that the password's encoding is exactly UTF-8. */
    static byte[] pbkdf2Sha1(byte[] password, byte[] salt, int iterations, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password, "HmacSHA1"));
            byte[] out = new byte[length];
            int blocks = (length + 19) / 20;
            for (int block = 1; block <= blocks; block++) {
                mac.update(salt);
                mac.update(
                        new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
                byte[] u = mac.doFinal();
                byte[] t = u.clone();
                for (int i = 1; i < iterations; i++) {
                    u = mac.doFinal(u);
                    for (int j = 0; j < t.length; j++) {
                        t[j] ^= u[j];
                    }
                }
                System.arraycopy(t, 0, out, (block - 1) * 20, Math.min(20, length - (block - 1) * 20));
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new NvsException("HMAC-SHA1 is not available in this Java runtime", e);
        }
    }
}
