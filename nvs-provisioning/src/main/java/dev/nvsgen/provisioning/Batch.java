package dev.nvsgen.provisioning;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.batch.BatchListener;
import dev.nvsgen.nvs.batch.DeviceRecord;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * {@code nvsgen batch}'s work, apart from its command-line parsing: read and check the manifest, then
 * run it. Kept out of the command class so that YAML, Bouncy Castle and the rest load only when a batch
 * actually runs.
 */
public final class Batch {
    private Batch() {}

    /** Shows a run's progress: told of each device written, closed when the run ends. */
    public interface ProgressDisplay extends BatchListener, AutoCloseable {
        @Override
        void close();

        /** Shows nothing. */
        ProgressDisplay NONE = new ProgressDisplay() {
            @Override
            public void written(DeviceRecord record) {}

            @Override
            public void close() {}
        };
    }

    /** One invocation. {@code outDir} null means the manifest's output folder, else the working folder. */
    public record Request(
            Path manifest,
            String manifestName,
            Path workingDir,
            String outDir,
            boolean resume,
            boolean force,
            boolean check,
            int threads,
            LongFunction<? extends ProgressDisplay> progress,
            Function<String, String> environment,
            Supplier<Console> console,
            Instant now) {}

    /** Runs {@code r}; messages for the user go to {@code out} (results) and {@code err} (progress). */
    public static void run(Request r, PrintWriter out, PrintWriter err) throws IOException {
        Manifest manifest = Manifest.read(r.manifest(), r.manifestName());
        BatchPlan plan = BatchPlan.prepare(manifest, passphrase(manifest, r), r.now(), r.threads() > 1);
        if (manifest.partition().target() != null) {
            manifest.partition().target().table().warnings().forEach(w -> err.println("nvsgen batch: warning: " + w));
            manifest.partition().target().warnings().forEach(w -> err.println("nvsgen batch: warning: " + w));
        }
        int devices = plan.devices().size();
        if (r.check()) {
            out.println(r.manifestName() + ": " + devices + " device" + (devices == 1 ? "" : "s")
                    + " checked; nothing written");
            return;
        }
        Path outDir;
        String shown;
        if (r.outDir() != null) {
            outDir = r.workingDir().resolve(r.outDir()).normalize();
            shown = r.outDir();
        } else if (manifest.outputDir() != null) {
            outDir = manifest.dir().resolve(manifest.outputDir()).normalize();
            shown = Path.of(r.manifestName())
                    .resolveSibling(manifest.outputDir())
                    .normalize()
                    .toString();
        } else {
            outDir = r.workingDir();
            shown = ".";
        }
        BatchRun.Summary s;
        try (ProgressDisplay progress = r.progress().apply(plan.devices().size())) {
            s = BatchRun.run(plan, new BatchRun.Options(outDir, shown, r.resume(), r.force(), r.threads(), progress));
        }
        String rate = s.made() == 0 ? "" : String.format(Locale.ROOT, ", %.1f devices/s", s.devicesPerSecond());
        out.println("Made " + s.made() + " device image" + (s.made() == 1 ? "" : "s")
                + (s.resumed() > 0 ? " (" + s.resumed() + " already done)" : "")
                + String.format(Locale.ROOT, " in %.2f s", s.nanos() / 1e9) + rate + "; run manifest: "
                + Path.of(shown).resolve(RunLog.CSV) + ", " + Path.of(shown).resolve(RunLog.JSON));
    }

    /**
     * The CA key's passphrase, asked for only if the key turns out to be encrypted: from the environment
     * variable the manifest names, else from the terminal. Never from the manifest or the command line,
     * where it would end up in files and shell history.
     */
    static Supplier<char[]> passphrase(Manifest manifest, Request r) {
        Manifest.Credentials c = manifest.credentials();
        if (c == null) {
            return () -> null;
        }
        return () -> {
            if (c.passphraseEnv() != null) {
                String value = r.environment().apply(c.passphraseEnv());
                if (value == null) {
                    throw new NvsInputException(c.caKey().display() + " is encrypted, but the environment variable "
                            + c.passphraseEnv() + " (credentials.ca.passphrase-env) is not set");
                }
                return value.toCharArray();
            }
            Console console = r.console().get();
            if (console == null) {
                throw new NvsInputException(c.caKey().display() + " is encrypted: name an environment variable"
                        + " holding its passphrase with credentials.ca.passphrase-env, or run nvsgen in a terminal");
            }
            char[] pass = console.readPassword("Passphrase for %s: ", c.caKey().display());
            if (pass == null) {
                throw new NvsInputException(c.caKey().display() + ": no passphrase given");
            }
            return pass;
        };
    }
}
