package dev.nvsgen.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.read.NvsImage;
import dev.nvsgen.nvs.read.NvsReader;
import dev.nvsgen.provisioning.Device;
import dev.nvsgen.provisioning.Provisioner;
import dev.nvsgen.provisioning.model.Preset;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real HTTP client on loopback asks the service for images and reads them back as a device would. */
@Timeout(60)
class ProvisioningServiceTest {
    @TempDir
    Path tmp;

    private X509Certificate ca;
    private ProvisioningService service;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() throws Exception {
        Path batch = BatchExampleTest.BATCH;
        ca = Pem.certificate(batch.resolve("ca/ca.pem"));
        Provisioner provisioner = Provisioner.builder()
                .preset(Preset.ESP_SECURE_CERT)
                .secureCert(dev.nvsgen.provisioning.model.SecureCert.legacyNvs())
                .authority(
                        CertificateAuthority.of(List.of(ca), Pem.privateKey(batch.resolve("ca/ca.key")), Instant.now()))
                .subject("CN=${serial},O=nvsgen example")
                .build();
        service = ProvisioningService.start(provisioner, DEVICES, tmp.resolve("out"), 0);
    }

    /** The devices the service serves: those the tests ask for, and one whose serial names no file. */
    static final List<Device> DEVICES = Stream.concat(
                    Stream.of("SN-7001", "SN-7002", "SN-7003", "bad serial"),
                    IntStream.range(0, 12).mapToObj(i -> "ST-" + i))
            .map(Device::of)
            .toList();

    @AfterEach
    void stop() throws Exception {
        service.close();
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aDeviceGetsAnImageWhoseCertificateChainsToTheCaAndWhoseKeyMatchesIt() throws Exception {
        HttpResponse<byte[]> r = get("/devices/SN-7001/nvs.bin");
        assertEquals(200, r.statusCode());
        assertEquals(
                "application/octet-stream",
                r.headers().firstValue("Content-Type").orElseThrow());
        NvsImage image = NvsReader.read(r.body());
        assertTrue(image.isSound(), image.findings().toString());
        String certPem = image.get("esp_secure_cert", "dev_cert").orElseThrow().asString();
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certPem.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(
                "CN=SN-7001,O=nvsgen example", cert.getSubjectX500Principal().getName());
        BatchExampleTest.chainsTo(cert, ca);
        assertTrue(
                image.get("esp_secure_cert", "ca_cert").orElseThrow().asString().contains("BEGIN CERTIFICATE"));

        // The stored key signs what the certificate verifies.
        String keyPem = image.get("esp_secure_cert", "priv_key").orElseThrow().asString();
        PrivateKey key = KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder()
                        .decode(keyPem.replaceAll("-----[A-Z ]+-----", "").strip())));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(cert);
        s.update(new byte[] {1, 2, 3});
        assertTrue(s.verify(sig));
    }

    @Test
    void theRunRecordIsKeptAsTheCliKeepsItAndADeviceIsIssuedOnce() throws Exception {
        byte[] first = get("/devices/SN-7002/nvs.bin").body();
        byte[] again = get("/devices/SN-7002/nvs.bin").body();
        assertArrayEquals(first, again);
        Path out = tmp.resolve("out");
        assertArrayEquals(first, Files.readAllBytes(out.resolve("bin/SN-7002.bin")));
        assertTrue(Files.isRegularFile(out.resolve("certs/SN-7002.pem")));
        List<String> record = Files.readAllLines(out.resolve("batch-run.csv"));
        assertEquals("serial,image,image_sha256,certificate_serial,certificate_sha256,keys_file", record.get(0));
        assertEquals(2, record.size());
        assertTrue(record.get(1).startsWith("SN-7002,bin/SN-7002.bin,"), record.get(1));
    }

    @Test
    void manyStationsAtOnce() throws Exception {
        List<CompletableFuture<HttpResponse<byte[]>>> replies = IntStream.range(0, 12)
                .mapToObj(i -> client.sendAsync(
                        HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + service.port() + "/devices/ST-" + i + "/nvs.bin"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray()))
                .toList();
        for (CompletableFuture<HttpResponse<byte[]>> r : replies) {
            assertEquals(200, r.get().statusCode());
        }
        assertEquals(13, Files.readAllLines(tmp.resolve("out/batch-run.csv")).size());
    }

    @Test
    void stationsAskingForOneDeviceAtOnceAllGetTheSameImage() throws Exception {
        List<CompletableFuture<HttpResponse<byte[]>>> replies = IntStream.range(0, 6)
                .mapToObj(i -> client.sendAsync(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + service.port() + "/devices/SN-7003/nvs.bin"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray()))
                .toList();
        byte[] first = replies.get(0).get().body();
        for (CompletableFuture<HttpResponse<byte[]>> r : replies) {
            assertEquals(200, r.get().statusCode());
            assertArrayEquals(first, r.get().body());
        }
        assertEquals(2, Files.readAllLines(tmp.resolve("out/batch-run.csv")).size());
    }

    @Test
    void badRequestsAreRefusedWithAReason() throws Exception {
        HttpResponse<byte[]> bad = get("/devices/bad%20serial/nvs.bin");
        assertEquals(400, bad.statusCode());
        assertTrue(new String(bad.body(), StandardCharsets.UTF_8)
                .contains("serial 'bad serial' cannot name the device's files"));
        assertEquals(404, get("/devices/SN-1/other.bin").statusCode());
        assertEquals(1, Files.readAllLines(tmp.resolve("out/batch-run.csv")).size());
    }

    @Test
    void stationsThatSendHalfARequestAndWaitDoNotStopTheOthers() throws Exception {
        // N05: as many unfinished request lines as the server had threads stopped it serving anyone.
        int slow = Runtime.getRuntime().availableProcessors() + 2;
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < slow; i++) {
                Socket s = new Socket("127.0.0.1", service.port());
                OutputStream o = s.getOutputStream();
                o.write("GET /devices/SN-7001/nvs.bin HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                o.flush();
                stalled.add(s);
            }
            // Generous bound: the point is that it answers at all while the slow stations hold on.
            HttpResponse<byte[]> r = client.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + service.port() + "/devices/SN-7002/nvs.bin"))
                            .timeout(Duration.ofSeconds(25))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void aSerialNotInTheDeviceListGetsNothing() throws Exception {
        HttpResponse<byte[]> r = get("/devices/ANY-THING/nvs.bin");
        assertEquals(404, r.statusCode());
        assertEquals(
                "no device 'ANY-THING' in this service's device list\n", new String(r.body(), StandardCharsets.UTF_8));
        assertEquals(404, get("/devices/SN-7001%0Aevil/nvs.bin").statusCode());
        assertEquals(1, Files.readAllLines(tmp.resolve("out/batch-run.csv")).size());
        assertFalse(Files.exists(tmp.resolve("out/bin/ANY-THING.bin")));
    }

    @Test
    void aSecondServiceOnTheSameFolderIsRefused() throws Exception {
        // N06: two services on one folder gave one serial three identities.
        Provisioner provisioner = Provisioner.builder()
                .preset(Preset.ESP_SECURE_CERT)
                .secureCert(dev.nvsgen.provisioning.model.SecureCert.legacyNvs())
                .authority(CertificateAuthority.of(
                        List.of(ca), Pem.privateKey(BatchExampleTest.BATCH.resolve("ca/ca.key")), Instant.now()))
                .subject("CN=${serial},O=nvsgen example")
                .build();
        NvsInputException e = assertThrows(
                NvsInputException.class, () -> ProvisioningService.start(provisioner, DEVICES, tmp.resolve("out"), 0));
        assertTrue(e.getMessage().contains("another nvsgen run is writing to this folder"), e.getMessage());
        assertEquals(200, get("/devices/SN-7001/nvs.bin").statusCode());
    }
}
