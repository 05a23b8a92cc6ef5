/**
 * The provisioning model, with no file format in it: what goes into each device's partition (a
 * {@link dev.nvsgen.provisioning.model.Layout} of namespaces of sealed
 * {@link dev.nvsgen.provisioning.model.Entry entries}: templated values, file contents, the device's
 * credentials), how its certificate is issued ({@link dev.nvsgen.provisioning.model.IssuancePolicy}, in
 * {@code Instant}s and {@code Duration}s), the partition ({@link dev.nvsgen.provisioning.model.PartitionSpec}:
 * size, format version, encryption), and for a whole batch the devices and the CA to load
 * ({@link dev.nvsgen.provisioning.model.BatchSpec}). The YAML manifest reader and
 * {@code Provisioner.Builder} both produce it; the run consumes it. Every part may carry an
 * {@link dev.nvsgen.provisioning.model.Origin} (file:line and path) that only messages use.
 *
 * <p>A new kind of content (an esp_secure_cert TLV partition, Matter factory data, per-device flash
 * encryption) lands as a new record of the sealed interface it belongs to: an entry of a namespace
 * implements {@code Entry}, a new partition format or encryption a new {@code PartitionSpec} part or
 * {@code PartitionSpec.Encryption} record. The compiler then lists the switches of the run that must
 * make it; the manifest reader learns its YAML spelling in one place, and nothing else sees YAML.
 */
package dev.nvsgen.provisioning.model;
