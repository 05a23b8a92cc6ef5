package dev.nvsgen.nvs;

import dev.nvsgen.nvs.internal.ImageWriter;
import dev.nvsgen.nvs.util.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The contents of an NVS partition: namespaces and their entries, in the order they are written, and
 * the format version. Immutable and safe to share between threads; {@link #toImage} lays it out exactly
 * as ESP-IDF's {@code nvs_partition_gen} does.
 *
 * <pre>{@code
 * NvsPartition p = NvsPartition.builder()
 *         .namespace("factory")
 *         .put("serial", NvsValue.string("SN-0001"))
 *         .put("hw_rev", NvsValue.u8(3))
 *         .build();
 * byte[] image = p.toImage(PartitionSize.parse("0x6000"));
 * }</pre>
 */
public final class NvsPartition {
    /** Namespace indexes are one byte; 0 holds namespace definitions and nvs_flash reserves 0xFF. */
    public static final int MAX_NAMESPACES = 254;

    /**
     * The largest blob ESP-IDF's {@code nvs_flash} reads back: 127 chunks of at most 4000 bytes (chunk
     * numbers from 128 up belong to the other blob version), and it drops larger blob indexes at start-up.
     */
    public static final int MAX_DEVICE_BLOB = 508_000;

    private final FormatVersion version;
    private final List<String> namespaces;
    private final List<NvsEntry> entries;
    /** For namespace i (index i + 1 on flash): how many entries precede its definition item. */
    private final int[] namespaceDefinedAfter;

    private NvsPartition(Builder b) {
        this.version = b.version;
        this.namespaces = List.copyOf(b.namespaces);
        this.entries = List.copyOf(b.entries);
        this.namespaceDefinedAfter = new int[b.namespaceDefinedAfter.size()];
        for (int i = 0; i < namespaceDefinedAfter.length; i++) {
            namespaceDefinedAfter[i] = b.namespaceDefinedAfter.get(i);
        }
    }

    public static Builder builder() {
        return new Builder(FormatVersion.V2);
    }

    public static Builder builder(FormatVersion version) {
        return new Builder(version);
    }

    public FormatVersion version() {
        return version;
    }

    /** Namespace names in the order of their indexes 1, 2, 3 … */
    public List<String> namespaces() {
        return namespaces;
    }

    /**
     * What the image will hold that ESP-IDF's {@code nvs_flash} cannot read back, though the reference
     * generator writes it too: blobs larger than {@link #MAX_DEVICE_BLOB} bytes. One sentence each.
     */
    public List<String> deviceWarnings() {
        List<String> warnings = new ArrayList<>();
        for (NvsEntry e : entries) {
            if (e.value() instanceof NvsValue.BlobValue b && b.data().length() > MAX_DEVICE_BLOB) {
                warnings.add("namespace '" + e.namespace() + "', key '" + e.key() + "': a blob of "
                        + b.data().length() + " bytes is larger than the " + MAX_DEVICE_BLOB
                        + " bytes nvs_flash reads; a device will not see it");
            }
        }
        return warnings;
    }

    public List<NvsEntry> entries() {
        return entries;
    }

    /**
     * Where the definition of namespace {@code i} (0-based, in {@link #namespaces()} order) is written:
     * after this many of {@link #entries()}.
     */
    public int entriesBefore(int i) {
        return namespaceDefinedAfter[i];
    }

    /** The image of a partition of {@code size}: every page of it, or for read-only sizes only the pages in use. */
    public byte[] toImage(PartitionSize size) {
        ImageWriter writer = new ImageWriter(version, size);
        int ns = 0;
        Map<String, Integer> indexes = new HashMap<>();
        for (int i = 0; i <= entries.size(); i++) {
            while (ns < namespaces.size() && namespaceDefinedAfter[ns] == i) {
                indexes.put(namespaces.get(ns), ns + 1);
                writer.writeNamespace(namespaces.get(ns), ns + 1);
                ns++;
            }
            if (i < entries.size()) {
                NvsEntry e = entries.get(i);
                writer.writeEntry(indexes.get(e.namespace()), e.namespace(), e.key(), e.value());
            }
        }
        return writer.finish();
    }

    public void writeTo(OutputStream out, PartitionSize size) throws IOException {
        out.write(toImage(size));
    }

    /**
     * Writes the image to {@code file} through a temporary file in the same folder, so that the file is
     * either the whole new image or untouched.
     */
    public void writeTo(Path file, PartitionSize size) throws IOException {
        AtomicFiles.write(file, toImage(size), false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NvsPartition p
                && version == p.version
                && namespaces.equals(p.namespaces)
                && entries.equals(p.entries)
                && java.util.Arrays.equals(namespaceDefinedAfter, p.namespaceDefinedAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, namespaces, entries);
    }

    @Override
    public String toString() {
        return "NvsPartition[" + version + ", " + namespaces.size() + " namespaces, " + entries.size() + " entries]";
    }

    /** Collects namespaces and entries in writing order. Not thread-safe; {@link #build()} gives the immutable result. */
    public static final class Builder {
        private final FormatVersion version;
        private final List<String> namespaces = new ArrayList<>();
        private final Map<String, Integer> known = new HashMap<>();
        private final List<Integer> namespaceDefinedAfter = new ArrayList<>();
        private final List<NvsEntry> entries = new ArrayList<>();
        private String current;

        private Builder(FormatVersion version) {
            this.version = Objects.requireNonNull(version, "version");
        }

        public FormatVersion version() {
            return version;
        }

        /**
         * Opens {@code name}: defines it if it is new (its definition item is written here) and makes it
         * the namespace of the following {@link #put(String, NvsValue)} calls.
         */
        public Builder namespace(String name) {
            try {
                NvsEntry.checkName("namespace name", name);
            } catch (IllegalArgumentException e) {
                throw new NvsInputException(e.getMessage());
            }
            if (!known.containsKey(name)) {
                if (namespaces.size() == MAX_NAMESPACES) {
                    throw new NvsInputException("namespace '" + name + "' would be number " + (MAX_NAMESPACES + 1)
                            + "; NVS has room for " + MAX_NAMESPACES);
                }
                known.put(name, namespaces.size());
                namespaces.add(name);
                namespaceDefinedAfter.add(entries.size());
            }
            current = name;
            return this;
        }

        /** The namespace {@link #put(String, NvsValue)} writes to, or null before the first {@link #namespace}. */
        public String currentNamespace() {
            return current;
        }

        /** Adds {@code key} with {@code value} to the current namespace. */
        public Builder put(String key, NvsValue value) {
            if (current == null) {
                throw new NvsInputException("key '" + key + "' comes before any namespace: open a namespace first");
            }
            return put(current, key, value);
        }

        /** Adds {@code key} with {@code value} to {@code namespace}, defining the namespace here if it is new. */
        public Builder put(String namespace, String key, NvsValue value) {
            if (!known.containsKey(namespace)) {
                String previous = current;
                namespace(namespace);
                current = previous;
            }
            NvsEntry entry;
            try {
                entry = new NvsEntry(namespace, key, value);
            } catch (IllegalArgumentException e) {
                throw new NvsInputException(e.getMessage());
            }
            checkFits(key, value);
            entries.add(entry);
            return this;
        }

        private void checkFits(String key, NvsValue value) {
            if (value instanceof NvsValue.StringValue s) {
                int stored = s.storedLength();
                if (stored > version.maxStringBytes()) {
                    throw new NvsInputException("string for key '" + key + "' is " + stored
                            + " bytes with its NUL; format version " + version.number() + " allows at most "
                            + version.maxStringBytes());
                }
                if (stored > ImageWriter.MAX_SINGLE_PAGE_PAYLOAD) {
                    throw new NvsInputException("string for key '" + key + "' is " + stored
                            + " bytes with its NUL; a string must fit one page, which holds at most "
                            + ImageWriter.MAX_SINGLE_PAGE_PAYLOAD);
                }
            } else if (value instanceof NvsValue.BlobValue b) {
                if (b.data().length() > version.maxBlobBytes()) {
                    throw new NvsInputException(
                            "blob for key '" + key + "' is " + b.data().length()
                                    + " bytes; format version " + version.number() + " allows at most "
                                    + version.maxBlobBytes() + " (version 2 splits larger blobs across pages)");
                }
            }
        }

        public NvsPartition build() {
            return new NvsPartition(this);
        }
    }
}
