package dev.nvsgen.securecert;

import dev.nvsgen.crypto.flash.Chip;
import dev.nvsgen.nvs.NvsInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one device's esp_secure_cert partition is made of: layout, target chip and the items in order
 * (configure_esp_secure_cert.py's {@code --ca-cert}, {@code --device-cert}, {@code --private-key}, then the CSV
 * rows). Immutable and checked when built, so a batch can build one per device and hand it to
 * {@link SecureCertGenerator#generate} on any thread.
 */
public final class SecureCertRequest {
    private final SecureCertLayout layout;
    private final Chip chip;
    private final List<SecureCertItem> items;
    private final int partitionSize;

    private SecureCertRequest(SecureCertLayout layout, Chip chip, List<SecureCertItem> items, int partitionSize) {
        this.layout = layout;
        this.chip = chip;
        this.items = List.copyOf(items);
        this.partitionSize = partitionSize;
    }

    public static Builder builder(SecureCertLayout layout, Chip chip) {
        return new Builder(layout, chip);
    }

    public SecureCertLayout layout() {
        return layout;
    }

    public Chip chip() {
        return chip;
    }

    public List<SecureCertItem> items() {
        return items;
    }

    /** The partition's size: the most the TLVs may take. */
    public int partitionSize() {
        return partitionSize;
    }

    /** The first item of {@code type} and subtype 0, or null. */
    SecureCertItem item(TlvType type) {
        for (SecureCertItem i : items) {
            if (i.type() == type && i.subtype() == TlvSubtype.SUBTYPE_0) {
                return i;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "SecureCertRequest[" + layout.id() + ", " + chip.id() + ", " + items + "]";
    }

    /** Collects items in order; {@link #build()} checks them against the layout and the chip. */
    public static final class Builder {
        private final SecureCertLayout layout;
        private final Chip chip;
        private final List<SecureCertItem> items = new ArrayList<>();
        private int partitionSize;

        private Builder(SecureCertLayout layout, Chip chip) {
            this.layout = Objects.requireNonNull(layout, "layout");
            this.chip = Objects.requireNonNull(chip, "chip");
            this.partitionSize = layout.partitionSize();
        }

        public Builder add(SecureCertItem item) {
            items.add(Objects.requireNonNull(item, "item"));
            return this;
        }

        public Builder addAll(List<? extends SecureCertItem> more) {
            more.forEach(this::add);
            return this;
        }

        /** The partition's size for the TLV layout (default 0x2000): the TLVs must fit it. */
        public Builder partitionSize(int bytes) {
            if (layout != SecureCertLayout.CUST_FLASH_TLV) {
                throw new IllegalArgumentException("the legacy layouts have a fixed size");
            }
            if (bytes <= 0 || bytes % 0x1000 != 0) {
                throw new IllegalArgumentException("a partition size is a positive multiple of 0x1000, not " + bytes);
            }
            this.partitionSize = bytes;
            return this;
        }

        /**
         * The request.
         *
         * @throws NvsInputException for two items of one type and subtype, a key the chip's peripheral does not
         *     take, or an item the layout cannot hold
         */
        public SecureCertRequest build() {
            if (items.isEmpty()) {
                throw new NvsInputException(
                        "nothing to store: give a CA certificate, a device certificate, a private key or a CSV");
            }
            Set<String> seen = new HashSet<>();
            for (SecureCertItem i : items) {
                if (!seen.add(i.type() + "/" + i.subtype().code())) {
                    throw new NvsInputException(
                            "two entries of TLV type " + i.type().toolName() + " and subtype "
                                    + i.subtype().code() + "; each type and subtype can be stored once");
                }
                if (i.type() == TlvType.INTEGRITY
                        || i.type() == TlvType.DS_DATA
                        || i.type() == TlvType.DS_CONTEXT
                        || i.type() == TlvType.SEC_CFG) {
                    throw new NvsInputException("TLV type " + i.type().toolName()
                            + " is written by nvsgen itself; give the private key with its priv_key_type instead");
                }
                if (i instanceof SecureCertItem.PrivateKey k) {
                    checkKey(k);
                }
            }
            if (layout != SecureCertLayout.CUST_FLASH_TLV) {
                checkLegacy();
            }
            return new SecureCertRequest(layout, chip, items, partitionSize);
        }

        private void checkKey(SecureCertItem.PrivateKey k) {
            switch (k.protection()) {
                case PLAINTEXT -> {}
                case RSA_DS -> {
                    if (!k.file().isRsa()) {
                        throw new NvsInputException(k.file().name() + ": the RSA DS peripheral needs an RSA key,"
                                + " this is an EC key (use ecdsa_peripheral, or plaintext)");
                    }
                    DsData.checkSize(chip, k.file().bits());
                }
                case ECDSA_PERIPHERAL -> {
                    if (k.file().isRsa()) {
                        throw new NvsInputException(k.file().name()
                                + ": the ECDSA peripheral needs an EC key, this is an RSA key (use rsa_ds)");
                    }
                    if (!chip.ecdsaBits().contains(k.file().bits())) {
                        throw new NvsInputException(
                                chip.ecdsaBits().isEmpty()
                                        ? chip.id()
                                                + " has no ECDSA peripheral (esp32h2, esp32p4, esp32c5, esp32c61 have one)"
                                        : "the ECDSA peripheral of " + chip.id() + " takes keys of " + chip.ecdsaBits()
                                                + " bits, not " + k.file().bits());
                    }
                }
            }
        }

        private void checkLegacy() {
            for (SecureCertItem i : items) {
                boolean fits =
                        (i.type() == TlvType.CA_CERT || i.type() == TlvType.DEV_CERT || i.type() == TlvType.PRIV_KEY)
                                && i.subtype() == TlvSubtype.SUBTYPE_0;
                if (!fits) {
                    throw new NvsInputException("the legacy " + layout.id() + " layout holds one CA certificate,"
                            + " one device certificate and one key; " + i.type().toolName() + " subtype "
                            + i.subtype().code() + " needs cust_flash_tlv");
                }
                if (i instanceof SecureCertItem.PrivateKey k && k.protection() == KeyProtection.ECDSA_PERIPHERAL) {
                    throw new NvsInputException("the legacy " + layout.id()
                            + " layout has no ECDSA peripheral variant; use cust_flash_tlv");
                }
            }
            if (!(findKey() instanceof SecureCertItem.PrivateKey)) {
                throw new NvsInputException(
                        "the legacy " + layout.id() + " layout needs the private key (--private-key)");
            }
            if (layout == SecureCertLayout.NVS) {
                boolean dev = false;
                for (SecureCertItem i : items) {
                    dev |= i.type() == TlvType.DEV_CERT;
                    boolean der = i instanceof SecureCertItem.Certificate c
                                    && !c.file().isPem()
                            || i instanceof SecureCertItem.PrivateKey k
                                    && !k.file().isPem()
                                    && k.protection() == KeyProtection.PLAINTEXT;
                    if (der) {
                        throw new NvsInputException("the legacy nvs layout stores PEM text in NVS strings;" + " give "
                                + i.type().toolName() + " as PEM, or use cust_flash_tlv for DER");
                    }
                }
                if (!dev) {
                    throw new NvsInputException("the legacy nvs layout needs the device certificate (--device-cert)");
                }
            }
        }

        private SecureCertItem findKey() {
            for (SecureCertItem i : items) {
                if (i instanceof SecureCertItem.PrivateKey) {
                    return i;
                }
            }
            return null;
        }
    }
}
