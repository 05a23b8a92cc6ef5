package dev.nvsgen.securecert;

import java.util.Objects;

/**
 * A TLV found in a partition, with where it lies and whether its CRC holds.
 *
 * @param offset the header's offset from the start of the partition
 * @param storedCrc the footer's CRC
 * @param computedCrc the CRC over header, data and padding as stored
 */
public record LocatedTlv(long offset, TlvEntry entry, int storedCrc, int computedCrc) {
    public LocatedTlv {
        Objects.requireNonNull(entry, "entry");
    }

    public boolean crcOk() {
        return storedCrc == computedCrc;
    }

    /** The offset after this TLV. */
    public long end() {
        return offset + entry.totalLength();
    }
}
