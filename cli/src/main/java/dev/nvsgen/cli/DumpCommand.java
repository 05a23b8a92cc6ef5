package dev.nvsgen.cli;

import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.csv.EspIdfCsv;
import dev.nvsgen.nvs.read.Finding;
import dev.nvsgen.nvs.read.NvsImage;
import dev.nvsgen.nvs.read.PageSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nvsgen dump}: what an NVS image holds, for people (text) or programs (JSON, CSV). */
@Command(
        name = "dump",
        description = {
            "Show what an NVS partition image holds: the entries ESP-IDF's nvs_flash reads from it, its pages,"
                    + " and any problems found (nvsgen verify judges them).",
            "Formats: text for people; json ({\"entries\": [{\"namespace\", \"key\", \"type\", \"value\"}],"
                    + " \"pages\", \"findings\"}); csv, ESP-IDF's CSV, which nvsgen generate turns back into"
                    + " an image with the same entries.",
            "Secret entries (private keys, passwords: see --show-secrets) are shown only with --show-secrets.",
            "An esp_secure_cert TLV partition (recognised by its magic 0xBA5EBA11) is read as esp_secure_cert_mgr"
                    + " reads it: each TLV's type, subtype, flags, length and CRC, certificates summarised (keys are"
                    + " never shown), integrity, key against certificate and certificate against CA.",
            "Exit status: 0 dumped, 1 the entries cannot be written as CSV, 2 the image cannot be read."
        })
final class DumpCommand implements Callable<Integer> {
    /** Blob bytes shown in text output unless --full is given. */
    private static final int BLOB_PREVIEW = 24;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    ImageInput input;

    @Option(
            names = "--format",
            paramLabel = "text|json|csv",
            defaultValue = "text",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--full", description = "Show blobs in full in text output (they are shortened otherwise).")
    boolean full;

    @Option(
            names = "--show-secrets",
            description = "Show the values of secret entries (hidden in text and json output otherwise; csv output,"
                    + " which remakes the image, needs this option when the image holds one). "
                    + SecretEntries.RULE + ".")
    boolean showSecrets;

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json") && !format.equals("csv")) {
            throw new CliException("--format must be text, json or csv, was '" + format + "'");
        }
        Main main = Main.of(spec);
        byte[] bytes = input.bytes(main);
        PrintWriter out = spec.commandLine().getOut();
        if (SecureCertOutput.recognises(bytes)) {
            return SecureCertOutput.dump(input.image, bytes, format, out);
        }
        NvsImage image = input.read(main, bytes);
        switch (format) {
            case "json" -> json(image, out);
            case "csv" -> csv(image, out);
            default -> text(image, out);
        }
        out.flush();
        return ExitCode.OK;
    }

    private void csv(NvsImage image, PrintWriter out) {
        if (!showSecrets) {
            for (NvsEntry e : image.entries()) {
                if (SecretEntries.isSecret(e)) {
                    throw new CliException(
                            input.image + ": entry " + e.namespace() + "/" + e.key() + " is a secret; CSV output"
                                    + " writes every value in full, so it needs --show-secrets",
                            ExitCode.INPUT);
                }
            }
        }
        String csv;
        try {
            csv = EspIdfCsv.write(image.toPartition());
        } catch (NvsInputException e) {
            throw new CliException(input.image + ": " + e.getMessage(), ExitCode.INPUT);
        }
        out.print(csv);
        if (!image.isSound()) {
            // CSV has no room for them, and a damaged or undecrypted image silently missing entries misleads.
            PrintWriter err = spec.commandLine().getErr();
            err.println("nvsgen dump: warning: " + input.image + " has "
                    + image.findings().size()
                    + " problems; the CSV holds what nvs_flash reads from it (see nvsgen verify)");
            err.flush();
        }
    }

    // ---- text ----

    private void text(NvsImage image, PrintWriter out) {
        List<NvsEntry> entries = image.entries();
        Map<String, List<NvsEntry>> byNamespace = new LinkedHashMap<>();
        image.namespaces().forEach(ns -> byNamespace.put(ns, new ArrayList<>()));
        entries.forEach(e -> byNamespace.get(e.namespace()).add(e));
        long errors = image.findings().stream()
                .filter(f -> f.severity() == Finding.Severity.ERROR)
                .count();
        out.println(input.image + ": NVS format version " + image.version().number() + ", "
                + plural(image.pages().size(), "page") + ", " + plural(entries.size(), "entry") + " in "
                + plural(byNamespace.size(), "namespace") + ", "
                + (image.isSound()
                        ? "no problems found"
                        : plural((int) errors, "error") + " and "
                                + plural(image.findings().size() - (int) errors, "warning")));

        out.println();
        out.println("page  state    sequence  version  written  erased  empty");
        for (PageSummary p : image.pages()) {
            out.println(String.format(
                    Locale.ROOT,
                    "%4d  %-7s  %8s  %7s  %7d  %6d  %5d",
                    p.index(),
                    p.state(),
                    p.sequence() < 0 ? "-" : Long.toString(p.sequence()),
                    p.version() == null ? "-" : Integer.toString(p.version().number()),
                    p.written(),
                    p.erased(),
                    p.empty()));
        }

        for (Map.Entry<String, List<NvsEntry>> ns : byNamespace.entrySet()) {
            out.println();
            out.println("namespace " + ns.getKey());
            int width =
                    ns.getValue().stream().mapToInt(e -> e.key().length()).max().orElse(0);
            for (NvsEntry e : ns.getValue()) {
                out.println("  " + pad(e.key(), width) + "  "
                        + pad(e.value().type().csvName(), 6) + "  "
                        + (!showSecrets && SecretEntries.isSecret(e)
                                ? SecretEntries.hidden(e.value())
                                : text(e.value())));
            }
        }

        if (!image.isSound()) {
            out.println();
            out.println("findings");
            image.findings().forEach(f -> out.println("  " + f));
        }
    }

    private String text(NvsValue v) {
        if (v instanceof NvsValue.IntValue i) {
            return i.bigValue().toString();
        }
        if (v instanceof NvsValue.FloatValue f) {
            return f.text();
        }
        if (v instanceof NvsValue.DoubleValue d) {
            return d.text();
        }
        if (v instanceof NvsValue.StringValue s) {
            return quoted(s.text());
        }
        Bytes data = ((NvsValue.BlobValue) v).data();
        String size = plural(data.length(), "byte");
        if (full || data.length() <= BLOB_PREVIEW) {
            return size + (data.length() == 0 ? "" : ": " + data.hex());
        }
        byte[] head = new byte[BLOB_PREVIEW];
        data.copyTo(0, head, 0, BLOB_PREVIEW);
        return size + ": " + Bytes.of(head).hex() + "... (--full shows all)";
    }

    /** A string in double quotes, with quotes, backslashes and control characters escaped. */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String plural(int n, String noun) {
        if (n == 1) {
            return "1 " + noun;
        }
        return n + " " + (noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s");
    }

    // ---- json ----

    private void json(NvsImage image, PrintWriter out) {
        out.println("{");
        out.println("  " + Json.field("image", Json.string(input.image)) + ",");
        out.println(
                "  " + Json.field("version", Integer.toString(image.version().number())) + ",");
        out.println("  " + Json.field("sound", Boolean.toString(image.isSound())) + ",");
        out.println("  \"entries\": [");
        List<NvsEntry> entries = image.entries();
        for (int i = 0; i < entries.size(); i++) {
            NvsEntry e = entries.get(i);
            out.println("    {" + Json.field("namespace", Json.string(e.namespace())) + ", "
                    + Json.field("key", Json.string(e.key())) + ", "
                    + Json.field("type", Json.string(e.value().type().csvName())) + ", "
                    + Json.field(
                            "value",
                            !showSecrets && SecretEntries.isSecret(e) ? "null, \"secret\": true" : json(e.value()))
                    + "}" + (i + 1 < entries.size() ? "," : ""));
        }
        out.println("  ],");
        out.println("  \"pages\": [");
        List<PageSummary> pages = image.pages();
        for (int i = 0; i < pages.size(); i++) {
            PageSummary p = pages.get(i);
            out.println("    {" + Json.field("index", Integer.toString(p.index())) + ", "
                    + Json.field("state", Json.string(p.state().name())) + ", "
                    + Json.field("sequence", p.sequence() < 0 ? "null" : Long.toString(p.sequence())) + ", "
                    + Json.field(
                            "version",
                            p.version() == null
                                    ? "null"
                                    : Integer.toString(p.version().number()))
                    + ", " + Json.field("written", Integer.toString(p.written())) + ", "
                    + Json.field("erased", Integer.toString(p.erased())) + ", "
                    + Json.field("empty", Integer.toString(p.empty())) + "}" + (i + 1 < pages.size() ? "," : ""));
        }
        out.println("  ],");
        out.println("  \"findings\": [");
        List<Finding> findings = image.findings();
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            out.println("    {" + Json.field("kind", Json.string(f.kind().name())) + ", "
                    + Json.field("severity", Json.string(f.severity().name().toLowerCase(Locale.ROOT))) + ", "
                    + Json.field("page", f.page() < 0 ? "null" : Integer.toString(f.page())) + ", "
                    + Json.field("slot", f.slot() < 0 ? "null" : Integer.toString(f.slot())) + ", "
                    + Json.field("offset", Long.toString(f.offset())) + ", "
                    + Json.field("message", Json.string(f.message())) + "}" + (i + 1 < findings.size() ? "," : ""));
        }
        out.println("  ]");
        out.println("}");
    }

    private static String json(NvsValue v) {
        if (v instanceof NvsValue.IntValue i) {
            return i.bigValue().toString();
        }
        if (v instanceof NvsValue.FloatValue f) {
            return jsonNumber(f.text());
        }
        if (v instanceof NvsValue.DoubleValue d) {
            return jsonNumber(d.text());
        }
        if (v instanceof NvsValue.StringValue s) {
            return Json.string(s.text());
        }
        return Json.string(((NvsValue.BlobValue) v).data().hex());
    }

    /**
     * A float's or double's text as JSON: a number where JSON has one, which reads back to the same bits;
     * infinities and NaNs, which JSON lacks, as strings ({@code "inf"}, {@code "-inf"}, {@code "nan"}).
     */
    private static String jsonNumber(String text) {
        char last = text.charAt(text.length() - 1);
        return last >= '0' && last <= '9' ? text : Json.string(text);
    }
}
