package dev.nvsgen.provisioning;

import dev.nvsgen.crypto.credentials.IssuedCertificate;
import dev.nvsgen.factory.DeviceEncryption.KeyFile;
import dev.nvsgen.factory.RunLock;
import dev.nvsgen.nvs.util.AtomicFiles;
import dev.nvsgen.nvs.util.CsvParser;
import dev.nvsgen.nvs.util.Sha256;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An output folder kept as {@code nvsgen batch} keeps it, for devices provisioned one at a time (a
 * provisioning service): {@code bin/SERIAL.bin}, {@code certs/SERIAL.pem}, {@code keys/} for per-device
 * key files, and a line per device in {@code batch-run.csv}. Each device is kept once: a device asking
 * again gets the image it was given, never a second key or certificate, as long as that image is intact.
 *
 * <p>Safe to use from many threads: {@link #keep} and {@link #image} lock the record, issuance does not.
 * Files are written atomically, secrets owner-only, the image before its line in the record. The record
 * holds the folder's run lock ({@link RunLock}) while open: a second record, service or batch on the
 * same folder is refused, since two writers would give one device two identities.
 */
public final class RunRecord implements AutoCloseable {
    private final Path dir;
    private final RunLock lock;
    private final BufferedWriter out;
    private final Map<String, RunLog.Row> rows = new HashMap<>();

    private RunRecord(Path dir, RunLock lock, BufferedWriter out, Map<String, RunLog.Row> rows) {
        this.dir = dir;
        this.lock = lock;
        this.out = out;
        this.rows.putAll(rows);
    }

    /**
     * Opens the record in {@code dir}, creating the folder and {@code batch-run.csv} if they are not
     * there, and takes the folder's run lock until {@link #close}.
     *
     * @throws dev.nvsgen.nvs.NvsInputException when another run or record holds the folder, naming it
     */
    public static RunRecord open(Path dir) throws IOException {
        RunLock lock = RunLock.acquire(dir, dir.toString());
        try {
            Path csv = dir.resolve(RunLog.CSV);
            Map<String, RunLog.Row> rows = new HashMap<>();
            if (Files.exists(csv)) {
                List<CsvParser.Record> records = CsvParser.parse(Files.readString(csv, StandardCharsets.UTF_8), false);
                for (RunLog.Row row : RunLog.rows(records, csv.toString()).values()) {
                    // A later line for a serial (an image lost and made again) replaces the earlier one.
                    rows.put(row.serial(), row);
                }
            } else {
                AtomicFiles.write(csv, RunLog.csv(List.of()).getBytes(StandardCharsets.UTF_8), false);
            }
            BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return new RunRecord(dir, lock, out, rows);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The image kept for {@code serial}, if the record has it and the file is still what it recorded. */
    public synchronized Optional<byte[]> image(String serial) throws IOException {
        RunLog.Row row = rows.get(serial);
        if (row == null) {
            return Optional.empty();
        }
        return RunLog.intactImage(dir, row);
    }

    /**
     * Keeps {@code device}: writes its files and its line, unless the record already holds an intact image
     * for its serial (another request got there first), and returns the image the device is to have.
     */
    public synchronized byte[] keep(ProvisionedDevice device) throws IOException {
        Objects.requireNonNull(device, "device");
        Optional<byte[]> kept = image(device.serial());
        if (kept.isPresent()) {
            return kept.get();
        }
        String serial = device.serial();
        byte[] image = device.image();
        IssuedCertificate certificate = device.certificate().orElse(null);
        if (certificate != null) {
            AtomicFiles.write(
                    dir.resolve(BatchRun.CERTIFICATES).resolve(serial + ".pem"),
                    certificate.pem().getBytes(StandardCharsets.US_ASCII),
                    false);
        }
        String keysFile = "";
        for (KeyFile k : device.keyFiles()) {
            String name = BatchRun.KEYS + "/" + k.fileName();
            AtomicFiles.write(dir.resolve(name), k.exportContent(), true);
            if (keysFile.isEmpty()) {
                keysFile = name;
            }
        }
        String imageName = BatchRun.IMAGES + "/" + serial + ".bin";
        // An image holding the device's private key is as secret as a key file.
        AtomicFiles.write(dir.resolve(imageName), image, device.key().isPresent());
        RunLog.Row row = new RunLog.Row(
                serial,
                imageName,
                Sha256.hex(image),
                certificate == null ? "" : certificate.serialHex(),
                certificate == null ? "" : certificate.sha256Fingerprint(),
                keysFile);
        out.write(RunLog.line(row.fields()));
        out.flush();
        rows.put(serial, row);
        return image;
    }

    /** The number of devices the record holds. */
    public synchronized int size() {
        return rows.size();
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            out.close();
        } finally {
            lock.close();
        }
    }
}
