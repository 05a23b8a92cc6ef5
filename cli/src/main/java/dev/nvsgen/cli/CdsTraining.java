package dev.nvsgen.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * The build's class-data-sharing training run (see cli/pom.xml): the short commands, one after another in
 * one JVM, so that the archive {@code bin/nvsgen} starts with holds the classes each of them loads. Not a
 * command: the build runs it with {@code -XX:ArchiveClassesAtExit} from the project's folder.
 */
public final class CdsTraining {
    private CdsTraining() {}

    /** {@code args[0]}: a folder for the images it writes. */
    public static void main(String[] args) {
        Path cwd = Path.of("").toAbsolutePath();
        String dir = args[0];
        run(cwd, "--help");
        run(cwd, "generate", "testdata/example/factory.csv", dir + "/generate.bin", "0x6000");
        run(
                cwd,
                "encrypt",
                "testdata/example/factory.csv",
                dir + "/encrypt.bin",
                "0x6000",
                "--inputkey",
                "testdata/example/nvs_keys.bin");
        run(cwd, "dump", dir + "/generate.bin");
    }

    private static void run(Path cwd, String... args) {
        StringWriter text = new StringWriter();
        int status = Main.run(cwd, new PrintWriter(text), new PrintWriter(text), args);
        if (status != ExitCode.OK) {
            throw new IllegalStateException("training run " + String.join(" ", args) + " failed: " + text);
        }
    }
}
