package dev.nvsgen.cli;

import dev.nvsgen.factory.DeviceRecord;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.provisioning.Batch;
import dev.nvsgen.provisioning.RunFolderException;
import dev.nvsgen.provisioning.RunSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nvsgen batch}: one image per device, with its own key and certificate, from a YAML manifest. */
@Command(
        name = "batch",
        description = {
            "Make one NVS image per device from a YAML manifest: per-device values, and a key pair and a"
                    + " certificate signed by your CA (or a certificate for the device's CSR).",
            "Writes bin/SERIAL.bin, certs/SERIAL.pem, keys/ (when encrypted) and the run manifest"
                    + " batch-run.csv / batch-run.json. Paths in the manifest are relative to its folder."
        })
final class BatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "MANIFEST.yaml", description = "The run's manifest.")
    String manifest;

    @Option(
            names = "--outdir",
            paramLabel = "DIR",
            description = "Folder the outputs go to (default: the manifest's output.dir, else the current folder).")
    String outdir;

    @Option(
            names = "--resume",
            description = "Finish an interrupted run in the output folder: devices it made are kept, not issued again.")
    boolean resume;

    @Option(
            names = "--force",
            description = "Start a new run even if the output folder holds one; its files are replaced.")
    boolean force;

    @Option(names = "--check", description = "Check the manifest, devices, CA and every image's fit; write nothing.")
    boolean check;

    @Option(names = "--threads", paramLabel = "N", description = "Devices made at once (default: one per core).")
    Integer threads;

    @Option(
            names = {"-q", "--quiet"},
            description = "No progress display on a terminal.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Main main = Main.of(spec);
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (resume && force) {
            throw new CliException("--resume and --force exclude each other");
        }
        if (n < 1) {
            throw new CliException("--threads must be at least 1, was " + n);
        }
        Path file = main.resolve(manifest);
        PrintWriter terminal =
                System.console() != null && !quiet ? spec.commandLine().getErr() : null;
        try (InterruptNotice interrupted =
                new InterruptNotice(spec.qualifiedName(" "), spec.commandLine().getErr(), () -> {}).register()) {
            run(main, file, n, terminal, interrupted);
        }
        return ExitCode.OK;
    }

    private void run(Main main, Path file, int n, PrintWriter terminal, InterruptNotice interrupted)
            throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Batch.Result result;
        try {
            result = run(main, file, n, terminal, interrupted, err);
        } catch (RunFolderException e) {
            // The library names Batch.Request's fields; a command line names its flags.
            throw new NvsInputException(e.message(FLAGS), e);
        }
        print(result, out);
    }

    /** The remedies for an output folder that cannot take the run, as flags of this command. */
    static final RunFolderException.Words FLAGS = new RunFolderException.Words("--resume", "--force", "--outdir");

    private Batch.Result run(
            Main main, Path file, int n, PrintWriter terminal, InterruptNotice interrupted, PrintWriter err)
            throws java.io.IOException {
        return Batch.run(
                new Batch.Request(
                        file,
                        manifest,
                        main.workingDir(),
                        outdir == null ? null : Main.expandHome(outdir),
                        resume,
                        force,
                        check,
                        n,
                        total -> {
                            // Without a terminal the progress only counts, for the interrupt notice.
                            Progress progress = new Progress(total, terminal);
                            interrupted.counting(
                                    progress,
                                    total,
                                    "devices made now and recorded in the output folder's batch-run.csv");
                            return display(progress);
                        },
                        System::getenv,
                        terminalPrompt(),
                        Instant.now()),
                warning -> err.println("nvsgen batch: warning: " + warning));
    }

    private void print(Batch.Result result, PrintWriter out) {
        if (result instanceof Batch.Result.Checked c) {
            out.println(manifest + ": " + c.devices() + " device" + (c.devices() == 1 ? "" : "s")
                    + " checked; nothing written");
        } else if (result instanceof Batch.Result.Ran ran) {
            RunSummary s = ran.summary();
            String rate = s.made() == 0 ? "" : String.format(Locale.ROOT, ", %.1f devices/s", s.devicesPerSecond());
            Path shown = Path.of(ran.shownOutDir());
            out.println("Made " + s.made() + " device image" + (s.made() == 1 ? "" : "s")
                    + (s.resumed() > 0 ? " (" + s.resumed() + " already done)" : "")
                    + String.format(Locale.ROOT, " in %.2f s", s.nanos() / 1e9) + rate + "; run manifest: "
                    + shown.resolve(s.recordCsv().getFileName()) + ", "
                    + shown.resolve(s.recordJson().getFileName()));
        }
    }

    /** Asks on the terminal, echo off; null without one (the library then says how else to give the secret). */
    private static Batch.SecretPrompt terminalPrompt() {
        java.io.Console console = System.console();
        return console == null ? null : prompt -> console.readPassword("%s", prompt);
    }

    /** The engine's progress line (the one mfg generate shows) as a batch progress display. */
    private static Batch.ProgressDisplay display(Progress progress) {
        return new Batch.ProgressDisplay() {
            @Override
            public void written(DeviceRecord record) {
                progress.written(record);
            }

            @Override
            public void close() {
                progress.close();
            }
        };
    }
}
