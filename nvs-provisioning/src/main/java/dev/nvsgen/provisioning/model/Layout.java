package dev.nvsgen.provisioning.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What goes into each device's partition: namespaces of entries, in the order they are written. */
public record Layout(List<Namespace> namespaces) {
    public Layout {
        namespaces = List.copyOf(namespaces);
    }

    public static Layout empty() {
        return new Layout(List.of());
    }

    /**
     * This layout with {@code more}'s namespaces merged in (a preset's, then the user's): a namespace given
     * again takes more's entries after its own, and a key given again replaces the earlier one where it was.
     */
    public Layout merge(Layout more) {
        List<Namespace> into = new ArrayList<>(namespaces);
        for (Namespace ns : more.namespaces()) {
            int at = -1;
            for (int i = 0; i < into.size(); i++) {
                if (into.get(i).name().equals(ns.name())) {
                    at = i;
                }
            }
            if (at < 0) {
                into.add(ns);
                continue;
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            into.get(at).entries().forEach(e -> entries.put(e.key(), e));
            ns.entries().forEach(e -> entries.put(e.key(), e));
            into.set(at, new Namespace(ns.name(), List.copyOf(entries.values()), ns.origin()));
        }
        return new Layout(into);
    }

    public boolean isEmpty() {
        return namespaces.isEmpty();
    }

    /** Every entry, namespace by namespace. */
    public List<Entry> entries() {
        return namespaces.stream().flatMap(ns -> ns.entries().stream()).toList();
    }

    /** Whether an entry stores {@code credential}. */
    public boolean stores(Credential credential) {
        return entries().stream().anyMatch(e -> e instanceof Entry.DeviceCredential c && c.credential() == credential);
    }

    /** Whether any entry stores a credential: then a CA must issue them. */
    public boolean storesCredentials() {
        return entries().stream().anyMatch(e -> e instanceof Entry.DeviceCredential);
    }
}
