package dev.nvsgen.nvs.read;

import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an NVS image holds, as {@link NvsReader} read it: the entries ESP-IDF's nvs_flash reads from it,
 * its pages, and every problem found. Immutable and safe to share between threads.
 */
public final class NvsImage {
    /** A namespace definition ({@code entry} null) or an entry, in the order the image stores them. */
    record Row(String namespace, NvsEntry entry) {}

    private final FormatVersion version;
    private final List<Row> rows;
    private final List<NvsEntry> entries;
    private final List<String> namespaces;
    private final List<PageSummary> pages;
    private final List<Finding> findings;

    NvsImage(FormatVersion version, List<Row> rows, List<PageSummary> pages, List<Finding> findings) {
        this.version = version;
        this.rows = List.copyOf(rows);
        this.pages = List.copyOf(pages);
        this.findings = List.copyOf(findings);
        List<NvsEntry> e = new ArrayList<>();
        Set<String> ns = new LinkedHashSet<>();
        for (Row r : rows) {
            if (r.entry() == null) {
                ns.add(r.namespace());
            } else {
                ns.add(r.entry().namespace());
                e.add(r.entry());
            }
        }
        this.entries = List.copyOf(e);
        this.namespaces = List.copyOf(ns);
    }

    /**
     * The live entries: every key nvs_flash lists and reads back, with the value it returns, in the order
     * its iterator visits them; version 1 blobs (which the iterator skips but {@code nvs_get_blob}
     * returns) included, where they are stored.
     */
    public List<NvsEntry> entries() {
        return entries;
    }

    /**
     * The value nvs_flash reads for {@code key} in {@code namespace} ({@code nvs_get_*}), if the image
     * holds one.
     */
    public Optional<NvsValue> get(String namespace, String key) {
        for (NvsEntry e : entries) {
            if (e.namespace().equals(namespace) && e.key().equals(key)) {
                return Optional.of(e.value());
            }
        }
        return Optional.empty();
    }

    /** Namespace names in the order the image defines them, unused ones included. */
    public List<String> namespaces() {
        return namespaces;
    }

    /** The format version of the image's pages: {@link FormatVersion#V1} only when every page in use says so. */
    public FormatVersion version() {
        return version;
    }

    /** Every page of the image, in image order. */
    public List<PageSummary> pages() {
        return pages;
    }

    /** Every problem found, in image order; empty for a sound image. */
    public List<Finding> findings() {
        return findings;
    }

    /** True when nothing at all is wrong with the image. */
    public boolean isSound() {
        return findings.isEmpty();
    }

    /**
     * The partition whose image this is: namespaces and entries in the order they are stored, so that
     * {@code toPartition().toImage(size)} of an image nvsgen or nvs_partition_gen wrote gives the same
     * bytes back.
     *
     * @throws dev.nvsgen.nvs.NvsInputException when the image holds what a generated partition cannot
     *     (a string longer than nvs_partition_gen writes, say)
     */
    public NvsPartition toPartition() {
        NvsPartition.Builder b = NvsPartition.builder(version);
        for (Row r : rows) {
            if (r.entry() == null) {
                b.namespace(r.namespace());
            } else {
                b.put(r.entry().namespace(), r.entry().key(), r.entry().value());
            }
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "NvsImage[" + version + ", " + pages.size() + " pages, " + entries.size() + " entries, "
                + findings.size() + " findings]";
    }
}
