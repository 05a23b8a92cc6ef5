package dev.nvsgen.partitions.conformance;

import dev.nvsgen.partitions.PartitionTableOptions;
import dev.nvsgen.partitions.SecureBoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The ESP-IDF partition-table vectors in {@code ../shared/partition-tables} (made with gen_esp32part.py).
 * Tests skip, saying why, when the folder is absent.
 */
public final class PartitionTableVectors {
    private PartitionTableVectors() {}

    /** System property {@code nvsgen.shared.dir} + {@code /partition-tables}, else found above the working folder. */
    public static Path dir() {
        String configured = System.getProperty("nvsgen.shared.dir");
        if (configured != null) {
            return Path.of(configured, "partition-tables").normalize();
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/partition-tables").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return here.resolve("../../shared/partition-tables").normalize();
    }

    public static Stream<Case> cases() {
        Path index = dir().resolve("index.json");
        if (!Files.isRegularFile(index)) {
            return Stream.of(Case.ABSENT);
        }
        JsonNode root = new ObjectMapper().readTree(index.toFile());
        List<Case> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String name = c.get("name").asString();
            out.add(new Case(name, dir().resolve(name), c));
        }
        return out.stream();
    }

    /** One case folder and its index entry. */
    public record Case(String name, Path dir, JsonNode json) {
        static final Case ABSENT = new Case("(partition-table vectors absent)", null, null);

        public void assumePresent() {
            Assumptions.assumeTrue(
                    dir != null,
                    () -> "partition-table vectors not found at " + PartitionTableVectors.dir()
                            + " (set -Dnvsgen.shared.dir); skipping");
        }

        public boolean ok() {
            return json.get("expect").asString().equals("ok");
        }

        /** Extra gen_esp32part arguments, such as {@code --offset 0x10000}. */
        public List<String> args() {
            List<String> args = new ArrayList<>();
            json.path("args").forEach(a -> args.add(a.asString()));
            return args;
        }

        public List<String> warnings() {
            List<String> w = new ArrayList<>();
            json.path("warnings").forEach(a -> w.add(a.asString()));
            return w;
        }

        public String message() {
            return json.path("message").asString("");
        }

        /** The options gen_esp32part's arguments stand for. */
        public PartitionTableOptions options() {
            PartitionTableOptions o = PartitionTableOptions.defaults();
            List<String> a = args();
            for (int i = 0; i < a.size(); i++) {
                String arg = a.get(i);
                String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
                String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                switch (flag) {
                    case "--offset", "-o" -> o = o.withTableOffset(number(value != null ? value : a.get(++i)));
                    case "--primary-bootloader-offset" ->
                        o = o.withPrimaryBootloaderOffset(number(value != null ? value : a.get(++i)));
                    case "--recovery-bootloader-offset" ->
                        o = o.withRecoveryBootloaderOffset(number(value != null ? value : a.get(++i)));
                    case "--disable-md5sum" -> o = o.withMd5(false);
                    case "--flash-size" ->
                        o = o.withFlashSize(
                                Long.parseLong((value != null ? value : a.get(++i)).replace("MB", "")) << 20);
                    case "--secure" -> {
                        String v = value != null
                                ? value
                                : i + 1 < a.size() && !a.get(i + 1).startsWith("-") ? a.get(++i) : "v1";
                        o = o.withSecureBoot(v.equals("v2") ? SecureBoot.V2 : SecureBoot.V1);
                    }
                    case "--quiet", "-q", "--verify", "-v" -> {}
                    default -> throw new IllegalArgumentException(name + ": unhandled gen_esp32part argument " + arg);
                }
            }
            return o;
        }

        private static long number(String s) {
            return Long.decode(s);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
