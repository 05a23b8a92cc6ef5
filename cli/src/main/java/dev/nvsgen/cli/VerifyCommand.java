package dev.nvsgen.cli;

import dev.nvsgen.nvs.read.Finding;
import dev.nvsgen.nvs.read.NvsImage;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nvsgen verify}: whether an NVS image is sound, and where it is not. */
@Command(
        name = "verify",
        description = {
            "Check an NVS partition image: page header, item header and payload CRCs, the entry-state bitmap"
                    + " against the entries, item spans, blob chunks against their indexes, namespace references"
                    + " and keys stored twice; and everything ESP-IDF's nvs_flash would repair or drop at start-up.",
            "Each problem is printed with its page, entry and byte offset.",
            "An esp_secure_cert TLV partition (recognised by its magic 0xBA5EBA11) is read as esp_secure_cert_mgr"
                    + " reads it: each TLV's type, subtype, flags, length and CRC, certificates summarised (keys are"
                    + " never shown), integrity, key against certificate and certificate against CA.",
            "Exit status: 0 sound, 1 problems found, 2 the image cannot be read (bad arguments, unreadable"
                    + " file, a bad keys file, keys that are not the image's, or an encrypted image without its keys):"
                    + " then one line on standard error says why."
        })
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    ImageInput input;

    @Override
    public Integer call() {
        Main main = Main.of(spec);
        byte[] bytes = input.bytes(main);
        PrintWriter out = spec.commandLine().getOut();
        if (SecureCertOutput.recognises(bytes)) {
            return SecureCertOutput.verify(input.image, bytes, out);
        }
        NvsImage image = input.read(main, bytes);
        for (Finding f : image.findings()) {
            if (f.kind() == Finding.Kind.NOT_DECRYPTED) {
                // Every entry would be reported as damaged, which says nothing more than this.
                throw new CliException(
                        input.image + ": " + f.message() + " (--keys or --hmac-key)", ExitCode.UNREADABLE);
            }
        }
        for (Finding f : image.findings()) {
            out.println(f);
        }
        String entries = image.entries().size() + (image.entries().size() == 1 ? " entry" : " entries");
        if (image.isSound()) {
            out.println(input.image + ": sound (" + image.pages().size() + " pages, " + entries + ")");
            out.flush();
            return ExitCode.OK;
        }
        long errors = image.findings().stream()
                .filter(f -> f.severity() == Finding.Severity.ERROR)
                .count();
        long warnings = image.findings().size() - errors;
        out.println(input.image + ": " + errors + (errors == 1 ? " error" : " errors") + ", " + warnings
                + (warnings == 1 ? " warning" : " warnings") + " (" + entries + " readable)");
        out.flush();
        return ExitCode.FINDINGS;
    }
}
