package dev.nvsgen.crypto.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.NvsEncryption;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.nvs.EntryCipher;
import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.conformance.ConformanceSuite;
import dev.nvsgen.nvs.csv.EspIdfCsv;
import dev.nvsgen.nvs.internal.EntryState;
import dev.nvsgen.nvs.internal.EntryStateBitmap;
import dev.nvsgen.nvs.internal.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every {@code encrypt}, {@code decrypt} and {@code generate-key-hmac} case of the conformance suite
 * through the library, byte for byte against Espressif's nvs_partition_gen (the CLI has its own test).
 */
class EncryptionConformanceTest {

    static Stream<ConformanceSuite.Case> encryptCases() {
        return ConformanceSuite.cases("encrypt");
    }

    static Stream<ConformanceSuite.Case> decryptCases() {
        return ConformanceSuite.cases("decrypt");
    }

    static Stream<ConformanceSuite.Case> generateKeyCases() {
        return ConformanceSuite.cases("generate-key-hmac");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encryptCases")
    void encrypt(ConformanceSuite.Case c) throws Exception {
        c.assumePresent();
        assertEquals("ok", c.expect());
        JsonNode args = c.json().get("args");
        NvsKeys keys = keysFor(c.dir(), args);
        byte[] plain = plainImage(c.dir(), args);
        byte[] image = NvsEncryption.encrypt(plain, keys);

        Map<String, String> outputs = outputs(c);
        assertArrayEquals(expected(c, outputs.get("out.bin")), image, c.name() + ": image differs from the reference");
        for (Map.Entry<String, String> o : outputs.entrySet()) {
            if (o.getKey().startsWith("keys/")) {
                assertArrayEquals(expected(c, o.getValue()), keys.toKeysPartition(), c.name() + ": " + o.getKey());
            }
        }
        // The same bytes through the one-entry API that EntryCipher users get.
        assertArrayEquals(image, entryByEntry(plain, keys.cipher()), c.name() + ": EntryCipher path");
        // And back: decrypting the reference's output gives the plain image.
        assertArrayEquals(plain, NvsEncryption.decrypt(image, keys), c.name() + ": decrypt(encrypt(x))");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decryptCases")
    void decrypt(ConformanceSuite.Case c) throws Exception {
        c.assumePresent();
        assertEquals("ok", c.expect());
        JsonNode args = c.json().get("args");
        NvsKeys keys = NvsKeys.read(c.dir().resolve(args.get("key").asString()));
        byte[] encrypted = Files.readAllBytes(c.dir().resolve(args.get("input").asString()));
        byte[] plain = NvsEncryption.decrypt(encrypted, keys);
        assertArrayEquals(expected(c, outputs(c).get("out.bin")), plain, c.name() + ": differs from the reference");
        assertArrayEquals(encrypted, NvsEncryption.encrypt(plain, keys), c.name() + ": encrypt(decrypt(y))");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generateKeyCases")
    void generateKeyFromHmacKey(ConformanceSuite.Case c) throws Exception {
        c.assumePresent();
        assertEquals("ok", c.expect());
        JsonNode args = c.json().get("args");
        NvsKeys keys = HmacKey.read(c.dir().resolve(args.get("kp_hmac_inputkey").asString()))
                .deriveNvsKeys();
        Map<String, String> outputs = outputs(c);
        assertFalse(outputs.isEmpty());
        for (String expectedFile : outputs.values()) {
            assertArrayEquals(expected(c, expectedFile), keys.toKeysPartition(), c.name());
        }
    }

    /** The keys an encrypt case uses: {@code --inputkey}, or derived from {@code --kp_hmac_inputkey}. */
    static NvsKeys keysFor(Path dir, JsonNode args) {
        if (args.has("inputkey")) {
            return NvsKeys.read(dir.resolve(args.get("inputkey").asString()));
        }
        return HmacKey.read(dir.resolve(args.get("kp_hmac_inputkey").asString()))
                .deriveNvsKeys();
    }

    static byte[] plainImage(Path dir, JsonNode args) {
        List<Path> inputs = new ArrayList<>();
        args.get("inputs").forEach(i -> inputs.add(dir.resolve(i.asString())));
        FormatVersion version =
                FormatVersion.of(args.has("version") ? args.get("version").asInt() : 2);
        return EspIdfCsv.read(inputs, version, dir)
                .toImage(PartitionSize.parse(args.get("size").asString()));
    }

    /** Every WRITTEN entry through {@link EntryCipher#encryptEntry}, one at a time. */
    static byte[] entryByEntry(byte[] plain, EntryCipher cipher) {
        byte[] out = plain.clone();
        for (int page = 0; page < out.length; page += Page.SIZE) {
            for (int slot = 0; slot < Page.ENTRY_COUNT; slot++) {
                if (EntryStateBitmap.state(out, page, slot) == EntryState.WRITTEN) {
                    int at = page + Page.entryOffset(slot);
                    cipher.encryptEntry(out, at, at);
                }
            }
        }
        return out;
    }

    static Map<String, String> outputs(ConformanceSuite.Case c) {
        Map<String, String> out = new LinkedHashMap<>();
        c.json()
                .get("outputs")
                .properties()
                .forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        return out;
    }

    static byte[] expected(ConformanceSuite.Case c, String file) throws Exception {
        return Files.readAllBytes(c.dir().resolve(file));
    }
}
