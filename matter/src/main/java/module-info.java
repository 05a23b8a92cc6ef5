/**
 * Matter factory data: SPAKE2+ verifiers, setup passcodes and discriminators, onboarding payloads (QR
 * code and manual pairing code) and their QR images, the DAC and PAI certificate profiles, the
 * {@code chip-factory} NVS namespace, and a run that writes esp-matter-mfg-tool's output tree.
 */
module dev.nvsgen.matter {
    requires transitive dev.nvsgen.nvs;
    requires transitive dev.nvsgen.crypto;
    requires io.nayuki.qrcodegen;

    exports dev.nvsgen.matter;
}
