package dev.nvsgen.provisioning.model;

import java.util.List;
import java.util.Objects;

/** An NVS namespace of the layout and its entries, in the order they are written. */
public record Namespace(String name, List<Entry> entries, Origin origin) {
    public Namespace {
        Objects.requireNonNull(name, "name");
        entries = List.copyOf(entries);
    }
}
