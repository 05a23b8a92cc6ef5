package dev.nvsgen.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The build's class-data-sharing training runs (see cli/pom.xml): the short commands one after another
 * in one JVM, or a small credential batch and a small mfg batch in another, so that the archive
 * {@code bin/nvsgen} starts a command with in the source tree holds the classes it loads (a batch's YAML,
 * certificate and elliptic-curve classes are most of its start). Not a command: the build runs it with
 * {@code -XX:ArchiveClassesAtExit} from the project's folder.
 */
public final class CdsTraining {
    private CdsTraining() {}

    /**
     * {@code args[0]}: a folder for the images it writes; {@code args[1]}: {@code short} for the one-image
     * commands, {@code batches} for a credential batch and an mfg batch (each has its own archive).
     */
    public static void main(String[] args) {
        Path cwd = Path.of("").toAbsolutePath();
        String dir = args[0];
        if (args[1].equals("batches")) {
            run(cwd, "batch", "testdata/batch/manifest.yaml", "--outdir", dir + "/cds-batch", "--force", "--quiet");
            mfg(cwd, Path.of(dir).resolve("cds-mfg"));
            return;
        }
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

    /** A two-device mfg batch on the bundled example's files, written into {@code work}. */
    private static void mfg(Path cwd, Path work) {
        Path files = cwd.resolve("testdata/example/files");
        try {
            Files.createDirectories(work);
            Files.writeString(
                    work.resolve("config.csv"),
                    "factory,namespace,\nserial,data,string\ncert,file,binary\nkey,file,binary\nboot,data,u8\n");
            StringBuilder values = new StringBuilder("serial,cert,key,boot\n");
            for (int i = 1; i <= 2; i++) {
                values.append("SN-")
                        .append(i)
                        .append(',')
                        .append(files.resolve("device_cert.der"))
                        .append(',')
                        .append(files.resolve("device_key.der"))
                        .append(",1\n");
            }
            Files.writeString(work.resolve("values.csv"), values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(
                cwd,
                "mfg",
                "generate",
                work.resolve("config.csv").toString(),
                work.resolve("values.csv").toString(),
                "factory",
                "0x6000",
                "--outdir",
                work.resolve("out").toString(),
                "--force",
                "--quiet");
    }

    private static void run(Path cwd, String... args) {
        StringWriter text = new StringWriter();
        int status = Main.run(cwd, new PrintWriter(text), new PrintWriter(text), args);
        if (status != ExitCode.OK) {
            throw new IllegalStateException("training run " + String.join(" ", args) + " failed: " + text);
        }
    }
}
