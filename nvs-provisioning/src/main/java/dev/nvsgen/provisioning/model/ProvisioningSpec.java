package dev.nvsgen.provisioning.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a provisioner makes of each device: the layout of its partition, the partition itself, and how
 * its certificate is issued (null when the layout holds no credentials). {@code name} names the source
 * in messages and the run record (a manifest's file name); relative paths of file entries and CSRs
 * resolve against {@code dir}. {@code flashEncryption} (null for none) pre-encrypts what goes on the
 * device's flash. {@code matter} (null unless the layout is the {@code matter} preset's) is the product
 * whose Matter factory data the {@link Entry.FactoryData} entries hold.
 */
public record ProvisioningSpec(
        String name,
        Path dir,
        Layout layout,
        PartitionSpec partition,
        IssuancePolicy issuance,
        FlashEncryption flashEncryption,
        MatterSpec matter) {
    public ProvisioningSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(partition, "partition");
        if (flashEncryption != null && partition.target() == null) {
            throw new IllegalArgumentException(
                    "flash encryption needs the partition table: it says which partitions are encrypted and where");
        }
        boolean factoryData = layout.entries().stream().anyMatch(e -> e instanceof Entry.FactoryData);
        if (factoryData != (matter != null)) {
            throw new IllegalArgumentException("Matter factory data entries go with a MatterSpec, and only with one");
        }
        if (matter != null && issuance == null) {
            throw new IllegalArgumentException("the matter preset issues each device's DAC: it needs an issuance"
                    + " policy and the PAI that signs");
        }
    }

    /** Without Matter factory data. */
    public ProvisioningSpec(
            String name,
            Path dir,
            Layout layout,
            PartitionSpec partition,
            IssuancePolicy issuance,
            FlashEncryption flashEncryption) {
        this(name, dir, layout, partition, issuance, flashEncryption, null);
    }

    /** Without flash encryption. */
    public ProvisioningSpec(String name, Path dir, Layout layout, PartitionSpec partition, IssuancePolicy issuance) {
        this(name, dir, layout, partition, issuance, null, null);
    }
}
