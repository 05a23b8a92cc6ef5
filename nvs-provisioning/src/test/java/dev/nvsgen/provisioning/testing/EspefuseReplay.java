package dev.nvsgen.provisioning.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Replays a device's {@code espefuse.sh} in Espressif's {@code espefuse --virt} and reads the eFuses back with
 * {@code summary --format json}: the proof that a script leaves the intended eFuse state. espefuse is
 * {@code -Dnvsgen.espefuse=PATH}, else {@code espefuse} or {@code espefuse.py} on the PATH; tests skip,
 * naming espefuse, when there is none (PyPI-only tool: CI machines may lack it).
 */
public final class EspefuseReplay {
    /** One summary field: its shown value, raw value, and whether it reads back. */
    public record Field(String value, String rawValue, boolean readable) {}

    private static final Pattern FIELD = Pattern.compile("\"([A-Z0-9_]+)\"\\s*:\\s*\\{([^{}]*)\\}");

    private EspefuseReplay() {}

    /** The espefuse command, or a skip that says how to give one. */
    public static String espefuse() {
        Optional<String> found = find();
        Assumptions.assumeTrue(
                found.isPresent(),
                "espefuse not found (-Dnvsgen.espefuse=PATH, or espefuse on the PATH): eFuse scripts not replayed"
                        + " in espefuse --virt");
        return found.orElseThrow();
    }

    private static Optional<String> find() {
        String given = System.getProperty("nvsgen.espefuse");
        if (given != null && !given.isBlank()) {
            return Optional.of(given);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : List.of("espefuse", "espefuse.py")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p.toString());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code sh espefuse.sh STAGE --virt F --no-read-protect} in {@code dir} on fresh virtual eFuses, then
     * {@code summary}: every field by name.
     */
    public static Map<String, Field> replay(Path dir, String chip, String stage) throws IOException {
        String espefuse = espefuse();
        Path efuses = dir.resolve("efuse-virt.bin");
        Files.deleteIfExists(efuses);
        run(dir, espefuse, "sh", "espefuse.sh", stage, "--virt", efuses.toString(), "--no-read-protect");
        Path summary = dir.resolve("efuse-summary.json");
        run(
                dir,
                espefuse,
                espefuse,
                "--virt",
                "--path-efuse-file",
                efuses.toString(),
                "--chip",
                chip,
                "summary",
                "--format",
                "json",
                "--file",
                summary.toString());
        String json = Files.readString(summary);
        Files.delete(summary);
        Files.delete(efuses);
        Map<String, Field> fields = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            String body = m.group(2);
            fields.put(
                    m.group(1),
                    new Field(text(body, "value"), text(body, "raw_value"), body.contains("\"readable\": true")));
        }
        return fields;
    }

    private static String text(String body, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\"([^\"]*)\"|[^,}\\s]+)")
                .matcher(body);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    private static void run(Path dir, String espefuse, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("ESPEFUSE", espefuse);
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            Assertions.assertEquals(0, p.waitFor(), String.join(" ", command) + "\n" + log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /**
     * How espefuse shows a 32-byte key block holding {@code keyFile}: the bytes as given, or reversed for the
     * flash-encryption purposes (the AES hardware reads them so), as summary prints them ({@code "53 e7 …"}).
     */
    public static String stored(byte[] key, boolean reversed) {
        byte[] b = key.clone();
        if (reversed) {
            for (int i = 0, j = b.length - 1; i < j; i++, j--) {
                byte t = b[i];
                b[i] = b[j];
                b[j] = t;
            }
        }
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }
}
