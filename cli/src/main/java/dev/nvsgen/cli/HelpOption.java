package dev.nvsgen.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h/--help} for subcommands. Not picocli's standard mixin: that adds {@code --version}, which the
 * drop-in commands need for the NVS format version, as nvs_partition_gen has it.
 */
final class HelpOption {
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;
}
