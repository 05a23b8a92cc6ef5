package dev.nvsgen.provisioning;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.batch.BatchListener;
import dev.nvsgen.nvs.batch.DeviceRecord;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
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
        BatchPlan plan = BatchPlan.prepare(manifest, secret -> secret(secret, r), r.now(), r.threads() > 1);
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
     * A secret of the CA (a key file's passphrase, a token's PIN, a key store's password), asked for only
     * when needed: from the environment variable the manifest names, or the first line of the file it
     * names (its line break dropped), else from the terminal. Never from the manifest or the command line,
     * where it would end up in files and shell history. The caller wipes the array.
     */
    static char[] secret(Manifest.Secret s, Request r) {
        if (s.env() != null) {
            String value = r.environment().apply(s.env());
            if (value == null) {
                throw new NvsInputException(s.owner()
                        + (s.what().equals("passphrase") ? " is encrypted, but" : " needs a " + s.what() + ", but")
                        + " the environment variable " + s.env() + " (" + s.envField() + ") is not set");
            }
            return value.toCharArray();
        }
        if (s.file() != null) {
            return firstLine(s.file());
        }
        Console console = r.console().get();
        if (console == null) {
            throw new NvsInputException(s.owner()
                    + (s.what().equals("passphrase") ? " is encrypted" : " needs a " + s.what())
                    + ": name an environment variable holding its " + s.what() + " with " + s.envField()
                    + ", or run nvsgen in a terminal");
        }
        char[] pass = console.readPassword("%s for %s: ", capitalised(s.what()), s.owner());
        if (pass == null) {
            throw new NvsInputException(s.owner() + ": no " + s.what() + " given");
        }
        return pass;
    }

    /** The first line of a secret file, without its line break (LF or CRLF); the bytes read are wiped. */
    private static char[] firstLine(Manifest.FileRef file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file.path());
        } catch (NoSuchFileException e) {
            throw file.where().error(file.display() + ": no such file");
        } catch (IOException e) {
            throw file.where().error(file.display() + ": cannot be read (" + e.getMessage() + ")");
        }
        try {
            int end = 0;
            while (end < data.length && data[end] != '\n') {
                end++;
            }
            if (end > 0 && data[end - 1] == '\r') {
                end--;
            }
            CharBuffer chars;
            try {
                chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data, 0, end));
            } catch (CharacterCodingException e) {
                throw file.where().error(file.display() + ": not UTF-8 text");
            }
            char[] out = new char[chars.remaining()];
            chars.get(out);
            Arrays.fill(chars.array(), '\0');
            if (out.length == 0) {
                throw file.where().error(file.display() + ": the first line is empty");
            }
            return out;
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    private static String capitalised(String s) {
        return s.equals("PIN") ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
