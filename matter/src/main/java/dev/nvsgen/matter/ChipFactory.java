package dev.nvsgen.matter;

import dev.nvsgen.matter.internal.PyCsv;
import dev.nvsgen.nvs.csv.ValueEncoding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The layout of a Matter factory partition: namespaces and their keys, each with its mfg_gen type
 * ({@code data} or {@code file}) and encoding, in the order they are written. ESP-Matter's
 * {@code ESP32FactoryDataProvider} reads namespace {@value #NAMESPACE} with the keys below. Immutable;
 * made with {@link #builder()}, which keeps a key where it was first declared when it is declared again
 * (with the new type), as esp-matter-mfg-tool does for a key of {@code --csv} already in the layout.
 */
public final class ChipFactory {
    public static final String NAMESPACE = "chip-factory";

    // The keys esp-matter-mfg-tool writes (ESP-Matter's ESP32Config), in its order.
    public static final String DISCRIMINATOR = "discriminator";
    public static final String ITERATION_COUNT = "iteration-count";
    public static final String SALT = "salt";
    public static final String VENDOR_ID = "vendor-id";
    public static final String VENDOR_NAME = "vendor-name";
    public static final String PRODUCT_ID = "product-id";
    public static final String PRODUCT_NAME = "product-name";
    public static final String HARDWARE_VERSION = "hardware-ver";
    public static final String HARDWARE_VERSION_STRING = "hw-ver-str";
    public static final String MANUFACTURING_DATE = "mfg-date";
    public static final String ROTATING_DEVICE_ID_UNIQUE_ID = "rd-id-uid";
    public static final String PRODUCT_FINISH = "product-finish";
    public static final String PRODUCT_COLOR = "product-color";
    public static final String PART_NUMBER = "part-number";
    public static final String SERIAL_NUMBER = "serial-num";
    public static final String DAC_CERT = "dac-cert";
    public static final String DAC_KEY = "dac-key";
    public static final String DAC_PUBLIC_KEY = "dac-pub-key";
    public static final String PAI_CERT = "pai-cert";
    public static final String VERIFIER = "verifier";
    public static final String CERTIFICATION_DECLARATION = "cert-dclrn";
    public static final String CALENDAR_TYPES = "cal-types";
    public static final String LOCALE_COUNT = "locale-sz";
    public static final String PRODUCT_LABEL = "product-label";
    public static final String PRODUCT_URL = "product-url";

    /** A key's mfg_gen type: a value in the CSV, or a file whose content is the value. */
    public enum Kind {
        DATA("data"),
        FILE("file");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** The kind of {@code id}: {@code data} or {@code file}. */
        public static Kind of(String id) {
            for (Kind k : values()) {
                if (k.id.equals(id)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("type '" + id + "' is neither data nor file");
        }
    }

    /** One key of the layout: where it goes and how its value is encoded. */
    public record Column(String namespace, String key, Kind kind, String encoding) {
        public Column {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(kind, "kind");
            ValueEncoding.named(encoding);
            if (kind == Kind.FILE
                    && !List.of("binary", "string", "hex2bin", "base64").contains(encoding)) {
                throw new IllegalArgumentException("key " + key + ": a file value cannot have encoding " + encoding);
            }
        }
    }

    private final List<Column> columns;
    private final List<String> namespaces;

    private ChipFactory(List<Column> columns) {
        this.columns = List.copyOf(columns);
        this.namespaces = columns.stream().map(Column::namespace).distinct().toList();
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Column> columns() {
        return columns;
    }

    /** The namespaces, in order ({@value #NAMESPACE} first when the layout has it). */
    public List<String> namespaces() {
        return namespaces;
    }

    /** The column of {@code key} in {@code namespace}, or -1. */
    public int indexOf(String namespace, String key) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).namespace().equals(namespace)
                    && columns.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** mfg_gen's config file: per namespace {@code NS,namespace,} then {@code key,type,encoding}; LF line ends. */
    public String configCsv() {
        StringBuilder s = new StringBuilder();
        for (String ns : namespaces) {
            s.append(ns).append(",namespace,\n");
            for (Column c : columns) {
                if (c.namespace().equals(ns)) {
                    s.append(c.key())
                            .append(',')
                            .append(c.kind().id())
                            .append(',')
                            .append(c.encoding())
                            .append('\n');
                }
            }
        }
        return s.toString();
    }

    /** The header of the master (values) CSV: every key, namespace by namespace, as mfg_gen reads it. */
    public List<String> masterHeader() {
        List<String> keys = new ArrayList<>();
        for (String ns : namespaces) {
            for (Column c : columns) {
                if (c.namespace().equals(ns)) {
                    keys.add(c.key());
                }
            }
        }
        return keys;
    }

    /** The columns in master-CSV order (namespace by namespace). */
    public List<Column> orderedColumns() {
        List<Column> out = new ArrayList<>();
        for (String ns : namespaces) {
            for (Column c : columns) {
                if (c.namespace().equals(ns)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    String masterHeaderLine() {
        return PyCsv.row(masterHeader());
    }

    /** Builds a layout; a key declared again keeps its place and takes the new type and encoding. */
    public static final class Builder {
        private final Map<String, Column> columns = new LinkedHashMap<>();

        private Builder() {}

        public Builder add(String namespace, String key, Kind kind, String encoding) {
            columns.put(namespace + "\u0000" + key, new Column(namespace, key, kind, encoding));
            return this;
        }

        public Builder data(String key, String encoding) {
            return add(NAMESPACE, key, Kind.DATA, encoding);
        }

        public Builder file(String key) {
            return add(NAMESPACE, key, Kind.FILE, "binary");
        }

        /** Removes {@code key} of {@code namespace}, if declared. */
        public Builder remove(String namespace, String key) {
            columns.remove(namespace + "\u0000" + key);
            return this;
        }

        public boolean has(String namespace, String key) {
            return columns.containsKey(namespace + "\u0000" + key);
        }

        public ChipFactory build() {
            return new ChipFactory(new ArrayList<>(columns.values()));
        }
    }
}
