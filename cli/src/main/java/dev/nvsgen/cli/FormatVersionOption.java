package dev.nvsgen.cli;

import dev.nvsgen.nvs.FormatVersion;
import picocli.CommandLine.Option;

/** {@code --version {1,2}}: the NVS format version, as nvs_partition_gen and mfg_gen take it. */
final class FormatVersionOption {
    @Option(
            names = "--version",
            paramLabel = "{1,2}",
            defaultValue = "2",
            description = "NVS format version (default: ${DEFAULT-VALUE}); 1 for ESP-IDF before v4.0.")
    int version;

    FormatVersion formatVersion() {
        if (version != 1 && version != 2) {
            throw new CliException("--version must be 1 or 2, was " + version);
        }
        return FormatVersion.of(version);
    }
}
