package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The completion script the build writes, sourced in bash (and in zsh through bashcompinit, when zsh is
 * installed) with COMP_WORDS and COMP_CWORD set as the shell sets them at a TAB.
 */
class CompletionScriptTest {
    /** Sources the script, completes the words given, prints COMPREPLY one per line. */
    private static final String BASH_HARNESS = """
            source "$1"; shift
            COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            _complete_nvsgen
            printf '%s\\n' "${COMPREPLY[@]}"
            """;

    /**
     * zsh runs a bash completion function under sh emulation with its own compgen, which returns every
     * candidate and leaves matching the word to zsh: the harness matches as zsh would.
     */
    private static final String ZSH_HARNESS = """
            autoload -U +X compinit && compinit -u -D
            autoload -U +X bashcompinit && bashcompinit
            source "$1"; shift
            emulate sh; setopt kshglob noshglob braceexpand
            COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); PREFIX=${COMP_WORDS[COMP_CWORD]}
            _complete_nvsgen
            for w in "${COMPREPLY[@]}"; do case $w in "$PREFIX"*) printf '%s\\n' "$w";; esac; done
            """;

    @TempDir
    static Path docs;

    @TempDir
    Path work;

    private static Path script;

    @BeforeEach
    void files() throws IOException {
        if (script == null) {
            ReferenceDocs.main(new String[] {docs.toString(), "9.8.7"});
            script = docs.resolve("completion/nvsgen.bash");
        }
        for (String f : List.of("image.bin", "imago.bin", "keys.bin", "nvs.csv")) {
            Files.writeString(work.resolve(f), "");
        }
        Files.createDirectories(work.resolve("outd"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "dump ima|                     image.bin imago.bin",
                "dump --keys ''|               image.bin imago.bin keys.bin nvs.csv outd",
                "verify image.bin --hmac-key k| keys.bin",
                "generate --outdir ''|         outd",
                "generate nvs.csv --outdir o|  outd",
                "dump --format ''|             csv json text",
                "generate --version ''|        1 2",
                "encrypt --version ''|         1 2",
                "partitions --format ''|       bin csv json text",
                "gen|                          generate generate-key",
                "mfg ''|                       generate generate-key",
                "mfg generate --prefix|        --prefix-num --prefix_num",
                "--verbose generate --version 2 ima| image.bin imago.bin",
                "generate --outdir outd nvs.csv im| image.bin imago.bin",
                "help ge|                      generate generate-key",
                "batch --threads ''|           ''",
            })
    void completes(String line, String expected) throws Exception {
        List<String> words = words(line);
        String want = expected.isEmpty()
                ? ""
                : String.join("\n", List.of(expected.strip().split(" +"))) + "\n";
        assertEquals(want, sorted(complete("bash", BASH_HARNESS, words)), "bash: nvsgen " + line);
        if (onPath("zsh")) {
            assertEquals(want, sorted(complete("zsh", ZSH_HARNESS, words)), "zsh: nvsgen " + line);
        }
    }

    @Test
    void bashSplitsAtEqualsSigns() throws Exception {
        // COMP_WORDBREAKS holds '=': "--format=js" reaches the function as three words.
        assertEquals("json\n", complete("bash", BASH_HARNESS, List.of("nvsgen", "dump", "--format", "=", "js")));
        assertEquals("outd\n", complete("bash", BASH_HARNESS, List.of("nvsgen", "generate", "--outdir", "=", "")));
    }

    /** Every subcommand and every option of every command, as registered: new ones are completed too. */
    @Test
    void everyCommandAndOptionOfTheModel() throws Exception {
        CommandLine root = new CommandLine(new Main(Path.of("")));
        Subcommands.register(root, new String[0]);
        VersionProvider.addToSubcommands(root);
        assertEquals(
                String.join(
                                "\n",
                                root.getSubcommands().keySet().stream().sorted().toList()) + "\n",
                sorted(complete("bash", BASH_HARNESS, List.of("nvsgen", ""))));
        List<String> path = new ArrayList<>();
        check(root, path);
    }

    private void check(CommandLine cl, List<String> path) throws Exception {
        if (cl.getCommandSpec().helpCommand()) {
            return;
        }
        List<String> words = new ArrayList<>();
        words.add("nvsgen");
        words.addAll(path);
        words.add("-");
        List<String> names = new ArrayList<>();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (!o.hidden()) {
                names.addAll(List.of(o.names()));
            }
        }
        assertEquals(
                String.join("\n", names.stream().sorted().toList()) + "\n",
                sorted(complete("bash", BASH_HARNESS, words)),
                String.join(" ", path));
        for (var sub : cl.getSubcommands().entrySet()) {
            List<String> p = new ArrayList<>(path);
            p.add(sub.getKey());
            check(sub.getValue(), p);
        }
    }

    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        words.add("nvsgen");
        for (String w : line.strip().split(" +")) {
            words.add(w.equals("''") ? "" : w);
        }
        return words;
    }

    private String complete(String shell, String harness, List<String> words) throws Exception {
        assumeTrue(onPath(shell), "skipped: " + shell + " is not installed, so its completion cannot be tried");
        Path h = docs.resolve("harness." + shell);
        Files.writeString(h, harness, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of(shell, h.toString(), script.toString()));
        cmd.addAll(words);
        Process p = new ProcessBuilder(cmd)
                .directory(work.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    private static String sorted(String lines) {
        List<String> l = lines.lines().filter(s -> !s.isEmpty()).sorted().toList();
        return l.isEmpty() ? "" : String.join("\n", l) + "\n";
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
