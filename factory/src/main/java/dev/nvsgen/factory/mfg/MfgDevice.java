package dev.nvsgen.factory.mfg;

import dev.nvsgen.factory.DeviceEncryption;
import dev.nvsgen.factory.DeviceJob;
import dev.nvsgen.factory.DeviceOutput;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.csv.EspIdfCsv;
import dev.nvsgen.nvs.csv.EspIdfRows;
import dev.nvsgen.nvs.util.InputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** One row of the values file as a batch job: its entries applied as nvs_partition_gen would apply its CSV. */
final class MfgDevice implements DeviceJob {
    private final MfgBatch batch;
    private final ValuesFile.Row row;
    private final ValuesFile.Row first;
    private final int[] columns;
    private final String name;
    private final String id;

    MfgDevice(MfgBatch batch, ValuesFile values, ValuesFile.Row row, String name, String id) {
        this.batch = batch;
        this.row = row;
        this.first = values.first();
        this.columns = values.columns;
        this.name = name;
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public DeviceOutput make() throws IOException {
        List<MfgConfig.Row> rows = batch.config.rows();
        String[] values = new String[rows.size()];
        boolean multiLine = false;
        for (int i = 0; i < rows.size(); i++) {
            if (columns[i] >= 0) {
                values[i] = source(i).fields().get(columns[i]);
                multiLine |= values[i].indexOf('\n') >= 0 || values[i].indexOf('\r') >= 0;
            }
        }
        byte[] csv = batch.csv || multiLine ? DeviceCsv.render(rows, values) : null;
        NvsPartition.Builder builder = NvsPartition.builder(batch.version);
        FileReads files = new FileReads();
        EspIdfRows entries = new EspIdfRows(builder, batch.baseDir, files);
        if (multiLine) {
            // A value with a line break goes through the text mfg_gen would write, because
            // nvs_partition_gen's comment rule works on its physical lines.
            EspIdfCsv.readInto(
                    entries,
                    batch.valuesName + ":" + row.line() + ": device " + name + ": its CSV",
                    new String(csv, StandardCharsets.UTF_8));
        } else {
            for (int i = 0; i < rows.size(); i++) {
                MfgConfig.Row r = rows.get(i);
                try {
                    if (r.isNamespace()) {
                        entries.add(r.key(), r.type(), null, null);
                    } else {
                        files.shared =
                                r.repeat() || values[i].equals(first.fields().get(columns[i]));
                        entries.add(r.key(), r.type(), r.encoding(), values[i]);
                    }
                } catch (NvsInputException e) {
                    // Where the row is, in the user's files: made only now, as it is rarely needed.
                    String where = r.isNamespace()
                            ? batch.config.name() + ":" + r.line()
                            : batch.valuesName + ":" + source(i).line() + ": column " + (columns[i] + 1);
                    throw new NvsInputException(where + ": " + e.getMessage(), e);
                }
            }
        }
        byte[] image;
        try {
            NvsPartition partition = builder.build();
            List<String> warnings = partition.deviceWarnings();
            if (!warnings.isEmpty()) {
                batch.warnedDevices.incrementAndGet();
                batch.firstWarning.compareAndSet(
                        null, "device " + name + " (" + batch.valuesName + ":" + row.line() + "): " + warnings.get(0));
            }
            image = partition.toImage(batch.size);
        } catch (NvsInputException e) {
            throw new NvsInputException(
                    batch.valuesName + ":" + row.line() + ": device " + name + ": " + e.getMessage(), e);
        }
        List<DeviceEncryption.KeyFile> keys =
                batch.encryption == null ? List.of() : batch.encryption.encrypt(name, image);
        DeviceOutput out = DeviceOutput.image(batch.bin(name), image);
        if (batch.csv) {
            out = out.withFile(batch.csv(name), csv);
        }
        for (DeviceEncryption.KeyFile k : keys) {
            out = out.withSecretFile(batch.keys(k.fileName()), k.exportContent());
        }
        return out;
    }

    /** The row entry {@code i} takes its value from: the first device's for REPEAT entries. */
    private ValuesFile.Row source(int i) {
        return batch.config.rows().get(i).repeat() ? first : row;
    }

    /** Reads {@code file} values; a file several devices name is read once for the whole batch. */
    private final class FileReads implements EspIdfRows.FileSource {
        boolean shared;

        @Override
        public byte[] read(Path path, String shown) throws IOException {
            if (!shared) {
                return InputFiles.read(path, shown, InputFiles.MAX_VALUE_FILE, "an NVS value");
            }
            byte[] data = batch.sharedFiles.get(path);
            if (data == null) {
                data = InputFiles.read(path, shown, InputFiles.MAX_VALUE_FILE, "an NVS value");
                batch.sharedFiles.putIfAbsent(path, data);
            }
            return data;
        }
    }

    @Override
    public String toString() {
        return "MfgDevice[" + name + ", " + batch.valuesName + ":" + row.line() + "]";
    }
}
