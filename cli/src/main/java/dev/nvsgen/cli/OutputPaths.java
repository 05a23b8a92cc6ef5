package dev.nvsgen.cli;

import java.nio.file.Path;

/** Where nvs_partition_gen puts an output file: under {@code --outdir} unless the name is absolute. */
final class OutputPaths {
    private OutputPaths() {}

    static Path resolve(Main main, String outdir, String file) {
        Path f = Path.of(Main.expandHome(file));
        if (f.isAbsolute()) {
            return f;
        }
        return main.resolve(outdir == null ? "." : outdir).resolve(f).normalize();
    }
}
