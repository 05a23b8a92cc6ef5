package dev.nvsgen.provisioning;

import dev.nvsgen.crypto.credentials.TokenLostException;
import dev.nvsgen.factory.BatchListener;
import dev.nvsgen.factory.DeviceRecord;
import dev.nvsgen.factory.RunFingerprint;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.InputFiles;
import dev.nvsgen.provisioning.internal.manifest.ManifestReader;
import dev.nvsgen.provisioning.model.BatchSpec;
import dev.nvsgen.provisioning.model.CaSource;
import dev.nvsgen.provisioning.model.DeviceSource;
import dev.nvsgen.provisioning.model.Entry;
import dev.nvsgen.provisioning.model.FileRef;
import dev.nvsgen.provisioning.model.Namespace;
import dev.nvsgen.provisioning.model.PartitionSpec;
import dev.nvsgen.provisioning.model.ProvisioningSpec;
import dev.nvsgen.provisioning.model.Secret;
import dev.nvsgen.securecert.Sdkconfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;

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

    /**
     * Asks the user for a secret the run needs and the manifest does not say where to find (the command
     * line asks on its terminal). The library itself never reads a terminal.
     */
    @FunctionalInterface
    public interface SecretPrompt {
        /** The answer to {@code prompt} ({@code Passphrase for ca/ca.key: }), or null when none was given. */
        char[] ask(String prompt);
    }

    /**
     * One invocation. {@code outDir} null means the manifest's output folder, else the working folder;
     * {@code prompt} null means there is no one to ask for a secret. {@code firmware} (null for none) is the
     * sdkconfig of the firmware that will read the images: a run (and a check) whose images it would not
     * read is refused before anything is asked or written ({@link FirmwarePreflightCheck}).
     */
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
            SecretPrompt prompt,
            Instant now,
            Sdkconfig firmware) {
        /** Without a firmware configuration to check against. */
        public Request(
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
                SecretPrompt prompt,
                Instant now) {
            this(
                    manifest,
                    manifestName,
                    workingDir,
                    outDir,
                    resume,
                    force,
                    check,
                    threads,
                    progress,
                    environment,
                    prompt,
                    now,
                    null);
        }
    }

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
        BatchSpec batch = ManifestReader.read(r.manifest(), r.manifestName());
        ProvisioningSpec manifest = batch.provisioning();
        if (r.firmware() != null) {
            FirmwareMismatchException.refuseIfAny(FirmwarePreflightCheck.check(batch, r.firmware()));
        }
        BatchPlan plan = BatchPlan.prepare(batch, secret -> secret(secret, r), r.now(), r.threads() > 1);
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
        } else if (batch.outputDir() != null) {
            outDir = manifest.dir().resolve(batch.outputDir()).normalize();
            shown = Path.of(r.manifestName())
                    .resolveSibling(batch.outputDir())
                    .normalize()
                    .toString();
        } else {
            outDir = r.workingDir();
            shown = ".";
        }
        RunFingerprint fingerprint = fingerprint(r, batch);
        Map<Path, String> inputs = inputs(r, batch);
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
                            inputs,
                            RunFolderException.Words.BATCH_REQUEST));
            return new Result.Checked(devices);
        }
        RunSummary s;
        try (ProgressDisplay progress = r.progress().apply(plan.devices().size())) {
            s = runOrSayResume(
                    plan,
                    new BatchRun.Options(
                            outDir,
                            shown,
                            r.resume(),
                            r.force(),
                            r.threads(),
                            progress,
                            fingerprint,
                            inputs,
                            RunFolderException.Words.BATCH_REQUEST));
        }
        return new Result.Ran(s, shown);
    }

    /**
     * {@link BatchRun#run}, saying in the caller's words that a resume finishes a run its CA's token left
     * half done: the devices before are written and logged.
     */
    static RunSummary runOrSayResume(BatchPlan plan, BatchRun.Options options) throws IOException {
        try {
            return BatchRun.run(plan, options);
        } catch (TokenLostException e) {
            throw RunFolderException.tokenLost(e, options.words());
        }
    }

    /**
     * What defines the run's outputs: the manifest, the device list, the CA, the key files it names. A
     * resume with any of them changed would mix two configurations in one folder.
     */
    static RunFingerprint fingerprint(Request r, BatchSpec batch) {
        ProvisioningSpec m = batch.provisioning();
        RunFingerprint.Builder f = RunFingerprint.builder().file("the manifest " + r.manifestName(), r.manifest());
        if (batch.devices() instanceof DeviceSource.Csv csv) {
            f.file("the device list " + csv.file().display(), csv.file().path());
        }
        if (batch.ca() != null) {
            FileRef cert = caCertificate(batch.ca());
            if (cert != null) {
                f.file("the CA certificate " + cert.display(), cert.path());
            }
            CaSource key = batch.ca();
            if (key instanceof CaSource.KeyFile k) {
                f.file("the CA key " + k.key().display(), k.key().path());
            } else if (key instanceof CaSource.Pkcs11 k) {
                // The key itself stays in the token; which key it is, is what the URI says.
                f.text("the CA key", k.uri().toString());
            } else if (key instanceof CaSource.KeyStore k) {
                f.file("the CA key store " + k.file().display(), k.file().path());
                f.text("the CA key store's alias", String.valueOf(k.alias()));
            }
        }
        // A value file every device shares is part of what the images hold; one named per device (its path
        // templated) is read as each device is made and is not fingerprinted.
        for (Namespace ns : m.layout().namespaces()) {
            for (Entry entry : ns.entries()) {
                if (entry instanceof Entry.FileContents file && file.path().isConstant()) {
                    String rendered = file.path().render(Map.of());
                    Path path = m.dir().resolve(rendered).normalize();
                    if (Files.isRegularFile(path)) {
                        f.file("the value file " + rendered + " of " + ns.name() + "." + file.key(), path);
                    }
                }
            }
        }
        PartitionSpec.Encryption e = m.partition().encryption();
        if (e instanceof PartitionSpec.Encryption.KeysFile k) {
            f.file("the keys file " + k.file().display(), k.file().path());
        } else if (e instanceof PartitionSpec.Encryption.HmacKeyFile h) {
            f.file("the HMAC key " + h.file().display(), h.file().path());
        }
        if (m.partition().secureCert() != null) {
            f.text("the esp_secure_cert layout", m.partition().secureCert().description());
            if (m.partition().secureCert().hmacKey() != null) {
                FileRef h = m.partition().secureCert().hmacKey();
                f.file("the DS HMAC key " + h.display(), h.path());
            }
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
    static Map<Path, String> inputs(Request r, BatchSpec batch) {
        Map<Path, String> inputs = new HashMap<>();
        inputs.put(r.manifest(), r.manifestName());
        if (batch.devices() instanceof DeviceSource.Csv csv) {
            inputs.put(csv.file().path(), csv.file().display());
        }
        if (batch.ca() != null) {
            FileRef cert = caCertificate(batch.ca());
            if (cert != null) {
                inputs.put(cert.path(), cert.display());
            }
            CaSource key = batch.ca();
            if (key instanceof CaSource.KeyFile k) {
                inputs.put(k.key().path(), k.key().display());
                if (k.passphrase().file() != null) {
                    inputs.put(
                            k.passphrase().file().path(), k.passphrase().file().display());
                }
            } else if (key instanceof CaSource.Pkcs11 k) {
                inputs.put(k.library().path(), k.library().display());
            } else if (key instanceof CaSource.KeyStore k) {
                inputs.put(k.file().path(), k.file().display());
            }
        }
        if (batch.provisioning().partition().secureCert() != null
                && batch.provisioning().partition().secureCert().hmacKey() != null) {
            FileRef h = batch.provisioning().partition().secureCert().hmacKey();
            inputs.put(h.path(), h.display());
        }
        PartitionSpec.Encryption e = batch.provisioning().partition().encryption();
        if (e instanceof PartitionSpec.Encryption.KeysFile k) {
            inputs.put(k.file().path(), k.file().display());
        } else if (e instanceof PartitionSpec.Encryption.HmacKeyFile h) {
            inputs.put(h.file().path(), h.file().display());
        }
        return inputs;
    }

    /** The CA's certificate file; a key store holds its own. */
    private static FileRef caCertificate(CaSource ca) {
        if (ca instanceof CaSource.KeyFile k) {
            return k.certificate();
        }
        return ca instanceof CaSource.Pkcs11 p ? p.certificate() : null;
    }

    /**
     * A secret of the CA (a key file's passphrase, a token's PIN, a key store's password), asked for only
     * when needed: from the environment variable the manifest names, or the first line of the file it
     * names (its line break dropped), else from the request's prompt (the command line's terminal). Never from the manifest or the command line,
     * where it would end up in files and shell history. The caller wipes the array.
     */
    static char[] secret(Secret s, Request r) {
        if (s.env() != null) {
            String value = r.environment().apply(s.env());
            if (value == null) {
                throw new NvsInputException(s.owner()
                        + (s.what().equals("passphrase") ? " is encrypted, but" : " needs a " + s.what() + ", but")
                        + " the environment variable " + s.env() + " (" + s.envField() + ") is not set");
            }
            if (value.isEmpty() && s.what().equals("PIN")) {
                // Refused here: a token counts every PIN it refuses, and may lock after a few.
                throw new NvsInputException(s.owner() + " needs a PIN, but the environment variable " + s.env() + " ("
                        + s.envField() + ") is empty; it was not tried on the token");
            }
            return value.toCharArray();
        }
        if (s.file() != null) {
            return firstLine(s.file());
        }
        SecretPrompt prompt = r.prompt();
        if (prompt == null) {
            throw new NvsInputException(s.owner()
                    + (s.what().equals("passphrase") ? " is encrypted" : " needs a " + s.what())
                    + ": name an environment variable holding its " + s.what() + " with " + s.envField()
                    + ", or run nvsgen in a terminal");
        }
        char[] pass = prompt.ask(capitalised(s.what()) + " for " + s.owner() + ": ");
        if (pass == null) {
            throw new NvsInputException(s.owner() + ": no " + s.what() + " given");
        }
        return pass;
    }

    /** A passphrase file holds one line; anything this large is the wrong file. */
    private static final long MAX_SECRET_FILE = 64 << 10;

    /** The first line of a secret file, without its line break (LF or CRLF); the bytes read are wiped. */
    private static char[] firstLine(FileRef file) {
        byte[] data;
        try {
            data = InputFiles.read(file.path(), file.display(), MAX_SECRET_FILE, "a passphrase file");
        } catch (NvsInputException e) {
            throw file.origin().error(e.getMessage());
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
                throw file.origin().error(file.display() + ": not UTF-8 text");
            }
            char[] out = new char[chars.remaining()];
            chars.get(out);
            Arrays.fill(chars.array(), '\0');
            if (out.length == 0) {
                throw file.origin().error(file.display() + ": the first line is empty");
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
