package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class ReferenceDocsTest {
    @TempDir
    Path out;

    @Test
    void everyCommandGetsAManPageListingEveryOption() throws IOException {
        ReferenceDocs.main(new String[] {out.toString(), "9.8.7"});
        CommandLine root = new CommandLine(new Main(Path.of("")));
        Subcommands.register(root, new String[0]);
        VersionProvider.addToSubcommands(root);

        Map<String, CommandLine> commands = new LinkedHashMap<>();
        collect(root, commands);
        List<String> expected = new ArrayList<>(commands.keySet());
        Path man1 = out.resolve("man/man1");
        List<String> written;
        try (Stream<Path> files = Files.list(man1)) {
            written = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(expected.stream().map(n -> n + ".1").sorted().toList(), written);

        for (String name : expected) {
            String page = Files.readString(man1.resolve(name + ".1"));
            assertTrue(
                    page.startsWith(
                            ".TH \"" + name.toUpperCase(java.util.Locale.ROOT).replace("-", "\\-") + "\" 1"),
                    page);
            assertTrue(page.contains("\"nvsgen 9.8.7\""), page);
            for (OptionSpec o : commands.get(name).getCommandSpec().options()) {
                if (!o.hidden()) {
                    assertTrue(
                            page.contains("\\fB" + o.longestName().replace("-", "\\-") + "\\fR"),
                            name + ": " + o.longestName());
                }
            }
            // picocli's descriptions are format strings: %n is a line break, never text.
            assertFalse(page.contains("%n"), name + " shows a literal %n");
            // Text that starts with '.' or '\'' would be read as a troff request: only our macros may.
            page.lines()
                    .filter(l -> l.startsWith(".") || l.startsWith("'"))
                    .forEach(l -> assertTrue(l.matches("\\.(TH|SH|PP|TP|nf|fi)( .*)?"), l));
        }
    }

    @Test
    void completionKnowsEverySubcommand() throws IOException {
        ReferenceDocs.main(new String[] {out.toString(), "9.8.7"});
        String script = Files.readString(out.resolve("completion/nvsgen.bash"));
        for (String name : Subcommands.NAMES) {
            assertTrue(script.contains(name), name);
        }
        assertTrue(
                script.contains("complete -F _complete_nvsgen") || script.contains("_complete_nvsgen nvsgen"),
                "registers nvsgen");
    }

    private static void collect(CommandLine cl, Map<String, CommandLine> commands) {
        if (cl.getCommandSpec().helpCommand()) {
            return;
        }
        commands.put(cl.getCommandSpec().qualifiedName("-"), cl);
        for (CommandLine sub : cl.getSubcommands().values()) {
            collect(sub, commands);
        }
    }
}
