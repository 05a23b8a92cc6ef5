package dev.nvsgen.cli;

import dev.nvsgen.nvs.NvsPartition;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** Prints what an image holds that a device cannot read back: written all the same, as the reference does. */
final class Warnings {
    private Warnings() {}

    static void print(CommandSpec spec, NvsPartition partition) {
        print(spec.qualifiedName(" "), spec.commandLine().getErr(), partition);
    }

    /** The same for a command (as "nvsgen generate") that runs without picocli's model. */
    static void print(String command, PrintWriter err, NvsPartition partition) {
        for (String w : partition.deviceWarnings()) {
            err.println(command + ": warning: " + w);
        }
    }
}
