package dev.nvsgen.securecert;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A firmware's {@code sdkconfig} as ESP-IDF's kconfgen writes it: {@code CONFIG_NAME=value} lines, and
 * {@code # CONFIG_NAME is not set} for a bool that is off. An option missing from the file does not apply to the
 * firmware's target (menuconfig writes every option that does), so it reads as off.
 */
public final class Sdkconfig {
    private static final String NOT_SET = " is not set";

    private final Map<String, String> values;

    private Sdkconfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Parses the text of an sdkconfig file; lines it does not understand are skipped, as kconfgen skips them. */
    public static Sdkconfig parse(String text) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("# CONFIG_") && line.endsWith(NOT_SET)) {
                v.put(line.substring(2, line.length() - NOT_SET.length()), "n");
            } else if (line.startsWith("CONFIG_") && line.indexOf('=') > 0) {
                String value = line.substring(line.indexOf('=') + 1);
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                v.put(line.substring(0, line.indexOf('=')), value);
            }
        }
        return new Sdkconfig(v);
    }

    /** The value of {@code CONFIG_…} {@code name} (with its prefix), if the file has it. */
    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** True if bool {@code name} is {@code y}. */
    public boolean enabled(String name) {
        return "y".equals(values.get(name));
    }

    @Override
    public String toString() {
        return "Sdkconfig[" + values.size() + " options]";
    }
}
