package dev.nvsgen.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** One command line of a process benchmark, run in its work folder: output discarded, standard error kept. */
final class TimedRun {
    private TimedRun() {}

    /**
     * Runs {@code command} (already under {@code /usr/bin/time}) in {@code work}; returns what it wrote to
     * standard error, where the timing is.
     *
     * @throws IllegalStateException naming {@code label} and the end of its error output if it failed
     */
    static String run(Path work, String label, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        if (status != 0) {
            String tail = err.length() > 2000 ? err.substring(err.length() - 2000) : err;
            throw new IllegalStateException(label + " failed with status " + status + ":\n" + tail);
        }
        return err;
    }
}
