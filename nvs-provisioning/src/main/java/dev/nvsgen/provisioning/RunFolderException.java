package dev.nvsgen.provisioning;

import dev.nvsgen.crypto.credentials.TokenLostException;
import dev.nvsgen.nvs.NvsInputException;
import java.util.Objects;

/**
 * An output folder a run cannot go into as asked: it holds another run, a file of a device, or a
 * run that changed since it was interrupted; or a run stopped half-way (its CA's token lost) that a resume
 * finishes. The message says what the caller can do in the words of
 * the API that started the run ({@link RunOptions#withResume()}, {@link Batch.Request#resume()});
 * {@link #message(Words)} says it in other words, as a command line maps it onto its flags.
 */
public final class RunFolderException extends NvsInputException {
    private static final long serialVersionUID = 1L;

    /** How a caller asks for each remedy: to resume the run, to start over, to pick another folder. */
    public record Words(String resume, String force, String outDir) {
        public Words {
            Objects.requireNonNull(resume, "resume");
            Objects.requireNonNull(force, "force");
            Objects.requireNonNull(outDir, "outDir");
        }

        /** {@link Provisioner#writeAll(Iterable, java.nio.file.Path, RunOptions)}'s words. */
        public static final Words RUN_OPTIONS =
                new Words("RunOptions.withResume()", "RunOptions.withForce()", "output folder");

        /** {@link Batch#run}'s words: the fields of its request. */
        public static final Words BATCH_REQUEST = new Words("Request.resume", "Request.force", "Request.outDir");
    }

    private final String template;

    /** {@code template} holds {@code {resume}}, {@code {force}} and {@code {outdir}} where the words go. */
    RunFolderException(String template, Words words) {
        super(render(template, words));
        this.template = template;
    }

    /** A run that stopped half-way, {@code cause} saying why; its template says that a resume finishes it. */
    RunFolderException(String template, Words words, Throwable cause) {
        super(render(template, words), cause);
        this.template = template;
    }

    /**
     * A run stopped by a lost CA token: the devices written before it are kept and logged, so a resume once
     * the token is back finishes the run.
     */
    static RunFolderException tokenLost(TokenLostException e, Words words) {
        return new RunFolderException(
                e.getMessage().replace("{", "(").replace("}", ")")
                        + "; the devices written before it are kept: {resume} finishes the run",
                words,
                e);
    }

    /** The message with {@code words} for the remedies. */
    public String message(Words words) {
        return render(template, words);
    }

    private static String render(String template, Words words) {
        return template.replace("{resume}", words.resume())
                .replace("{force}", words.force())
                .replace("{outdir}", words.outDir());
    }
}
