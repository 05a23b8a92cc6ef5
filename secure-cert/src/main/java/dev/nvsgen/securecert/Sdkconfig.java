package dev.nvsgen.securecert;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.InputFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A firmware's {@code sdkconfig} as ESP-IDF's kconfgen writes it: {@code CONFIG_NAME=value} lines, and
 * {@code # CONFIG_NAME is not set} for a bool that is off. An option missing from the file does not apply to the
 * firmware's target (menuconfig writes every option that does), so it reads as off. Each option remembers its
 * line, so that a finding can point at it: {@code sdkconfig:412}.
 */
public final class Sdkconfig {
    private static final String NOT_SET = " is not set";

    /** Far above any sdkconfig (ESP-IDF's are some 100 KB); stops the wrong file from filling the heap. */
    private static final long MAX_FILE = 8L << 20;

    private final String source;
    private final Map<String, String> values;
    private final Map<String, Integer> lines;
    private final Path dir;

    private Sdkconfig(String source, Path dir, Map<String, String> values, Map<String, Integer> lines) {
        this.source = source;
        this.dir = dir;
        this.values = Map.copyOf(values);
        this.lines = Map.copyOf(lines);
    }

    /** Parses the text of an sdkconfig file called {@code sdkconfig}; see {@link #parse(String, String, Path)}. */
    public static Sdkconfig parse(String text) {
        return parse(text, "sdkconfig", null);
    }

    /**
     * Parses the text of an sdkconfig file; lines it does not understand are skipped, as kconfgen skips them.
     * {@code source} names the file in findings; {@code dir} (null if unknown) is the project folder the file
     * lies in, where {@code CONFIG_PARTITION_TABLE_CUSTOM_FILENAME} is found.
     */
    public static Sdkconfig parse(String text, String source, Path dir) {
        Map<String, String> v = new LinkedHashMap<>();
        Map<String, Integer> at = new LinkedHashMap<>();
        String[] all = text.split("\r?\n");
        for (int i = 0; i < all.length; i++) {
            String line = all[i].strip();
            String name = null;
            String value = null;
            if (line.startsWith("# CONFIG_") && line.endsWith(NOT_SET)) {
                name = line.substring(2, line.length() - NOT_SET.length());
                value = "n";
            } else if (line.startsWith("CONFIG_") && line.indexOf('=') > 0) {
                value = line.substring(line.indexOf('=') + 1);
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                name = line.substring(0, line.indexOf('='));
            }
            if (name != null) {
                v.put(name, value);
                at.put(name, i + 1);
            }
        }
        return new Sdkconfig(source, dir, v, at);
    }

    /** Reads {@code file}, named {@code shown} in messages; its folder is the project's. */
    public static Sdkconfig read(Path file, String shown) {
        byte[] data = InputFiles.read(file, shown, MAX_FILE, "an sdkconfig file");
        String text = new String(data, StandardCharsets.UTF_8);
        if (!text.contains("CONFIG_")) {
            throw new NvsInputException(shown + ": no CONFIG_ options; is it the firmware's sdkconfig?");
        }
        Path parent = file.toAbsolutePath().getParent();
        return parse(text, shown, parent);
    }

    /** The file's name as findings show it. */
    public String source() {
        return source;
    }

    /** The folder the file lies in (the project's), if known. */
    public Optional<Path> dir() {
        return Optional.ofNullable(dir);
    }

    /** The value of {@code CONFIG_…} {@code name} (with its prefix), if the file has it. */
    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The line {@code name} is set or unset on, if the file has it. */
    public OptionalInt line(String name) {
        Integer l = lines.get(name);
        return l == null ? OptionalInt.empty() : OptionalInt.of(l);
    }

    /** True if bool {@code name} is {@code y}. */
    public boolean enabled(String name) {
        return "y".equals(values.get(name));
    }

    /**
     * Where and how the file sets {@code name}, for a finding: {@code sdkconfig:412 has CONFIG_X=y}, {@code
     * sdkconfig:97 has CONFIG_X not set}, or {@code sdkconfig has no CONFIG_X}.
     */
    public String state(String name) {
        String v = values.get(name);
        if (v == null) {
            return source + " has no " + name;
        }
        return source + ":" + lines.get(name) + " has " + name + ("n".equals(v) ? " not set" : "=" + v);
    }

    @Override
    public String toString() {
        return "Sdkconfig[" + source + ", " + values.size() + " options]";
    }
}
