package dev.nvsgen.provisioning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One device to provision: its serial number (which names its files) and the fields templates are filled
 * from ({@code ${hw_rev}}); {@code ${serial}} is always the serial. Immutable.
 */
public record Device(String serial, Map<String, String> fields) {
    public Device {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(fields, "fields");
        Map<String, String> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "field name"), Objects.requireNonNull(v, k)));
        fields = Collections.unmodifiableMap(copy);
    }

    /** A device with no fields but its serial. */
    public static Device of(String serial) {
        return new Device(serial, Map.of());
    }

    /** A device with {@code fields}, kept in their iteration order. */
    public static Device of(String serial, Map<String, String> fields) {
        return new Device(serial, fields);
    }
}
