package dev.nvsgen.securecert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nvsgen.nvs.Bytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link DeviceView} answers as esp_secure_cert_mgr's own reader did for each shared case: the test builds the
 * same JSON fields from the view and compares them with {@code expected_read.json} (and
 * {@code expected_read_legacy_tlv.json} where there is one).
 */
class ExpectedReadTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> COMPARED = List.of(
            "device_cert",
            "ca_cert",
            "private_key",
            "ds_data",
            "key_type",
            "priv_key_efuse_block",
            "integrity",
            "tlvs",
            "errors");

    static List<Path> cases() throws Exception {
        return SharedFixtures.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsWhatTheComponentReads(Path dir) throws Exception {
        SharedFixtures.assumePresent(dir);
        for (String file : List.of("expected_read.json", "expected_read_legacy_tlv.json")) {
            if (!Files.exists(dir.resolve(file))) {
                continue;
            }
            JsonNode expected = new ObjectMapper().readTree(dir.resolve(file).toFile());
            JsonNode mine = read(Files.readAllBytes(dir.resolve("expected.bin")), expected);
            for (String field : COMPARED) {
                assertEquals(expected.get(field), mine.get(field), dir.getFileName() + "/" + file + ": " + field);
            }
        }
    }

    /** The reader's JSON for {@code image}, in the format and build {@code expected} names. */
    static ObjectNode read(byte[] image, JsonNode expected) {
        String format = expected.get("format").asString();
        String build = expected.get("build").asString();
        DeviceView.Build b = new DeviceView.Build(build.startsWith("legacy"), build.contains("ds"));
        DeviceView v = switch (format) {
            case "tlv", "legacy-tlv" -> DeviceView.ofTlv(TlvReader.read(image), b);
            case "legacy-cust-flash" -> DeviceView.ofCustFlash(image, b);
            case "legacy-nvs" -> DeviceView.ofNvs(image, b);
            default -> throw new AssertionError(format);
        };
        ObjectNode o = F.objectNode();
        o.set("device_cert", item(v.deviceCert().orElse(null)));
        o.set("ca_cert", item(v.caCert().orElse(null)));
        o.set("private_key", item(v.exportPrivateKey().map(Bytes::of).orElse(null)));
        o.set("ds_data", v.ds().map(ExpectedReadTest::ds).orElse(F.nullNode()));
        o.set("key_type", v.keyType().map(t -> (JsonNode) F.stringNode(t)).orElse(F.nullNode()));
        o.set(
                "priv_key_efuse_block",
                v.keyEfuseBlock().isPresent() ? F.numberNode(v.keyEfuseBlock().getAsInt()) : F.nullNode());
        o.set(
                "integrity",
                v.integrity()
                        .map(i -> (JsonNode) F.stringNode(i.name().toLowerCase(java.util.Locale.ROOT)))
                        .orElse(F.nullNode()));
        if (v.tlvs().isPresent()) {
            ArrayNode tlvs = F.arrayNode();
            for (LocatedTlv t : v.tlvs().get()) {
                ObjectNode n = F.objectNode();
                n.put("type", t.entry().type().code());
                n.put("name", t.entry().type().name());
                n.put("subtype", t.entry().subtype().code());
                n.put("flags", t.entry().flags().code());
                n.put("length", t.entry().data().length());
                n.put(
                        "data_base64",
                        Base64.getEncoder().encodeToString(t.entry().data().toByteArray()));
                tlvs.add(n);
            }
            o.set("tlvs", tlvs);
        } else {
            o.set("tlvs", F.nullNode());
        }
        ArrayNode errors = F.arrayNode();
        for (DeviceView.FailedCall f : v.failedCalls()) {
            ObjectNode e = F.objectNode();
            e.put("call", f.call());
            e.put("err", f.err());
            e.put("name", f.name());
            errors.add(e);
        }
        o.set("errors", errors);
        return o;
    }

    private static JsonNode item(Bytes data) {
        if (data == null) {
            return F.nullNode();
        }
        ObjectNode o = F.objectNode();
        byte[] b = data.toByteArray();
        if (SecureCertVerifier.startsWithPem(b)) {
            o.put("encoding", "pem");
            o.put("length", b.length);
            int n = b.length > 0 && b[b.length - 1] == 0 ? b.length - 1 : b.length;
            o.put("pem", new String(b, 0, n, StandardCharsets.UTF_8));
        } else {
            o.put("encoding", "der");
            o.put("length", b.length);
            o.put("base64", Base64.getEncoder().encodeToString(b));
        }
        return o;
    }

    private static JsonNode ds(DeviceView.DsView d) {
        ObjectNode o = F.objectNode();
        o.put("efuse_key_id", d.efuseKeyId());
        o.put("rsa_length_bits", d.rsaBits());
        o.put("rsa_length", d.rsaLength());
        o.put("iv", d.iv().hex());
        o.put("c_len", d.cLength());
        o.put("c", d.c().hex());
        return o;
    }
}
