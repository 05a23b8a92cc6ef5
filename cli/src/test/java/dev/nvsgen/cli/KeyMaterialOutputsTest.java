package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** No output replaces a file that holds key material, not even with --force. */
class KeyMaterialOutputsTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void csv() throws IOException {
        Files.writeString(tmp.resolve("nvs.csv"), "key,type,encoding,value\nns,namespace,,\nk,data,u8,1\n");
    }

    static Stream<Arguments> keyFiles() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        byte[] pkcs8 = ec.generateKeyPair().getPrivate().getEncoded();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
        String ecPem = "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n-----END EC PRIVATE KEY-----\n";
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        ByteArrayOutputStream p12 = new ByteArrayOutputStream();
        empty.store(p12, "pw".toCharArray());
        Certificate cert = anyCertificate();
        String certPem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        byte[] keysPartition = new byte[4096];
        java.util.Arrays.fill(keysPartition, (byte) 0xFF);
        for (int i = 0; i < 64; i++) {
            keysPartition[i] = (byte) (i * 37 + 11);
        }
        int crc = dev.nvsgen.nvs.util.Crc32.compute(keysPartition, 0, 64);
        for (int i = 0; i < 4; i++) {
            keysPartition[64 + i] = (byte) (crc >>> (8 * i));
        }
        return Stream.of(
                Arguments.of("ca.key", pem.getBytes(StandardCharsets.US_ASCII), "a PEM private key"),
                Arguments.of("old.key", ecPem.getBytes(StandardCharsets.US_ASCII), "a PEM private key"),
                Arguments.of("ca.der", pkcs8, "a DER private key or PKCS#12 store"),
                Arguments.of("store.p12", p12.toByteArray(), "a DER private key or PKCS#12 store"),
                Arguments.of("ca.crt", certPem.getBytes(StandardCharsets.US_ASCII), "a PEM certificate"),
                Arguments.of("ca.cer", cert.getEncoded(), "a DER certificate or encrypted private key"),
                Arguments.of("nvs_keys.bin", keysPartition, "an nvs_keys partition (NVS encryption keys)"),
                Arguments.of("hmac.bin", new byte[32], "32 bytes, the size of an HMAC key file"));
    }

    private static Certificate anyCertificate() throws Exception {
        KeyStore cacerts = KeyStore.getInstance(KeyStore.getDefaultType());
        try (var in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
            cacerts.load(in, null);
        }
        List<String> aliases = new ArrayList<>(Collections.list(cacerts.aliases()));
        Collections.sort(aliases);
        return cacerts.getCertificate(aliases.get(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyFiles")
    void neverReplacedByAnImage(String name, byte[] contents, String what) throws IOException {
        Files.write(tmp.resolve(name), contents);
        for (String[] argv : List.of(
                new String[] {"generate", "nvs.csv", name, "0x3000", "--force"},
                new String[] {"generate", "nvs.csv", name, "0x3000"},
                new String[] {"encrypt", "nvs.csv", name, "0x3000", "--keygen", "--force"})) {
            CliRun run = CliRun.in(tmp, argv);
            assertEquals(
                    "nvsgen " + argv[0] + ": error: " + name + ": holds " + what
                            + ", which nvsgen never replaces (not even with --force); name another output\n",
                    run.err());
            assertEquals(ExitCode.INPUT, run.status());
            assertArrayEquals(contents, Files.readAllBytes(tmp.resolve(name)));
        }
    }
}
