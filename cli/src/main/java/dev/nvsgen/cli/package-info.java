/** The nvsgen command line: one picocli subcommand per file; no format logic lives here. */
package dev.nvsgen.cli;
