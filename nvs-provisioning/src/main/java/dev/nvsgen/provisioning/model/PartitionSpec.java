package dev.nvsgen.provisioning.model;

import dev.nvsgen.factory.DeviceEncryption;
import dev.nvsgen.factory.NvsTarget;
import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.PartitionSize;
import java.util.Objects;

/**
 * Each device's partition: its size, format version and encryption; with a partition table, also
 * where it goes on flash ({@code target}, null without a table; for an esp_secure_cert partition its
 * {@code nvs()} is the {@code esp_secure_cert} partition). {@code secureCert} is null for an NVS partition;
 * else it says how the esp_secure_cert preset lays the partition out (the TLV format, or a legacy layout:
 * for the legacy NVS layout the partition is made as any NVS partition is). {@code origin} is where the
 * partition was described (the manifest's {@code partition} field, else its preset), for messages; null when
 * made in code.
 */
public record PartitionSpec(
        PartitionSize size,
        FormatVersion version,
        Encryption encryption,
        NvsTarget target,
        SecureCert secureCert,
        Origin origin) {
    public PartitionSpec {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(encryption, "encryption");
        if (secureCert != null && !secureCert.isNvs() && !(encryption instanceof Encryption.None)) {
            throw new IllegalArgumentException("NVS encryption applies to NVS partitions, not to "
                    + secureCert.format().id() + " (flash encryption protects it: the 'encrypted' flag)");
        }
    }

    /** Made in code: its origin is the provisioning API's (origins never decide equality). */
    public PartitionSpec(
            PartitionSize size, FormatVersion version, Encryption encryption, NvsTarget target, SecureCert secureCert) {
        this(size, version, encryption, target, secureCert, Origin.code("builder", "partition"));
    }

    /** An NVS partition. */
    public PartitionSpec(PartitionSize size, FormatVersion version, Encryption encryption, NvsTarget target) {
        this(size, version, encryption, target, null);
    }

    /** True if each device's image is an esp_secure_cert partition not in NVS format (TLV or cust_flash). */
    public boolean isSecureCert() {
        return secureCert != null && !secureCert.isNvs();
    }

    /** A plain partition of {@code size}, format version 2, no table. */
    public static PartitionSpec of(PartitionSize size) {
        return new PartitionSpec(size, FormatVersion.V2, new Encryption.None(), null);
    }

    /** How images are encrypted, if at all. */
    public sealed interface Encryption {
        /** Plain images. */
        record None() implements Encryption {}

        /** Every image encrypted with the keys of one nvs_keys file. */
        record KeysFile(FileRef file) implements Encryption {}

        /** A fresh nvs_keys file per device, written beside its image. */
        record PerDeviceKeys() implements Encryption {}

        /** Keys derived from one HMAC key (the eFuse scheme), the same for every device. */
        record HmacKeyFile(FileRef file) implements Encryption {}

        /** A fresh HMAC key per device, written for burning into its eFuse; its image keys derive from it. */
        record PerDeviceHmacKey() implements Encryption {}

        /** An encryption the caller made; {@code description} is what the run record says of it. */
        record Given(DeviceEncryption encryption, String description) implements Encryption {
            public Given {
                Objects.requireNonNull(encryption, "encryption");
                Objects.requireNonNull(description, "description");
            }
        }

        /** What the run record says of the encryption. */
        default String description() {
            if (this instanceof KeysFile k) {
                return "keys file " + k.file().display();
            }
            if (this instanceof PerDeviceKeys) {
                return "keys per device";
            }
            if (this instanceof HmacKeyFile h) {
                return "HMAC key " + h.file().display();
            }
            if (this instanceof PerDeviceHmacKey) {
                return "HMAC key per device";
            }
            if (this instanceof Given g) {
                return g.description();
            }
            return "none";
        }
    }
}
