package dev.nvsgen.partitions.internal;

import dev.nvsgen.partitions.PartitionEntry;

/**
 * A partition and where it was read from, for messages: {@code partitions.csv:4} for a CSV line,
 * {@code partition-table.bin: entry 3} for a binary row.
 */
public record Row(PartitionEntry entry, String origin) {
    /** The start of an error message about this row: {@code partitions.csv:4: partition 'nvs'}. */
    public String where() {
        return origin + ": partition '" + entry.name() + "'";
    }
}
