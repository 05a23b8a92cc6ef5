package dev.nvsgen.securecert;

import java.util.List;
import java.util.Optional;

/**
 * What {@link SecureCertGenerator} made for one device: the partition image and the eFuse keys it relies on.
 */
public final class SecureCertImage {
    private final SecureCertLayout layout;
    private final byte[] bytes;
    private final Optional<TlvPartition> tlvs;
    private final List<EfuseKeyBurn> efuseKeys;

    SecureCertImage(SecureCertLayout layout, byte[] bytes, Optional<TlvPartition> tlvs, List<EfuseKeyBurn> efuseKeys) {
        this.layout = layout;
        this.bytes = bytes;
        this.tlvs = tlvs;
        this.efuseKeys = List.copyOf(efuseKeys);
    }

    public SecureCertLayout layout() {
        return layout;
    }

    /**
     * A copy of the image: for the TLV layout the TLVs only (the file configure_esp_secure_cert.py writes; flash
     * the partition's rest erased), for the legacy layouts the whole partition.
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** The TLVs, for the TLV layout. */
    public Optional<TlvPartition> tlvs() {
        return tlvs;
    }

    /** The eFuse keys to burn, in the order of the keys that need them. */
    public List<EfuseKeyBurn> efuseKeys() {
        return efuseKeys;
    }

    @Override
    public String toString() {
        return "SecureCertImage[" + layout.id() + ", " + bytes.length + " bytes, " + efuseKeys + "]";
    }
}
