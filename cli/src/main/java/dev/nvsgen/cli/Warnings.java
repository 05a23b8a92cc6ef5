package dev.nvsgen.cli;

import dev.nvsgen.nvs.NvsPartition;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** Prints what an image holds that a device cannot read back: written all the same, as the reference does. */
final class Warnings {
    private Warnings() {}

    static void print(CommandSpec spec, NvsPartition partition) {
        PrintWriter err = spec.commandLine().getErr();
        for (String w : partition.deviceWarnings()) {
            err.println(spec.qualifiedName(" ") + ": warning: " + w);
        }
    }
}
