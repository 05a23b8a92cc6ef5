package dev.nvsgen.securecert;

import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.read.NvsImage;
import dev.nvsgen.nvs.read.NvsReader;
import dev.nvsgen.nvs.util.Crc32;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What esp_secure_cert_mgr's getters return for a partition, in a firmware built with the given options:
 * {@code esp_secure_cert_get_device_cert}, {@code _get_ca_cert}, {@code _get_priv_key} (not in DS builds),
 * {@code _get_ds_ctx} (DS builds), {@code _get_priv_key_type} and {@code _get_priv_key_efuse_id} (TLV-only builds),
 * {@code _verify_partition_integrity} and the TLV iterator (srcs/esp_secure_cert_read.c and
 * esp_secure_cert_tlv_read.c). A model for checking what a device will read, not a second parser: it is built on
 * {@link TlvReader}.
 *
 * <p>Key bytes come out only through {@link #exportPrivateKey()}.
 */
public final class DeviceView {
    /**
     * The firmware's configuration.
     *
     * @param legacyFormats {@code CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS}: the getters read the highest
     *     subtype of each type, and the cust_flash and NVS layouts are read too
     * @param dsPeripheral {@code CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL}: no private-key getter, a DS context one
     */
    public record Build(boolean legacyFormats, boolean dsPeripheral) {}

    /**
     * The DS context as {@code esp_secure_cert_get_ds_ctx} returns it.
     *
     * @param cLength bytes of C
     */
    public record DsView(int efuseKeyId, int rsaBits, int rsaLength, Bytes iv, int cLength, Bytes c) {}

    /** A getter that failed: its C name and error. */
    public record FailedCall(String call, int err, String name) {}

    private final Optional<Bytes> deviceCert;
    private final Optional<Bytes> caCert;
    private final byte[] privateKey;
    private final Optional<DsView> ds;
    private final Optional<String> keyType;
    private final OptionalInt keyEfuseBlock;
    private final Optional<Integrity> integrity;
    private final Optional<List<LocatedTlv>> tlvs;
    private final List<FailedCall> failed;

    private DeviceView(
            Optional<Bytes> deviceCert,
            Optional<Bytes> caCert,
            byte[] privateKey,
            Optional<DsView> ds,
            Optional<String> keyType,
            OptionalInt keyEfuseBlock,
            Optional<Integrity> integrity,
            Optional<List<LocatedTlv>> tlvs,
            List<FailedCall> failed) {
        this.deviceCert = deviceCert;
        this.caCert = caCert;
        this.privateKey = privateKey;
        this.ds = ds;
        this.keyType = keyType;
        this.keyEfuseBlock = keyEfuseBlock;
        this.integrity = integrity;
        this.tlvs = tlvs;
        this.failed = List.copyOf(failed);
    }

    private static final FailedCall fail(String call) {
        return new FailedCall(call, -1, "ESP_FAIL");
    }

    /** A TLV partition read by firmware built as {@code build}. */
    public static DeviceView ofTlv(TlvImage image, Build build) {
        Objects.requireNonNull(image, "image");
        List<FailedCall> failed = new ArrayList<>();
        Optional<Bytes> dev =
                get(image, TlvType.DEV_CERT, build).map(t -> t.entry().data());
        if (dev.isEmpty()) {
            failed.add(fail("esp_secure_cert_get_device_cert"));
        }
        Optional<Bytes> ca =
                get(image, TlvType.CA_CERT, build).map(t -> t.entry().data());
        if (ca.isEmpty()) {
            failed.add(fail("esp_secure_cert_get_ca_cert"));
        }
        byte[] key = null;
        Optional<DsView> ds = Optional.empty();
        if (!build.dsPeripheral()) {
            Optional<LocatedTlv> k = get(image, TlvType.PRIV_KEY, build);
            if (k.isPresent()) {
                key = k.get().entry().data().toByteArray();
            } else {
                failed.add(fail("esp_secure_cert_get_priv_key"));
            }
        } else {
            Optional<LocatedTlv> data = get(image, TlvType.DS_DATA, build);
            Optional<LocatedTlv> ctx = get(image, TlvType.DS_CONTEXT, build);
            try {
                if (data.isPresent() && ctx.isPresent()) {
                    DsData d =
                            DsData.parse(data.get().entry().data(), data.get().offset());
                    DsContext c =
                            DsContext.parse(ctx.get().entry().data(), ctx.get().offset());
                    ds = Optional.of(new DsView(
                            c.efuseKeyId(),
                            c.rsaBits(),
                            d.rsaLengthParameter(),
                            d.iv(),
                            d.ciphertext().length(),
                            d.ciphertext()));
                }
            } catch (SecureCertFormatException e) {
                ds = Optional.empty();
            }
            if (ds.isEmpty()) {
                failed.add(fail("esp_secure_cert_get_ds_ctx"));
            }
        }
        Optional<String> keyType = Optional.empty();
        OptionalInt block = OptionalInt.empty();
        if (!build.legacyFormats()) {
            Optional<LocatedTlv> k = image.find(TlvType.PRIV_KEY, TlvSubtype.SUBTYPE_0);
            if (k.isPresent()) {
                keyType = Optional.of(
                        switch (k.get().entry().flags()) {
                            case HMAC_DERIVED_ECDSA_KEY -> "HMAC_DERIVED_ECDSA_KEY";
                            case ECDSA_PERIPHERAL -> "ECDSA_PERIPHERAL_KEY";
                            case HMAC_ENCRYPTED -> "HMAC_ENCRYPTED_KEY";
                            case NONE -> "DEFAULT_FORMAT_KEY";
                        });
            } else {
                failed.add(fail("esp_secure_cert_get_priv_key_type"));
            }
            Optional<LocatedTlv> cfg = image.find(TlvType.SEC_CFG, TlvSubtype.SUBTYPE_0);
            if (cfg.isPresent() && cfg.get().entry().data().length() > 0) {
                block = OptionalInt.of(cfg.get().entry().data().get(0) & 0xFF);
            }
        }
        List<LocatedTlv> iterated = new ArrayList<>();
        long expect = 0;
        for (LocatedTlv t : image.tlvs()) {
            // The iterator stops at the first TLV whose CRC fails (or that it cannot step onto).
            if (t.offset() != expect || !t.crcOk()) {
                break;
            }
            iterated.add(t);
            expect = t.end();
        }
        return new DeviceView(
                dev, ca, key, ds, keyType, block, Optional.of(image.integrity()), Optional.of(iterated), failed);
    }

    /** A legacy cust_flash partition, read by firmware built with legacy support. */
    public static DeviceView ofCustFlash(byte[] partition, Build build) {
        CustFlashMetadata meta = CustFlashMetadata.parse(partition);
        List<FailedCall> failed = new ArrayList<>();
        Optional<Bytes> dev = region(partition, CustFlashMetadata.DEV_CERT_OFFSET, meta.devCert());
        if (dev.isEmpty()) {
            failed.add(fail("esp_secure_cert_get_device_cert"));
        }
        Optional<Bytes> ca = region(partition, CustFlashMetadata.CA_CERT_OFFSET, meta.caCert());
        if (ca.isEmpty()) {
            failed.add(fail("esp_secure_cert_get_ca_cert"));
        }
        byte[] key = null;
        if (!build.dsPeripheral() && !meta.ds()) {
            Optional<Bytes> k = region(partition, CustFlashMetadata.KEY_OFFSET, meta.key());
            if (k.isPresent()) {
                key = k.get().toByteArray();
            } else {
                failed.add(fail("esp_secure_cert_get_priv_key"));
            }
        }
        return new DeviceView(
                dev,
                ca,
                key,
                Optional.empty(),
                Optional.empty(),
                OptionalInt.empty(),
                Optional.empty(),
                Optional.empty(),
                failed);
    }

    private static Optional<Bytes> region(byte[] p, int offset, CustFlashMetadata.Region r) {
        if (r.length() == 0 || offset + r.length() > p.length || Crc32.compute(p, offset, r.length()) != r.crc()) {
            return Optional.empty();
        }
        return Optional.of(Bytes.of(p, offset, r.length()));
    }

    /** A legacy NVS partition (namespace {@code esp_secure_cert}), read by firmware built with legacy support. */
    public static DeviceView ofNvs(byte[] partition, Build build) {
        NvsImage image = NvsReader.read(partition);
        List<FailedCall> failed = new ArrayList<>();
        Optional<Bytes> dev = string(image, "dev_cert");
        if (dev.isEmpty()) {
            failed.add(fail("esp_secure_cert_get_device_cert"));
        }
        Optional<Bytes> ca = string(image, "ca_cert");
        if (ca.isEmpty()) {
            failed.add(fail("esp_secure_cert_get_ca_cert"));
        }
        byte[] key = null;
        if (!build.dsPeripheral()) {
            Optional<Bytes> k = string(image, "priv_key");
            if (k.isPresent()) {
                key = k.get().toByteArray();
            } else {
                failed.add(fail("esp_secure_cert_get_priv_key"));
            }
        }
        return new DeviceView(
                dev,
                ca,
                key,
                Optional.empty(),
                Optional.empty(),
                OptionalInt.empty(),
                Optional.empty(),
                Optional.empty(),
                failed);
    }

    /** An NVS string as {@code nvs_get_str} returns it: with its NUL. */
    private static Optional<Bytes> string(NvsImage image, String key) {
        Optional<NvsValue> v = image.get(SecureCertGenerator.NVS_NAMESPACE, key);
        if (v.isEmpty() || !(v.get() instanceof NvsValue.StringValue s)) {
            return Optional.empty();
        }
        return Optional.of(CertificateFile.withNulBytes(s.utf8().toByteArray()));
    }

    public Optional<Bytes> deviceCert() {
        return deviceCert;
    }

    public Optional<Bytes> caCert() {
        return caCert;
    }

    public boolean hasPrivateKey() {
        return privateKey != null;
    }

    /** The private key bytes the getter returns (a copy); a secret. */
    public Optional<byte[]> exportPrivateKey() {
        return Optional.ofNullable(privateKey).map(byte[]::clone);
    }

    public Optional<DsView> ds() {
        return ds;
    }

    /** {@code esp_secure_cert_get_priv_key_type}'s answer without the prefix ({@code DEFAULT_FORMAT_KEY}). */
    public Optional<String> keyType() {
        return keyType;
    }

    /** {@code esp_secure_cert_get_priv_key_efuse_id}: the eFuse block of an ECDSA peripheral key. */
    public OptionalInt keyEfuseBlock() {
        return keyEfuseBlock;
    }

    /** TLV partitions only. */
    public Optional<Integrity> integrity() {
        return integrity;
    }

    /** The TLVs the iterator visits; TLV partitions only. */
    public Optional<List<LocatedTlv>> tlvs() {
        return tlvs;
    }

    public List<FailedCall> failedCalls() {
        return failed;
    }

    private static Optional<LocatedTlv> get(TlvImage image, TlvType type, Build build) {
        return build.legacyFormats() ? image.findLatest(type) : image.find(type, TlvSubtype.SUBTYPE_0);
    }

    @Override
    public String toString() {
        return "DeviceView[device cert " + deviceCert.isPresent() + ", CA cert " + caCert.isPresent() + ", private key "
                + (privateKey != null ? "present, redacted" : "absent") + ", " + failed + "]";
    }
}
