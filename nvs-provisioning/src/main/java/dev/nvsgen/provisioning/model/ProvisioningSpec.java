package dev.nvsgen.provisioning.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a provisioner makes of each device: the layout of its partition, the partition itself, and how
 * its certificate is issued (null when the layout holds no credentials). {@code name} names the source
 * in messages and the run record (a manifest's file name); relative paths of file entries and CSRs
 * resolve against {@code dir}. {@code flashEncryption} (null for none) pre-encrypts what goes on the
 * device's flash.
 */
public record ProvisioningSpec(
        String name,
        Path dir,
        Layout layout,
        PartitionSpec partition,
        IssuancePolicy issuance,
        FlashEncryption flashEncryption) {
    public ProvisioningSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(partition, "partition");
        if (flashEncryption != null && partition.target() == null) {
            throw new IllegalArgumentException(
                    "flash encryption needs the partition table: it says which partitions are encrypted and where");
        }
    }

    /** Without flash encryption. */
    public ProvisioningSpec(String name, Path dir, Layout layout, PartitionSpec partition, IssuancePolicy issuance) {
        this(name, dir, layout, partition, issuance, null);
    }
}
