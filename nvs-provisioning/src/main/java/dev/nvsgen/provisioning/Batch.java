package dev.nvsgen.provisioning;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.batch.BatchListener;
import dev.nvsgen.nvs.batch.DeviceRecord;
import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
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
        BatchPlan plan = BatchPlan.prepare(manifest, secret -> secret(secret, r), r.now(), r.threads() > 1);
        if (manifest.partition().target() != null) {
            manifest.partition().target().table().warnings().forEach(warnings);
            manifest.partition().target().warnings().forEach(warnings);
        }
        int devices = plan.devices().size();
        if (r.check()) {
            return new Result.Checked(devices);
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
        return new Result.Ran(new RunSummary(s.devices(), s.made(), s.resumed(), s.nanos(), s.csv(), s.json()), shown);
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
