package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code nvsgen espsecure …} on every espsecure case of {@code shared/flash-encryption}, with the case's own
 * command line in both spellings (v4 {@code encrypt_flash_data --aes_xts}, v5 {@code encrypt-flash-data
 * --aes-xts}): exit status 0 and espsecure's bytes. Then espsecure's refusals, one line each.
 */
class EspsecureCommandTest {
    @TempDir
    Path tmp;

    static Path shared() {
        String s = System.getProperty("nvsgen.shared.dir");
        return Path.of(s == null ? "../../shared" : s, "flash-encryption")
                .toAbsolutePath()
                .normalize();
    }

    static Stream<Arguments> cases() throws IOException {
        Path dir = shared();
        if (!Files.isDirectory(dir)) {
            if (Boolean.getBoolean("nvsgen.require.shared")) {
                throw new IllegalStateException(dir + " is required but missing");
            }
            return Stream.empty();
        }
        JsonMapper json = JsonMapper.builder().build();
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> folders = Files.list(dir)) {
            for (Path f : folders.sorted().toList()) {
                Path c = f.resolve("case.json");
                if (!Files.isRegularFile(c)) {
                    continue;
                }
                JsonNode node = json.readTree(Files.readString(c));
                if (!node.get("tool").asString().equals("espsecure")) {
                    continue;
                }
                out.add(Arguments.of(
                        f.getFileName().toString(), "v4", node.get("command").asString(), node));
                out.add(Arguments.of(
                        f.getFileName().toString(), "v5", node.get("command_v5").asString(), node));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sharedCase(String name, String spelling, String command, JsonNode c) throws IOException {
        Path work = tmp.resolve(name);
        Files.createDirectories(work);
        Files.copy(shared().resolve(name).resolve("key.bin"), work.resolve("key.bin"));
        Files.copy(shared().resolve(name).resolve("input.bin"), work.resolve("input.bin"));
        List<String> args = new ArrayList<>(Arrays.asList(command.split(" ")));
        assertEquals("espsecure", args.get(0));
        CliRun run = CliRun.in(work, args.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        byte[] expected = Files.readAllBytes(shared().resolve(name).resolve("expected.bin"));
        byte[] got = Files.readAllBytes(work.resolve("expected.bin"));
        if (c.has("random")) {
            int fixed = c.get("random").get("deterministic_prefix_bytes").asInt();
            assertEquals(expected.length, got.length);
            assertArrayEquals(Arrays.copyOf(expected, fixed), Arrays.copyOf(got, fixed));
            assertTrue(run.err().contains("note: padded with 12 bytes of random data"), run.err());
        } else {
            assertArrayEquals(expected, got);
            assertEquals("", run.err());
        }
        assertTrue(run.out().contains("expected.bin"), run.out());
        // The input and key are untouched.
        assertArrayEquals(
                Files.readAllBytes(shared().resolve(name).resolve("input.bin")),
                Files.readAllBytes(work.resolve("input.bin")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void decryptRoundTrips(String name, String spelling, String command, JsonNode c) throws IOException {
        Path work = tmp.resolve(name);
        Files.createDirectories(work);
        Path from = shared().resolve(name);
        Files.copy(from.resolve("key.bin"), work.resolve("key.bin"));
        boolean decrypt = c.get("operation").asString().equals("decrypt");
        // Turn the case around: the expected file in, the input out.
        Files.copy(from.resolve("expected.bin"), work.resolve("in.bin"));
        String verb = decrypt ? "encrypt" : "decrypt";
        String op = spelling.equals("v4") ? verb + "_flash_data" : verb + "-flash-data";
        List<String> args = new ArrayList<>(List.of("espsecure", op, "--keyfile", "key.bin", "--address"));
        args.add(c.get("address").asString());
        if (c.get("scheme").asString().startsWith("xts")) {
            args.add(spelling.equals("v4") ? "--aes_xts" : "--aes-xts");
        } else if (c.has("flash_crypt_conf")) {
            args.add(spelling.equals("v4") ? "--flash_crypt_conf" : "--flash-crypt-conf");
            args.add(c.get("flash_crypt_conf").asString());
        }
        args.addAll(List.of("-o", "back.bin", "in.bin"));
        CliRun run = CliRun.in(work, args.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        byte[] input = Files.readAllBytes(from.resolve("input.bin"));
        byte[] back = Files.readAllBytes(work.resolve("back.bin"));
        assertArrayEquals(input, Arrays.copyOf(back, input.length));
        if (!decrypt) {
            // Decrypted data may be secret: owner-only.
            assertEquals(
                    Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(work.resolve("back.bin")));
        }
    }

    private CliRun run(String... args) {
        return CliRun.in(tmp, args);
    }

    private void files() throws IOException {
        byte[] k = new byte[32];
        for (int i = 0; i < 32; i++) {
            k[i] = (byte) i;
        }
        Files.write(tmp.resolve("k32.bin"), k);
        Files.write(tmp.resolve("k20.bin"), new byte[20]);
        Files.write(tmp.resolve("k24.bin"), Arrays.copyOf(k, 24));
        Files.write(tmp.resolve("k16.bin"), Arrays.copyOf(k, 16));
        byte[] eq = new byte[32];
        System.arraycopy(k, 0, eq, 0, 16);
        System.arraycopy(k, 0, eq, 16, 16);
        Files.write(tmp.resolve("keq.bin"), eq);
        Files.write(tmp.resolve("d100.bin"), new byte[100]);
        Files.write(tmp.resolve("d64.bin"), new byte[64]);
        Files.write(tmp.resolve("empty.bin"), new byte[0]);
    }

    private void assertRefused(int status, String message, String... args) {
        CliRun r = run(args);
        assertEquals(status, r.status(), r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.endsWith(message), r.err());
        if (status == ExitCode.INPUT) {
            assertEquals(1, r.err().lines().count(), r.err());
        }
        assertFalse(Files.exists(tmp.resolve("o.bin")), "no output after a refusal");
    }

    @Test
    void refusesAsEspsecureDoes() throws IOException {
        files();
        String enc = "encrypt-flash-data";
        assertRefused(
                1,
                "d100.bin: input data length (100) must be a multiple of 16",
                "espsecure",
                enc,
                "--aes-xts",
                "-k",
                "k32.bin",
                "-a",
                "0x1000",
                "-o",
                "o.bin",
                "d100.bin");
        assertRefused(
                1,
                "d64.bin: starting flash address 0x1008 must be a multiple of 16",
                "espsecure",
                enc,
                "--aes-xts",
                "-k",
                "k32.bin",
                "-a",
                "0x1008",
                "-o",
                "o.bin",
                "d64.bin");
        assertRefused(
                1,
                "d64.bin: starting flash address 0x1008 must be a multiple of 16",
                "espsecure",
                enc,
                "-k",
                "k32.bin",
                "-a",
                "0x1008",
                "-o",
                "o.bin",
                "d64.bin");
        assertRefused(
                1,
                "k20.bin: key file contains wrong length (20 bytes), 16, 24, 32 or 64 expected",
                "espsecure",
                enc,
                "-k",
                "k20.bin",
                "-a",
                "0x1000",
                "-o",
                "o.bin",
                "d64.bin");
        assertRefused(
                1,
                "k24.bin: XTS-AES takes 128-, 256- or 512-bit keys; this one is 192 bits",
                "espsecure",
                enc,
                "--aes-xts",
                "-k",
                "k24.bin",
                "-a",
                "0x1000",
                "-o",
                "o.bin",
                "d64.bin");
        assertRefused(
                1,
                "k16.bin: ESP32 flash encryption takes 192- or 256-bit keys; this one is 128 bits (the"
                        + " XTS-AES chips take 128, 256 or 512)",
                "espsecure",
                enc,
                "-k",
                "k16.bin",
                "-a",
                "0x1000",
                "-o",
                "o.bin",
                "d64.bin");
        assertRefused(
                1,
                "empty.bin: input data must be longer than 0",
                "espsecure",
                enc,
                "--aes-xts",
                "-k",
                "k32.bin",
                "-a",
                "0x1000",
                "-o",
                "o.bin",
                "empty.bin");
        assertRefused(
                1,
                "d64.bin: the two halves of the XTS key are equal; XTS mode does not allow duplicated keys",
                "espsecure",
                enc,
                "--aes-xts",
                "-k",
                "keq.bin",
                "-a",
                "0x1000",
                "-o",
                "o.bin",
                "d64.bin");
        assertRefused(
                1,
                "d100.bin: data length (100) is not a multiple of 16 bytes",
                "espsecure",
                "decrypt_flash_data",
                "-k",
                "k32.bin",
                "-a",
                "0x1000",
                "-o",
                "o.bin",
                "d100.bin");
        assertRefused(
                1,
                "missing.bin: no such file",
                "espsecure",
                enc,
                "-k",
                "k32.bin",
                "-a",
                "0x1000",
                "-o",
                "o.bin",
                "missing.bin");
        assertRefused(
                2,
                "--address: 'zz' is not a valid integer",
                "espsecure",
                enc,
                "-k",
                "k32.bin",
                "-a",
                "zz",
                "-o",
                "o.bin",
                "d64.bin");
        assertRefused(
                2,
                "Missing required option: '--address=ADDRESS'",
                "espsecure",
                enc,
                "-k",
                "k32.bin",
                "-o",
                "o.bin",
                "d64.bin");
        assertRefused(
                1,
                "d64.bin: flash address 0x100000000 + 64 bytes runs past 4 GiB (0xFFFFFFFF); XTS flash"
                        + " addresses are 32-bit",
                "espsecure",
                enc,
                "-x",
                "-k",
                "k32.bin",
                "-a",
                "0x100000000",
                "-o",
                "o.bin",
                "d64.bin");
    }

    @Test
    void neverReplacesItsInputs() throws IOException {
        files();
        CliRun r = run("espsecure", "encrypt_flash_data", "-k", "k32.bin", "-a", "0x1000", "-o", "d64.bin", "d64.bin");
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("would overwrite the input file"), r.err());
        assertArrayEquals(new byte[64], Files.readAllBytes(tmp.resolve("d64.bin")));
        r = run("espsecure", "encrypt_flash_data", "-k", "k32.bin", "-a", "0x1000", "-o", "k32.bin", "d64.bin");
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("would overwrite the key file"), r.err());
    }

    @Test
    void warnsAboutAZeroConfigAndReplacesAnOldOutput() throws IOException {
        files();
        Files.write(tmp.resolve("o.bin"), new byte[] {1, 2, 3});
        CliRun r = run(
                "espsecure",
                "encrypt_flash_data",
                "--flash_crypt_conf",
                "0",
                "-k",
                "k32.bin",
                "-a",
                "4096",
                "-o",
                "o.bin",
                "d64.bin");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("warning: FLASH_CRYPT_CONFIG 0 is not recommended"), r.err());
        assertEquals(64, Files.size(tmp.resolve("o.bin")));
        // 0x10 has no bit in the low four: the untweaked key, as 0 (espsecure warns only for 0 itself).
        CliRun r2 = run(
                "espsecure",
                "encrypt_flash_data",
                "--flash_crypt_conf",
                "0x10",
                "-k",
                "k32.bin",
                "-a",
                "0x1000",
                "-o",
                "p.bin",
                "d64.bin");
        assertEquals(0, r2.status(), r2.err());
        assertEquals("", r2.err());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("o.bin")), Files.readAllBytes(tmp.resolve("p.bin")));
    }

    @Test
    void readsIntegersAsPython() {
        assertEquals(0x1000, FlashDataCommand.parseInt("-a", "0x1000").intValue());
        assertEquals(0x1000, FlashDataCommand.parseInt("-a", "0X1_000").intValue());
        assertEquals(4096, FlashDataCommand.parseInt("-a", " 4096 ").intValue());
        assertEquals(8, FlashDataCommand.parseInt("-a", "0o10").intValue());
        assertEquals(5, FlashDataCommand.parseInt("-a", "0b101").intValue());
        assertEquals(0, FlashDataCommand.parseInt("-a", "00").intValue());
        assertEquals(-16, FlashDataCommand.parseInt("-a", "-16").intValue());
        for (String bad : new String[] {"010", "0x", "1__0", "_1", "0x1g", "", "1e3"}) {
            CliException e = org.junit.jupiter.api.Assertions.assertThrows(
                    CliException.class, () -> FlashDataCommand.parseInt("-a", bad));
            assertEquals("-a: '" + bad + "' is not a valid integer", e.getMessage());
        }
    }
}
