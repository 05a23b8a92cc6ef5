package dev.nvsgen.provisioning;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One device to provision: its serial number (which names its files) and the fields templates are filled
 * from ({@code ${hw_rev}}); {@code ${serial}} is always the serial. Immutable; equal when serial and fields
 * are. A device read from a list shares the list's column names, so a million of them cost little more
 * than their values, and knows its place there ({@code devices.csv:7}) for messages.
 */
public final class Device {
    private final String serial;
    private final Header header;
    private final String[] values;
    private final int index;
    private final int line;

    /** A device with {@code fields}, kept in their iteration order. */
    public Device(String serial, Map<String, String> fields) {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(fields, "fields");
        List<String> names = new ArrayList<>();
        fields.forEach((k, v) -> {
            names.add(Objects.requireNonNull(k, "field name"));
            Objects.requireNonNull(v, k);
        });
        this.serial = serial;
        this.header = Header.of("device " + serial, names);
        this.values = row(header, serial, fields);
        this.index = 0;
        this.line = 0;
    }

    Device(int index, String serial, Header header, String[] values, int line) {
        this.index = index;
        this.serial = serial;
        this.header = header;
        this.values = values;
        this.line = line;
    }

    /** A device with no fields but its serial. */
    public static Device of(String serial) {
        return new Device(serial, Map.of());
    }

    /** A device with {@code fields}, kept in their iteration order. */
    public static Device of(String serial, Map<String, String> fields) {
        return new Device(serial, fields);
    }

    public String serial() {
        return serial;
    }

    /** The fields, read-only, in order; a {@code serial} field only if the source had one. */
    public Map<String, String> fields() {
        if (!header.serialAdded) {
            return columns();
        }
        Map<String, String> fields = new LinkedHashMap<>(columns());
        fields.remove("serial");
        return java.util.Collections.unmodifiableMap(fields);
    }

    /** Column name to value, {@code serial} included: what templates are filled from. */
    Map<String, String> columns() {
        return new Row(header, values);
    }

    /** Position in its list, from 0. */
    int index() {
        return index;
    }

    /** The line or position of the device in its list. */
    int line() {
        return line;
    }

    /** The name of the list the device is in ({@code devices.csv}, the manifest of a range). */
    String file() {
        return header.file;
    }

    /** {@code devices.csv:7}, or the manifest line of a range. */
    String origin() {
        return header.file + ":" + line;
    }

    /** The values of {@code header}'s columns for a device given as {@code fields}; the added serial column is the serial. */
    static String[] row(Header header, String serial, Map<String, String> fields) {
        String[] values = new String[header.positions.size()];
        for (Map.Entry<String, Integer> e : header.positions.entrySet()) {
            String v = fields.get(e.getKey());
            values[e.getValue()] = v != null ? v : serial;
        }
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device d && d.serial.equals(serial) && d.fields().equals(fields());
    }

    @Override
    public int hashCode() {
        return serial.hashCode() * 31 + fields().hashCode();
    }

    @Override
    public String toString() {
        return origin() + " (device " + serial + ")";
    }

    /** Column names and positions, one per list. */
    static final class Header {
        final String file;
        final Map<String, Integer> positions = new LinkedHashMap<>();
        /** True when the source has no {@code serial} column and one was added for {@code ${serial}}. */
        final boolean serialAdded;

        private Header(String file, List<String> columns, boolean serialAdded) {
            this.file = file;
            for (String c : columns) {
                positions.putIfAbsent(c, positions.size());
            }
            this.serialAdded = serialAdded;
        }

        /** The header of a list whose own columns are {@code names}: {@code ${serial}} works whatever the serial column is called. */
        static Header of(String file, List<String> names) {
            List<String> all = new ArrayList<>(names);
            boolean added = !all.contains("serial");
            if (added) {
                all.add("serial");
            }
            return new Header(file, all, added);
        }

        /** A header of exactly {@code columns}. */
        static Header exactly(String file, List<String> columns) {
            return new Header(file, columns, false);
        }
    }

    /** A device's row as a read-only map. */
    private static final class Row extends AbstractMap<String, String> {
        private final Header header;
        private final String[] values;

        Row(Header header, String[] values) {
            this.header = header;
            this.values = values;
        }

        @Override
        public String get(Object key) {
            Integer i = header.positions.get(key);
            return i == null ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return header.positions.containsKey(key);
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            Set<Map.Entry<String, String>> entries = new LinkedHashSet<>();
            header.positions.forEach((k, i) -> entries.add(new SimpleImmutableEntry<>(k, values[i])));
            return entries;
        }
    }
}
