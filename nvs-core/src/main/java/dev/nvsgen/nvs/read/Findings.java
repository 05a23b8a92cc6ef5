package dev.nvsgen.nvs.read;

import dev.nvsgen.nvs.internal.Page;
import dev.nvsgen.nvs.read.Finding.Kind;
import dev.nvsgen.nvs.read.Finding.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects findings, once per kind and byte, and hands them out in image order. */
final class Findings {
    private final List<Finding> list = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    void image(Kind kind, Severity severity, String message) {
        add(new Finding(kind, severity, -1, -1, 0, message));
    }

    void page(Kind kind, Severity severity, int page, int offsetInPage, String message) {
        add(new Finding(kind, severity, page, -1, (long) page * Page.SIZE + offsetInPage, message));
    }

    /** A finding about the entry whose 32 bytes start at {@code entryOffset}; it points at byte {@code field} of it. */
    void entry(Kind kind, Severity severity, long entryOffset, int field, String message) {
        int page = (int) (entryOffset / Page.SIZE);
        int slot = (int) ((entryOffset % Page.SIZE - Page.FIRST_ENTRY_OFFSET) / Page.ENTRY_SIZE);
        add(new Finding(kind, severity, page, slot, entryOffset + field, message));
    }

    /** A finding about entry {@code slot} of {@code page} that points at {@code offset} (a bitmap byte, say). */
    void slot(Kind kind, Severity severity, int page, int slot, long offset, String message) {
        add(new Finding(kind, severity, page, slot, offset, message));
    }

    boolean has(Kind kind, long offset) {
        return seen.contains(kind + "@" + offset);
    }

    private void add(Finding f) {
        if (seen.add(f.kind() + "@" + f.offset())) {
            list.add(f);
        }
    }

    List<Finding> sorted() {
        List<Finding> out = new ArrayList<>(list);
        out.sort(Comparator.comparingInt(Finding::page).thenComparingLong(Finding::offset));
        return List.copyOf(out);
    }
}
