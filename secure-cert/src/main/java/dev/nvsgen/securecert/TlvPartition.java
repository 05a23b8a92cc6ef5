package dev.nvsgen.securecert;

import dev.nvsgen.nvs.Bytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The TLVs of an esp_secure_cert partition, in flash order. {@link #toBytes()} writes them back to back from
 * offset 0, as configure_esp_secure_cert.py does; the file ends after the last TLV (on flash the rest of the
 * partition stays erased, 0xFF). {@link TlvReader#read} gives the same partition back.
 */
public final class TlvPartition {
    /** Default size of the esp_secure_cert partition (0x2000), the most configure_esp_secure_cert.py writes. */
    public static final int DEFAULT_PARTITION_SIZE = 0x2000;

    private final List<TlvEntry> entries;

    private TlvPartition(List<TlvEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** A partition of exactly these TLVs (no INTEGRITY TLV is added). */
    public static TlvPartition of(List<TlvEntry> entries) {
        return new TlvPartition(entries);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<TlvEntry> entries() {
        return entries;
    }

    /** Bytes the TLVs take. */
    public int length() {
        int n = 0;
        for (TlvEntry e : entries) {
            n += e.totalLength();
        }
        return n;
    }

    /** The TLVs back to back, from offset 0. */
    public byte[] toBytes() {
        byte[] out = new byte[length()];
        int offset = 0;
        for (TlvEntry e : entries) {
            offset = e.writeTo(out, offset);
        }
        return out;
    }

    /**
     * The INTEGRITY TLV for these bytes: SHA-256 of everything before it (esp_secure_cert_mgr's
     * {@code esp_secure_cert_verify_partition_integrity}).
     */
    public static TlvEntry integrityOf(byte[] image, int length) {
        return TlvEntry.of(TlvType.INTEGRITY, TlvSubtype.SUBTYPE_0, Bytes.of(sha256(image, length)));
    }

    static byte[] sha256(byte[] image, int length) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(image, 0, length);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlvPartition p && p.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "TlvPartition" + entries;
    }

    /** Collects TLVs in order. */
    public static final class Builder {
        private final List<TlvEntry> entries = new ArrayList<>();

        private Builder() {}

        public Builder add(TlvEntry entry) {
            entries.add(Objects.requireNonNull(entry, "entry"));
            return this;
        }

        /** The TLVs added so far, as they are. */
        public TlvPartition build() {
            return new TlvPartition(entries);
        }

        /** The TLVs added so far and, last, an INTEGRITY TLV over them, as the tool writes every partition. */
        public TlvPartition buildWithIntegrity() {
            TlvPartition body = new TlvPartition(entries);
            byte[] bytes = body.toBytes();
            List<TlvEntry> all = new ArrayList<>(entries);
            all.add(integrityOf(bytes, bytes.length));
            return new TlvPartition(all);
        }
    }
}
