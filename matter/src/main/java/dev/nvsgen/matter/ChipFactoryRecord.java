package dev.nvsgen.matter;

import dev.nvsgen.matter.internal.PyCsv;
import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.csv.ValueEncoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One device's values for a {@link ChipFactory} layout: for each column the text its CSVs show (the
 * value, or for a file column the file's path) and, for a file column, the file's content. Gives the
 * device's NVS partition, its mfg_gen per-device CSV and its master-CSV row. Not thread-safe while being
 * filled; each device has its own.
 */
public final class ChipFactoryRecord {
    private final ChipFactory layout;
    private final String[] texts;
    private final Bytes[] contents;

    public ChipFactoryRecord(ChipFactory layout) {
        this.layout = layout;
        this.texts = new String[layout.columns().size()];
        this.contents = new Bytes[texts.length];
    }

    public ChipFactory layout() {
        return layout;
    }

    /**
     * Sets a {@code data} column's value, as text in its encoding.
     *
     * @throws IllegalArgumentException if the layout has no such key
     */
    public ChipFactoryRecord set(String namespace, String key, String text) {
        texts[index(namespace, key)] = text;
        return this;
    }

    public ChipFactoryRecord set(String key, String text) {
        return set(ChipFactory.NAMESPACE, key, text);
    }

    public ChipFactoryRecord set(String key, long number) {
        return set(ChipFactory.NAMESPACE, key, Long.toString(number));
    }

    /** Sets a {@code file} column: the path its CSVs show, and the file's content. */
    public ChipFactoryRecord setFile(String namespace, String key, String path, Bytes content) {
        int i = index(namespace, key);
        texts[i] = path;
        contents[i] = content;
        return this;
    }

    public ChipFactoryRecord setFile(String key, String path, Bytes content) {
        return setFile(ChipFactory.NAMESPACE, key, path, content);
    }

    /** Whether {@code key} is in the layout. */
    public boolean has(String namespace, String key) {
        return layout.indexOf(namespace, key) >= 0;
    }

    public String text(String namespace, String key) {
        return texts[index(namespace, key)];
    }

    private int index(String namespace, String key) {
        int i = layout.indexOf(namespace, key);
        if (i < 0) {
            throw new IllegalArgumentException("the factory layout has no key " + key + " in namespace " + namespace);
        }
        return i;
    }

    /**
     * The NVS partition (format version 2, multipage blobs) as nvs_partition_gen makes it of this
     * record's per-device CSV.
     *
     * @throws IllegalArgumentException naming the key whose value is missing or does not fit its encoding
     */
    public NvsPartition toPartition() {
        NvsPartition.Builder b = NvsPartition.builder(FormatVersion.V2);
        String ns = null;
        for (ChipFactory.Column c : layout.orderedColumns()) {
            if (!c.namespace().equals(ns)) {
                ns = c.namespace();
                b.namespace(ns);
            }
            int i = layout.indexOf(c.namespace(), c.key());
            b.put(c.key(), value(c, i));
        }
        return b.build();
    }

    private NvsValue value(ChipFactory.Column c, int i) {
        ValueEncoding e = ValueEncoding.named(c.encoding());
        try {
            if (c.kind() == ChipFactory.Kind.FILE) {
                if (contents[i] == null) {
                    throw new IllegalArgumentException("no file content");
                }
                return e.fromFile(contents[i].toByteArray());
            }
            if (texts[i] == null) {
                throw new IllegalArgumentException("no value");
            }
            return e.fromText(texts[i]);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException(
                    "namespace " + c.namespace() + ", key " + c.key() + " (" + c.encoding() + "): " + ex.getMessage(),
                    ex);
        }
    }

    /**
     * mfg_gen's per-device CSV ({@code internal/partition.csv}): {@code key,type,encoding,value}, each
     * namespace's line, then its keys; CRLF line ends, as Python's csv module writes them.
     */
    public String partitionCsv() {
        StringBuilder s = new StringBuilder("key,type,encoding,value\r\n");
        String ns = null;
        for (ChipFactory.Column c : layout.orderedColumns()) {
            if (!c.namespace().equals(ns)) {
                ns = c.namespace();
                s.append(PyCsv.row(List.of(ns, "namespace", "", ""))).append("\r\n");
            }
            int i = layout.indexOf(c.namespace(), c.key());
            s.append(PyCsv.row(List.of(c.key(), c.kind().id(), c.encoding(), String.valueOf(texts[i]))))
                    .append("\r\n");
        }
        return s.toString();
    }

    /** This device's master-CSV cells, in {@link ChipFactory#masterHeader()} order ("None" for a value never set, as the reference shows it). */
    public List<String> masterCells() {
        List<String> out = new ArrayList<>();
        for (ChipFactory.Column c : layout.orderedColumns()) {
            String t = texts[layout.indexOf(c.namespace(), c.key())];
            out.add(t == null ? "None" : t);
        }
        return out;
    }

    @Override
    public String toString() {
        return "ChipFactoryRecord" + Arrays.toString(layout.masterHeader().toArray());
    }
}
