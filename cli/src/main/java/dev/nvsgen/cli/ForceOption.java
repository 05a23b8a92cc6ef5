package dev.nvsgen.cli;

import picocli.CommandLine.Option;

/**
 * {@code --force}: replace an existing output that does not look like one nvsgen writes (an image in
 * place of an image is replaced without it). Inputs and key files are never replaced, not even with it.
 */
final class ForceOption {
    @Option(
            names = "--force",
            description = "Replace an existing output file even if it is not an image nvsgen could have written"
                    + " (inputs and key files are never replaced).")
    boolean force;
}
