/**
 * Credential batches as a library: the provisioning model ({@code .model}: layouts, issuance policies,
 * partition specs; no YAML in it), the manifest reader that fills it from YAML (not exported), device
 * lists, the per-device issuance and the run on the factory module's batch engine, and the run record.
 */
module dev.nvsgen.provisioning {
    requires transitive dev.nvsgen.crypto;
    requires transitive dev.nvsgen.factory;
    requires transitive dev.nvsgen.securecert;
    requires transitive dev.nvsgen.matter;
    requires tools.jackson.core;
    requires tools.jackson.dataformat.yaml;

    exports dev.nvsgen.provisioning;
    exports dev.nvsgen.provisioning.model;
}
