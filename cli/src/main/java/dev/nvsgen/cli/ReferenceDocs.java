package dev.nvsgen.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Build-time only (the cli build runs it; {@code nvsgen} never does): writes the bash/zsh completion
 * script ({@link CompletionScript}) and one man page per command, both from the same picocli
 * model the command line runs on, so they cannot drift from it.
 *
 * <p>Man pages are written as troff here rather than with picocli-codegen's {@code ManPageGenerator}:
 * that writes AsciiDoc, which needs Asciidoctor (a JRuby tool chain of tens of megabytes and tens of
 * seconds per build) to become something {@code man} reads.
 */
final class ReferenceDocs {
    private ReferenceDocs() {}

    /** {@code ReferenceDocs OUTDIR VERSION}: writes OUTDIR/completion/nvsgen.bash and OUTDIR/man/man1/*.1. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ReferenceDocs OUTDIR VERSION");
        }
        Path out = Path.of(args[0]);
        String version = args[1];
        CommandLine root = new CommandLine(new Main(Path.of("")));
        Subcommands.register(root, new String[0]);
        VersionProvider.addToSubcommands(root);

        Path completion = Files.createDirectories(out.resolve("completion"));
        Files.writeString(completion.resolve("nvsgen.bash"), CompletionScript.bash(root), StandardCharsets.UTF_8);

        Path man1 = Files.createDirectories(out.resolve("man").resolve("man1"));
        writeManPages(root, man1, version);
    }

    private static void writeManPages(CommandLine cl, Path dir, String version) throws IOException {
        CommandSpec spec = cl.getCommandSpec();
        if (spec.helpCommand()) {
            return;
        }
        Files.writeString(dir.resolve(pageName(spec) + ".1"), manPage(spec, version), StandardCharsets.UTF_8);
        for (CommandLine sub : cl.getSubcommands().values()) {
            writeManPages(sub, dir, version);
        }
    }

    /** {@code nvsgen}, {@code nvsgen-generate}, {@code nvsgen-mfg-generate}: as git names its pages. */
    private static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    static String manPage(CommandSpec spec, String version) {
        StringBuilder m = new StringBuilder();
        String name = pageName(spec);
        m.append(".TH \"")
                .append(escape(name.toUpperCase(Locale.ROOT)))
                .append("\" 1 \"\" \"nvsgen ")
                .append(escape(version))
                .append("\" \"nvsgen manual\"\n");
        m.append(".SH NAME\n").append(escape(name)).append(" \\- ");
        String[] description = spec.usageMessage().description();
        m.append(escape(
                        description.length == 0
                                ? spec.qualifiedName()
                                : format(description[0]).strip()))
                .append('\n');

        m.append(".SH SYNOPSIS\n.nf\n");
        String synopsis = new CommandLine.Help(
                        spec, new CommandLine.Help.ColorScheme.Builder(CommandLine.Help.Ansi.OFF).build())
                .synopsis(0);
        m.append(escapeLines(synopsis.stripTrailing())).append("\n.fi\n");

        if (description.length > 1) {
            m.append(".SH DESCRIPTION\n");
            for (int i = 1; i < description.length; i++) {
                m.append(".PP\n")
                        .append(escapeLines(format(description[i]).strip()))
                        .append('\n');
            }
        }

        List<PositionalParamSpec> positionals = new ArrayList<>();
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                positionals.add(p);
            }
        }
        if (!positionals.isEmpty()) {
            m.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : positionals) {
                m.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n");
                m.append(escapeLines(describe(p))).append('\n');
            }
        }

        m.append(".SH OPTIONS\n");
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            m.append(".TP\n");
            String[] names = o.names();
            for (int i = 0; i < names.length; i++) {
                m.append(i == 0 ? "" : ", ")
                        .append("\\fB")
                        .append(escape(names[i]))
                        .append("\\fR");
            }
            if (o.arity().max() > 0) {
                m.append("=\\fI").append(escape(o.paramLabel())).append("\\fR");
            }
            m.append('\n').append(escapeLines(describe(o))).append('\n');
        }

        if (!spec.subcommands().isEmpty()) {
            m.append(".SH COMMANDS\n");
            for (CommandLine sub : spec.subcommands().values()) {
                CommandSpec s = sub.getCommandSpec();
                String[] d = s.usageMessage().header().length > 0
                        ? s.usageMessage().header()
                        : s.usageMessage().description();
                m.append(".TP\n\\fB").append(escape(s.name())).append("\\fR\n");
                if (!s.helpCommand()) {
                    m.append("See \\fB").append(escape(pageName(s))).append("\\fR(1). ");
                }
                m.append(escapeLines(d.length == 0 ? "" : format(d[0]).strip())).append('\n');
            }
        }

        if (name.equals("nvsgen-batch")) {
            m.append(".SH MANIFEST\n.PP\n")
                    .append(escapeLines("Every field of a batch manifest (YAML). Paths are relative to the"
                            + " manifest's folder; ${column} in a value takes the device's column."))
                    .append('\n');
            for (ManifestReference.Field f : ManifestReference.FIELDS) {
                m.append(".TP\n\\fB").append(escape(f.path())).append("\\fR\n");
                m.append(escapeLines(f.meaning())).append('\n');
            }
        }

        m.append(".SH EXIT STATUS\n")
                .append("0 success; 1 bad input (a CSV row, a value, a file), or findings for \\fBverify\\fR; ")
                .append("2 bad command line, or an image \\fBdump\\fR or \\fBverify\\fR cannot read at all (no such")
                .append(" file, a bad keys file, keys that are not the image's, an encrypted image without its keys),")
                .append(" said in one line on standard error; ")
                .append("70 a fault in nvsgen itself.\n");
        if (spec.parent() != null) {
            m.append(".SH SEE ALSO\n\\fB")
                    .append(escape(pageName(spec.parent())))
                    .append("\\fR(1)\n");
        }
        return m.toString();
    }

    /** The argument's help text with picocli's default-value and candidates variables filled in. */
    private static String describe(ArgSpec arg) {
        String text = format(String.join(" ", arg.description()));
        text = text.replace("${DEFAULT-VALUE}", String.valueOf(arg.defaultValueString()));
        if (arg.completionCandidates() != null) {
            text = text.replace("${COMPLETION-CANDIDATES}", String.join(", ", arg.completionCandidates()));
        }
        return text;
    }

    /**
     * Help text as picocli shows it: its descriptions are format strings, so {@code %n} is a line break and
     * {@code %%} a percent sign (picocli's own help command starts a line with {@code %n}).
     */
    static String format(String text) {
        return text.replace("%n", "\n").replace("%%", "%");
    }

    /** Escapes text for troff and keeps a line that starts with '.' or '\'' from being read as a request. */
    private static String escapeLines(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            String escaped = escape(line);
            if (escaped.startsWith(".") || escaped.startsWith("'")) {
                out.append("\\&");
            }
            out.append(escaped);
        }
        return out.toString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\e").replace("-", "\\-");
    }
}
