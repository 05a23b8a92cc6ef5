package dev.nvsgen.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.provisioning.Device;
import dev.nvsgen.provisioning.Devices;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provisioning service on the JDK's HTTP server: {@code GET /devices/SERIAL/nvs.bin} issues that
 * device, if it is in the service's device list, a key pair and certificate and returns its NVS image,
 * ready to flash. Every device is kept in
 * an output folder as {@code nvsgen batch} keeps it (image, certificate, run record), once: asking
 * again returns the image the device was given, never a second key.
 */
public final class ProvisioningService implements AutoCloseable {
    private static final Pattern PATH = Pattern.compile("/devices/([^/]+)/nvs\\.bin");
    /**
     * The JDK server reads a request in the executor's thread, so a station that sends half a request
     * line and waits holds a thread: enough threads that a few slow or hostile stations leave the rest
     * served, idle ones let go.
     */
    static final int THREADS = 64;
    /** Seconds a connection may take to send its request before the server drops it. */
    static final String MAX_REQUEST_SECONDS = "30";
    /** Seconds {@link #close} waits for requests being answered. */
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final Provisioner provisioner;
    private final Map<String, Device> devices;
    private final RunRecord record;
    private final HttpServer server;
    private final ExecutorService workers;

    private ProvisioningService(
            Provisioner provisioner,
            Map<String, Device> devices,
            RunRecord record,
            HttpServer server,
            ExecutorService workers) {
        this.provisioner = provisioner;
        this.devices = devices;
        this.record = record;
        this.server = server;
        this.workers = workers;
    }

    /**
     * Serves {@code provisioner}'s images on {@code port} of the loopback address (0: any free port),
     * for the serials of the devices in {@code devices} only: any other serial is answered 404. The
     * folder {@code outDir} is this service's alone while it runs (its run lock is held).
     *
     * @throws dev.nvsgen.nvs.NvsInputException when another service or run holds {@code outDir}
     */
    public static ProvisioningService start(Provisioner provisioner, Iterable<Device> devices, Path outDir, int port)
            throws IOException {
        Map<String, Device> listed = new HashMap<>();
        for (Device d : devices) {
            listed.put(d.serial(), d);
        }
        // The JDK server reads its timeouts once, when it is first used: a request line not finished in
        // time is dropped instead of holding a thread for as long as the station likes.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        }
        RunRecord record = RunRecord.open(outDir);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException | RuntimeException e) {
            record.close();
            throw e;
        }
        ThreadPoolExecutor workers =
                new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        workers.allowCoreThreadTimeOut(true);
        ProvisioningService service = new ProvisioningService(provisioner, Map.copyOf(listed), record, server, workers);
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
            Device device = devices.get(serial);
            if (device == null) {
                // An identity only for a device the factory listed: a made-up serial gets nothing.
                reply(exchange, 404, "no device '" + printable(serial) + "' in this service's device list");
                return;
            }
            byte[] image;
            try {
                Optional<byte[]> kept = record.image(serial);
                image = kept.isPresent() ? kept.get() : record.keep(provisioner.provision(device));
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

    /** {@code text} with control characters escaped, so a reply stays one line. */
    private static String printable(String text) {
        StringBuilder b = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
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
        // A request already being answered finishes its files before the record and its lock go.
        workers.shutdown();
        try {
            if (!workers.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            record.close();
        }
    }

    /**
     * {@code ProvisioningService TESTDATA_BATCH_DIR OUTDIR [PORT]}: serves esp_secure_cert images issued
     * by the example CA on 127.0.0.1 until stopped, for the devices of the folder's {@code devices.csv}.
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
        ProvisioningService service = start(
                provisioner,
                Devices.csv(batch.resolve("devices.csv")),
                Path.of(args[1]),
                args.length > 2 ? Integer.parseInt(args[2]) : 8080);
        System.out.println("Serving http://127.0.0.1:" + service.port() + "/devices/SERIAL/nvs.bin");
    }
}
