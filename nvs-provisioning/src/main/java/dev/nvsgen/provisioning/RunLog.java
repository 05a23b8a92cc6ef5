package dev.nvsgen.provisioning;

import dev.nvsgen.factory.RunFingerprint;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.AtomicFiles;
import dev.nvsgen.nvs.util.CsvParser;
import dev.nvsgen.nvs.util.CsvText;
import dev.nvsgen.nvs.util.InputFiles;
import dev.nvsgen.nvs.util.Sha256;
import dev.nvsgen.nvs.util.Utf8Text;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultPrettyPrinter;

/**
 * The run manifest: one row per device made (serial, image, image SHA-256, certificate serial and
 * fingerprint, keys file). While a run goes, {@value #CSV} grows a line per finished device, so that an
 * interrupted run can be resumed without issuing those devices' credentials again; at the end it is
 * rewritten in device order, and {@value #JSON} is written beside it.
 */
final class RunLog implements AutoCloseable {
    static final String CSV = "batch-run.csv";
    static final String JSON = "batch-run.json";
    /** What defines the run's outputs ({@link RunFingerprint#lines}): a resume must match it. */
    static final String FINGERPRINT = "batch-run.fingerprint";

    static final List<String> COLUMNS =
            List.of("serial", "image", "image_sha256", "certificate_serial", "certificate_sha256", "keys_file");

    /** One device made; paths relative to the output folder, empty strings where there is nothing. */
    record Row(
            String serial,
            String image,
            String imageSha256,
            String certificateSerial,
            String certificateSha256,
            String keysFile) {
        List<String> fields() {
            return List.of(serial, image, imageSha256, certificateSerial, certificateSha256, keysFile);
        }
    }

    private final Path dir;
    private final BufferedWriter out;

    private RunLog(Path dir, BufferedWriter out) {
        this.dir = dir;
        this.out = out;
    }

    /** True if {@code dir} holds a run (its {@value #CSV}). */
    static boolean exists(Path dir) {
        return Files.exists(dir.resolve(CSV));
    }

    /**
     * The devices an earlier run in {@code dir} finished: rows whose image is still there with the
     * recorded SHA-256. A last line cut short by a crash is skipped; a device whose files are gone or
     * changed is made again. A row for a device not in {@code serials} is refused: resuming a run with
     * another device list would mix two runs' outputs.
     */
    static Map<String, Row> finished(Path dir, String shownDir, Set<String> serials) {
        Path csv = dir.resolve(CSV);
        String name = shownDir + "/" + CSV;
        List<CsvParser.Record> records;
        try {
            InputFiles.check(csv, name, Long.MAX_VALUE, "a run manifest");
            records = CsvParser.parse(Files.readString(csv, StandardCharsets.UTF_8), false);
        } catch (IOException | RuntimeException e) {
            throw new NvsInputException(name + ": cannot be read to resume the run (" + e.getMessage() + ")");
        }
        Map<String, Row> done = new LinkedHashMap<>();
        for (Map.Entry<Integer, Row> e : rows(records, name).entrySet()) {
            Row row = e.getValue();
            if (!serials.contains(row.serial())) {
                throw new NvsInputException(name + ":" + e.getKey() + ": device '" + row.serial()
                        + "' is not among the manifest's devices; resume with the device list of that run");
            }
            if (intact(dir, row)) {
                done.put(row.serial(), row);
            }
        }
        return done;
    }

    /**
     * The rows of a run manifest, {@code name} in messages, by line: a line a run did not finish writing
     * (cut short by a crash) is left out.
     */
    static Map<Integer, Row> rows(List<CsvParser.Record> records, String name) {
        if (records.isEmpty() || !records.get(0).fields().equals(COLUMNS)) {
            throw new NvsInputException(
                    name + ": is not an nvsgen run manifest (its header is not " + String.join(",", COLUMNS) + ")");
        }
        Map<Integer, Row> rows = new LinkedHashMap<>();
        for (CsvParser.Record r : records.subList(1, records.size())) {
            List<String> f = r.fields();
            if (f.size() == COLUMNS.size() && f.get(2).length() == 64) {
                rows.put(r.line(), new Row(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5)));
            }
        }
        return rows;
    }

    private static boolean intact(Path dir, Row row) {
        try {
            return intactImage(dir, row).isPresent()
                    && (row.keysFile().isEmpty() || Files.isRegularFile(dir.resolve(row.keysFile())));
        } catch (IOException e) {
            return false;
        }
    }

    /** The image {@code row} records, if it is still in {@code dir} with the recorded SHA-256. */
    static Optional<byte[]> intactImage(Path dir, Row row) throws IOException {
        Path image = dir.resolve(row.image());
        if (!Files.isRegularFile(image)) {
            return Optional.empty();
        }
        byte[] data = Files.readAllBytes(image);
        return Sha256.hex(data).equals(row.imageSha256()) ? Optional.of(data) : Optional.empty();
    }

    /**
     * Refuses to resume the run in {@code dir} when {@code now} differs from the fingerprint it recorded,
     * naming what changed; a run without one (made before fingerprints were kept) is refused too.
     */
    static void checkFingerprint(Path dir, String shownDir, RunFingerprint now, RunFolderException.Words words) {
        Path file = dir.resolve(FINGERPRINT);
        String name = shownDir + "/" + FINGERPRINT;
        if (!Files.exists(file)) {
            throw new RunFolderException(
                    name + ": missing, so nothing tells whether the run there was made from"
                            + " this manifest; start over with {force}, or choose another {outdir}",
                    words);
        }
        List<String> lines;
        try {
            lines = List.of(Utf8Text.decode(InputFiles.read(file, name, 1 << 20, "a run fingerprint"))
                    .split("\n"));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new NvsInputException(name + ": is not a run fingerprint");
        }
        List<String> changed = now.changedSince(RunFingerprint.parse(lines));
        if (!changed.isEmpty()) {
            throw new RunFolderException(
                    shownDir + ": cannot resume: " + String.join(", ", changed)
                            + (changed.size() == 1 ? " differs" : " differ") + " from the interrupted run's ("
                            + FINGERPRINT + "); resume with what it had, or start over with {force}",
                    words);
        }
    }

    /**
     * Starts the log in {@code dir} with the rows already {@code kept} from an earlier run, and records
     * the run's {@code fingerprint} beside it.
     */
    static RunLog start(Path dir, List<Row> kept, RunFingerprint fingerprint) throws IOException {
        // Owner-only: the fingerprint holds digests of the CA key and key files, which are derived from secrets.
        AtomicFiles.write(
                dir.resolve(FINGERPRINT),
                (String.join("\n", fingerprint.lines()) + "\n").getBytes(StandardCharsets.UTF_8),
                true);
        AtomicFiles.write(dir.resolve(CSV), csv(kept).getBytes(StandardCharsets.UTF_8), false);
        BufferedWriter out =
                Files.newBufferedWriter(dir.resolve(CSV), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return new RunLog(dir, out);
    }

    /** Records a finished device; the line is on disk (in the OS's cache) when this returns. */
    synchronized void append(Row row) {
        try {
            out.write(line(row.fields()));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites the CSV in device order and writes the JSON, both atomically. */
    void finish(List<Row> rows, Map<String, String> about) throws IOException {
        close();
        AtomicFiles.write(dir.resolve(CSV), csv(rows).getBytes(StandardCharsets.UTF_8), false);
        AtomicFiles.write(dir.resolve(JSON), json(rows, about).getBytes(StandardCharsets.UTF_8), false);
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    static String csv(List<Row> rows) {
        StringBuilder s = new StringBuilder(line(COLUMNS));
        for (Row r : rows) {
            s.append(line(r.fields()));
        }
        return s.toString();
    }

    /** One line of the manifest: {@code fields} with CSV quoting where needed. */
    static String line(List<String> fields) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append(CsvText.field(fields.get(i)));
        }
        return s.append('\n').toString();
    }

    static String json(List<Row> rows, Map<String, String> about) {
        StringWriter w = new StringWriter();
        ObjectWriteContext pretty = new ObjectWriteContext.Base() {
            @Override
            public PrettyPrinter getPrettyPrinter() {
                return new DefaultPrettyPrinter();
            }

            @Override
            public boolean hasPrettyPrinter() {
                return true;
            }
        };
        try (JsonGenerator g = new JsonFactory().createGenerator(pretty, w)) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : about.entrySet()) {
                g.writeStringProperty(e.getKey(), e.getValue());
            }
            g.writeNumberProperty("device_count", rows.size());
            g.writeArrayPropertyStart("devices");
            for (Row r : rows) {
                g.writeStartObject();
                for (int i = 0; i < COLUMNS.size(); i++) {
                    String v = r.fields().get(i);
                    if (v.isEmpty()) {
                        g.writeNullProperty(COLUMNS.get(i));
                    } else {
                        g.writeStringProperty(COLUMNS.get(i), v);
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return w.append('\n').toString();
    }
}
