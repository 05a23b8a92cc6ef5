package dev.nvsgen.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's Java snippets are the library's first screen, so they must compile and run as printed: each
 * ```java block (its imports, then statements) becomes the body of a {@code main}, compiled by the JDK's javac against this
 * module's test class path and run in a JVM of its own in a folder holding a copy of {@code testdata},
 * where the snippets' relative paths point. A block whose first line says it continues the snippet above
 * runs after that one, in the same {@code main}. A failure names the README line the block starts on.
 */
class ReadmeSnippetsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String CONTINUES = "// continues the snippet above";

    @TempDir
    Path tmp;

    record Snippet(int line, List<String> imports, List<String> body) {}

    @Test
    void everyJavaSnippetCompilesAndRuns() throws Exception {
        List<Snippet> snippets = snippets(Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8));
        assertTrue(snippets.size() >= 2, "README's Java snippets: " + snippets.size());
        copy(ROOT.resolve("testdata"), tmp.resolve("run/testdata"));
        Path sources = Files.createDirectories(tmp.resolve("src"));
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        List<String> names = new ArrayList<>();
        for (Snippet s : snippets) {
            String name = "ReadmeLine" + s.line;
            StringBuilder java = new StringBuilder();
            s.imports.forEach(i -> java.append(i).append('\n'));
            java.append("public class ")
                    .append(name)
                    .append(" {\n")
                    .append("  public static void main(String[] args) throws Exception {\n");
            s.body.forEach(b -> java.append("    ").append(b).append('\n'));
            java.append("  }\n}\n");
            Files.writeString(sources.resolve(name + ".java"), java);
            names.add(name);
        }
        // The JDK's javac in a process: the test runs patched into this module, which does not read
        // java.compiler.
        List<String> javac = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "--release",
                "17",
                "-proc:none",
                "-cp",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString()));
        names.forEach(n -> javac.add(sources.resolve(n + ".java").toString()));
        Process compile = new ProcessBuilder(javac)
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("javac.out").toFile())
                .start();
        assertTrue(compile.waitFor(120, TimeUnit.SECONDS), "javac timed out");
        assertEquals(
                0,
                compile.exitValue(),
                "README snippets do not compile (the class name is the README line):\n"
                        + Files.readString(tmp.resolve("javac.out")));

        for (String name : names) {
            Process p = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            classes + java.io.File.pathSeparator + System.getProperty("java.class.path"),
                            name)
                    .directory(tmp.resolve("run").toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve(name + ".out").toFile())
                    .start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), name + " timed out");
            assertEquals(
                    0,
                    p.exitValue(),
                    String.format(
                            Locale.ROOT,
                            "README's snippet at line %s fails:%n%s",
                            name.substring("ReadmeLine".length()),
                            Files.readString(tmp.resolve(name + ".out"))));
        }
    }

    /** The ```java blocks, each joined to the one above when it says it continues it. */
    static List<Snippet> snippets(List<String> readme) {
        List<Snippet> out = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            if (!readme.get(i).strip().equals("```java")) {
                continue;
            }
            int start = i + 1;
            List<String> imports = new ArrayList<>();
            List<String> body = new ArrayList<>();
            boolean continues = false;
            for (i = start; i < readme.size() && !readme.get(i).strip().equals("```"); i++) {
                String line = readme.get(i);
                if (i == start && line.strip().startsWith(CONTINUES)) {
                    continues = true;
                } else if (line.startsWith("import ")) {
                    imports.add(line);
                } else {
                    body.add(line);
                }
            }
            if (continues && !out.isEmpty()) {
                Snippet above = out.remove(out.size() - 1);
                List<String> allImports = new ArrayList<>(above.imports);
                imports.stream().filter(x -> !allImports.contains(x)).forEach(allImports::add);
                List<String> allBody = new ArrayList<>(above.body);
                allBody.addAll(body);
                out.add(new Snippet(above.line, allImports, allBody));
            } else {
                out.add(new Snippet(start, imports, body));
            }
        }
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
