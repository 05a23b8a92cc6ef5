package dev.nvsgen.crypto.flash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The espsecure and espefuse cases of {@code shared/flash-encryption}. Absent, there are none (the tests
 * skip), unless {@code -Dnvsgen.require.shared=true} makes that an error.
 */
final class FlashVectors {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FlashVectors() {}

    /** One case folder and its {@code case.json}. */
    record Case(String name, Path dir, JsonNode json) {
        String text(String field) {
            JsonNode n = json.get(field);
            return n == null || n.isNull() ? null : n.asString();
        }

        long address() {
            return Long.decode(text("address"));
        }

        int flashCryptConf() {
            String c = text("flash_crypt_conf");
            return c == null ? FlashCipher.DEFAULT_FLASH_CRYPT_CONFIG : Integer.decode(c);
        }

        boolean xts() {
            return text("scheme").startsWith("xts");
        }

        byte[] file(String name) {
            try {
                return Files.readAllBytes(dir.resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Path dir() {
        String shared = System.getProperty("nvsgen.shared.dir");
        return Path.of(shared == null ? "../../shared" : shared, "flash-encryption")
                .toAbsolutePath()
                .normalize();
    }

    /** Every case whose {@code tool} is {@code tool} ({@code espsecure}, {@code espefuse}). */
    static List<Case> cases(String tool) {
        Path dir = dir();
        if (!Files.isDirectory(dir)) {
            if (Boolean.getBoolean("nvsgen.require.shared")) {
                throw new IllegalStateException("shared flash-encryption vectors required but " + dir + " is missing");
            }
            return List.of();
        }
        List<Case> out = new ArrayList<>();
        try (Stream<Path> folders = Files.list(dir)) {
            for (Path f : folders.sorted().toList()) {
                Path json = f.resolve("case.json");
                if (Files.isRegularFile(json)) {
                    JsonNode node = JSON.readTree(Files.readString(json));
                    if (tool.equals(node.get("tool").asString())) {
                        out.add(new Case(f.getFileName().toString(), f, node));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
