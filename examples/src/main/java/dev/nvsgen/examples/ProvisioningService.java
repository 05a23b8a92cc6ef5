package dev.nvsgen.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.provisioning.Device;
import dev.nvsgen.provisioning.Provisioner;
import dev.nvsgen.provisioning.RunRecord;
import dev.nvsgen.provisioning.model.Preset;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provisioning service on the JDK's HTTP server: {@code GET /devices/SERIAL/nvs.bin} issues that
 * device a key pair and certificate and returns its NVS image, ready to flash. Every device is kept in
 * an output folder as {@code nvsgen batch} keeps it (image, certificate, run record), once: asking
 * again returns the image the device was given, never a second key.
 */
public final class ProvisioningService implements AutoCloseable {
    private static final Pattern PATH = Pattern.compile("/devices/([^/]+)/nvs\\.bin");

    private final Provisioner provisioner;
    private final RunRecord record;
    private final HttpServer server;
    private final ExecutorService workers;

    private ProvisioningService(Provisioner provisioner, RunRecord record, HttpServer server, ExecutorService workers) {
        this.provisioner = provisioner;
        this.record = record;
        this.server = server;
        this.workers = workers;
    }

    /** Serves {@code provisioner}'s images on {@code port} of the loopback address (0: any free port). */
    public static ProvisioningService start(Provisioner provisioner, Path outDir, int port) throws IOException {
        RunRecord record = RunRecord.open(outDir);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService workers =
                Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        ProvisioningService service = new ProvisioningService(provisioner, record, server, workers);
        server.createContext("/devices/", service::handle);
        server.setExecutor(workers);
        server.start();
        return service;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
            if (!m.matches()) {
                reply(exchange, 404, "no such resource: GET /devices/SERIAL/nvs.bin");
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().add("Allow", "GET");
                reply(exchange, 405, "only GET");
                return;
            }
            String serial = m.group(1);
            byte[] image;
            try {
                Optional<byte[]> kept = record.image(serial);
                image = kept.isPresent() ? kept.get() : record.keep(provisioner.provision(Device.of(serial)));
            } catch (NvsInputException e) {
                reply(exchange, 400, e.getMessage());
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, image.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(image);
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String message) throws IOException {
        byte[] text = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, text.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(text);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        workers.shutdownNow();
        record.close();
    }

    /**
     * {@code ProvisioningService TESTDATA_BATCH_DIR OUTDIR [PORT]}: serves esp_secure_cert images issued
     * by the example CA on 127.0.0.1 until stopped.
     */
    public static void main(String[] args) throws IOException {
        Path batch = Path.of(args[0]);
        Provisioner provisioner = Provisioner.builder()
                .preset(Preset.ESP_SECURE_CERT)
                // The legacy NVS layout, read here with NvsReader; without this line the preset writes the
                // TLV partition esp_secure_cert_mgr reads by default.
                .secureCert(dev.nvsgen.provisioning.model.SecureCert.legacyNvs())
                .authority(CertificateAuthority.of(
                        List.of(Pem.certificate(batch.resolve("ca/ca.pem"))),
                        Pem.privateKey(batch.resolve("ca/ca.key")),
                        Instant.now()))
                .subject("CN=${serial},O=nvsgen example")
                .build();
        ProvisioningService service =
                start(provisioner, Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 8080);
        System.out.println("Serving http://127.0.0.1:" + service.port() + "/devices/SERIAL/nvs.bin");
    }
}
