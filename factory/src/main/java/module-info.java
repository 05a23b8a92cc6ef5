/**
 * Factory runs on top of the formats: the batch engine and its run folder (lock, fingerprint, progress,
 * resume), output plans, temporary files and their clean-up, mfg_gen batches, per-device NVS encryption.
 */
module dev.nvsgen.factory {
    requires transitive dev.nvsgen.nvs;
    requires transitive dev.nvsgen.crypto;
    requires transitive dev.nvsgen.partitions;

    exports dev.nvsgen.factory;
    exports dev.nvsgen.factory.mfg;
}
