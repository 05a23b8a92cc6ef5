/**
 * Credential batches as a library: manifests and their YAML, device lists, templating, presets, the
 * per-device issuance and the run on the factory module's batch engine, and the run record.
 */
module dev.nvsgen.provisioning {
    requires transitive dev.nvsgen.crypto;
    requires transitive dev.nvsgen.factory;
    requires tools.jackson.core;
    requires tools.jackson.dataformat.yaml;

    exports dev.nvsgen.provisioning;
}
