package dev.nvsgen.provisioning;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.batch.BatchListener;
import dev.nvsgen.nvs.batch.DeviceRecord;
import dev.nvsgen.nvs.batch.RunFingerprint;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * A batch run from a YAML manifest, as {@code nvsgen batch} runs it: read and check the manifest, its
 * devices and CA, then make every device into the output folder. The command line only maps its
 * arguments onto a {@link Request} and prints the {@link Result}.
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

    /** What a run did, for the caller to show: the devices checked, or the run's summary. */
    public sealed interface Result {
        /** {@code --check}: every device checked, nothing written. */
        record Checked(int devices) implements Result {}

        /** The run's summary, and the output folder as the user named it ({@code .} for the working folder). */
        record Ran(RunSummary summary, String shownOutDir) implements Result {}
    }

    /**
     * Runs {@code r}: reads and checks the manifest, its devices and CA, then, unless it only checks,
     * makes every device into the output folder. Warnings about the partition table go to {@code
     * warnings}; nothing is printed.
     */
    public static Result run(Request r, Consumer<String> warnings) throws IOException {
        Manifest manifest = Manifest.read(r.manifest(), r.manifestName());
        BatchPlan plan = BatchPlan.prepare(manifest, passphrase(manifest, r), r.now(), r.threads() > 1);
        if (manifest.partition().target() != null) {
            manifest.partition().target().table().warnings().forEach(warnings);
            manifest.partition().target().warnings().forEach(warnings);
        }
        int devices = plan.devices().size();
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
        RunFingerprint fingerprint = fingerprint(r, manifest);
        Map<Path, String> inputs = inputs(r, manifest);
        if (r.check()) {
            // The output folder too: a stray image there is found now, not after the devices before it.
            BatchRun.check(
                    plan,
                    new BatchRun.Options(
                            outDir,
                            shown,
                            r.resume(),
                            r.force(),
                            r.threads(),
                            BatchListener.NONE,
                            fingerprint,
                            inputs));
            return new Result.Checked(devices);
        }
        BatchRun.Summary s;
        try (ProgressDisplay progress = r.progress().apply(plan.devices().size())) {
            s = BatchRun.run(
                    plan,
                    new BatchRun.Options(
                            outDir, shown, r.resume(), r.force(), r.threads(), progress, fingerprint, inputs));
        }
        return new Result.Ran(new RunSummary(s.devices(), s.made(), s.resumed(), s.nanos(), s.csv(), s.json()), shown);
    }

    /**
     * What defines the run's outputs: the manifest, the device list, the CA, the key files it names. A
     * resume with any of them changed would mix two configurations in one folder.
     */
    static RunFingerprint fingerprint(Request r, Manifest m) {
        RunFingerprint.Builder f = RunFingerprint.builder().file("the manifest " + r.manifestName(), r.manifest());
        if (m.devices() instanceof Manifest.Devices.Csv csv) {
            f.file("the device list " + csv.file().display(), csv.file().path());
        }
        if (m.credentials() != null) {
            f.file(
                    "the CA certificate " + m.credentials().caCertificate().display(),
                    m.credentials().caCertificate().path());
            f.file(
                    "the CA key " + m.credentials().caKey().display(),
                    m.credentials().caKey().path());
        }
        Manifest.Encryption e = m.partition().encryption();
        if (e instanceof Manifest.Encryption.KeysFile k) {
            f.file("the keys file " + k.file().display(), k.file().path());
        } else if (e instanceof Manifest.Encryption.HmacKeyFile h) {
            f.file("the HMAC key " + h.file().display(), h.file().path());
        }
        if (m.partition().target() != null) {
            f.text(
                    "the partition table",
                    m.partition().target().nvs().toString()
                            + m.partition()
                                    .target()
                                    .keys()
                                    .map(Object::toString)
                                    .orElse(""));
        }
        return f.build();
    }

    /** The files the run reads, by path, with their names: no output of the run may replace one. */
    static Map<Path, String> inputs(Request r, Manifest m) {
        Map<Path, String> inputs = new HashMap<>();
        inputs.put(r.manifest(), r.manifestName());
        if (m.devices() instanceof Manifest.Devices.Csv csv) {
            inputs.put(csv.file().path(), csv.file().display());
        }
        if (m.credentials() != null) {
            inputs.put(
                    m.credentials().caCertificate().path(),
                    m.credentials().caCertificate().display());
            inputs.put(m.credentials().caKey().path(), m.credentials().caKey().display());
        }
        Manifest.Encryption e = m.partition().encryption();
        if (e instanceof Manifest.Encryption.KeysFile k) {
            inputs.put(k.file().path(), k.file().display());
        } else if (e instanceof Manifest.Encryption.HmacKeyFile h) {
            inputs.put(h.file().path(), h.file().display());
        }
        return inputs;
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
