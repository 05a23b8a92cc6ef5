package dev.nvsgen.securecert;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An esp_secure_cert TLV partition as {@link TlvReader} found it: the TLVs located by offset, the structural
 * findings, and the lookups esp_secure_cert_mgr's reader makes ({@link #find}, {@link #findLatest}).
 */
public final class TlvImage {
    private final byte[] image;
    private final List<LocatedTlv> tlvs;
    private final List<SecureCertFinding> findings;
    private final long end;
    private final Integrity integrity;
    private final long integrityOffset;

    TlvImage(
            byte[] image,
            List<LocatedTlv> tlvs,
            List<SecureCertFinding> findings,
            long end,
            Integrity integrity,
            long integrityOffset) {
        this.image = image;
        this.tlvs = List.copyOf(tlvs);
        this.findings = List.copyOf(findings);
        this.end = end;
        this.integrity = integrity;
        this.integrityOffset = integrityOffset;
    }

    /** Every TLV the walk found, in flash order, CRC good or not. */
    public List<LocatedTlv> tlvs() {
        return tlvs;
    }

    /** Structural problems: CRCs, truncation, unknown codes, integrity, duplicates, trailing bytes. */
    public List<SecureCertFinding> findings() {
        return findings;
    }

    /** Offset after the last TLV. */
    public long end() {
        return end;
    }

    /** Bytes of the image read. */
    public int imageLength() {
        return image.length;
    }

    public Integrity integrity() {
        return integrity;
    }

    /** Offset of the INTEGRITY TLV the device checks, or -1. */
    public long integrityOffset() {
        return integrityOffset;
    }

    /**
     * The TLV the device returns for {@code type} and {@code subtype} ({@code esp_secure_cert_find_tlv}): the
     * first one of that type and subtype, if its CRC holds (the device does not look further when it fails).
     */
    public Optional<LocatedTlv> find(TlvType type, TlvSubtype subtype) {
        for (LocatedTlv t : tlvs) {
            if (t.entry().type() == type && t.entry().subtype() == subtype) {
                return t.crcOk() ? Optional.of(t) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * The TLV the device returns for {@code type} with {@code ESP_SECURE_CERT_SUBTYPE_MAX}: the last one of that
     * type in flash order, if its CRC holds.
     */
    public Optional<LocatedTlv> findLatest(TlvType type) {
        LocatedTlv latest = null;
        for (LocatedTlv t : tlvs) {
            if (t.entry().type() == type) {
                latest = t;
            }
        }
        return latest != null && latest.crcOk() ? Optional.of(latest) : Optional.empty();
    }

    /** The TLVs as a partition (CRCs recomputed): what the writer takes to write this image again. */
    public TlvPartition toPartition() {
        List<TlvEntry> entries = new ArrayList<>();
        for (LocatedTlv t : tlvs) {
            entries.add(t.entry());
        }
        return TlvPartition.of(entries);
    }

    @Override
    public String toString() {
        return "TlvImage[" + tlvs.size() + " TLVs, " + end + " bytes, integrity " + integrity + ", " + findings.size()
                + " findings]";
    }
}
