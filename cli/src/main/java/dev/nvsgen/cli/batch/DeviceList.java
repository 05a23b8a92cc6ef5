package dev.nvsgen.cli.batch;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.internal.CsvParser;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The devices of a run, from a CSV file or a range of serial numbers, in order. */
final class DeviceList {
    /** A serial names the device's files, so it is restricted to what is safe in a file name everywhere. */
    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** One device: its serial, every column of its row, and where the row is (for messages). */
    record Device(int index, String serial, Map<String, String> columns, String origin) {
        Device {
            columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        }

        @Override
        public String toString() {
            return origin + " (device " + serial + ")";
        }
    }

    private final List<String> columns;
    private final List<Device> devices;
    private final String source;

    private DeviceList(List<String> columns, List<Device> devices, String source) {
        this.columns = List.copyOf(columns);
        this.devices = List.copyOf(devices);
        this.source = source;
    }

    List<String> columns() {
        return columns;
    }

    List<Device> devices() {
        return devices;
    }

    /** What the devices come from, for messages: the CSV file's name or "the range". */
    String source() {
        return source;
    }

    static DeviceList load(Manifest.Devices spec, FileCache files) {
        if (spec instanceof Manifest.Devices.Range r) {
            return range(r);
        }
        Manifest.Devices.Csv csv = (Manifest.Devices.Csv) spec;
        byte[] bytes = files.read(csv.file().path(), csv.file().display());
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NvsInputException(csv.file().display() + ": is not UTF-8 text (save the CSV as UTF-8)");
        }
        return csv(text, csv.file().display(), csv.serialColumn(), csv.where());
    }

    static DeviceList csv(String text, String name, String serialColumn, Yaml.Where where) {
        List<CsvParser.Record> records;
        try {
            records = CsvParser.parse(text, true);
        } catch (CsvParser.MalformedCsvException e) {
            throw new NvsInputException(name + ":" + e.line() + ": " + e.getMessage());
        }
        List<String> header = null;
        int headerLine = 0;
        List<Device> devices = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (CsvParser.Record r : records) {
            if (r.isBlank()) {
                continue;
            }
            if (header == null) {
                header = header(r, name);
                headerLine = r.line();
                if (!header.contains(serialColumn)) {
                    throw new NvsInputException(name + ":" + r.line() + ": no column '" + serialColumn
                            + "' for the serial numbers (columns: " + String.join(", ", header) + ")"
                            + (serialColumn.equals("serial") ? "; name it with devices.serial-column" : ""));
                }
                continue;
            }
            if (r.fields().size() != header.size()) {
                throw new NvsInputException(name + ":" + r.line() + ": "
                        + r.fields().size() + " values for the " + header.size() + " columns of line " + headerLine);
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), r.fields().get(i));
            }
            String serial = row.get(serialColumn).strip();
            String origin = name + ":" + r.line();
            checkSerial(serial, origin);
            Integer first = seen.putIfAbsent(serial, r.line());
            if (first != null) {
                throw new NvsInputException(
                        origin + ": serial '" + serial + "' is listed twice (first on line " + first + ")");
            }
            row.put(serialColumn, serial);
            row.putIfAbsent("serial", serial);
            devices.add(new Device(devices.size(), serial, row, origin));
        }
        if (header == null || devices.isEmpty()) {
            throw new NvsInputException(name + ": lists no devices (a header row, then one row per device)");
        }
        List<String> columns = new ArrayList<>(header);
        if (!columns.contains("serial")) {
            columns.add("serial");
        }
        return new DeviceList(columns, devices, name);
    }

    private static List<String> header(CsvParser.Record r, String name) {
        Set<String> names = new LinkedHashSet<>();
        for (String f : r.fields()) {
            String c = f.strip();
            if (c.isEmpty()) {
                throw new NvsInputException(name + ":" + r.line() + ": a column has no name");
            }
            if (!names.add(c)) {
                throw new NvsInputException(name + ":" + r.line() + ": column '" + c + "' is named twice");
            }
        }
        return List.copyOf(names);
    }

    private static DeviceList range(Manifest.Devices.Range r) {
        List<Device> devices = new ArrayList<>((int) (r.to() - r.from() + 1));
        String origin = r.where().file() + ":" + r.where().line();
        for (long n = r.from(); n <= r.to(); n++) {
            String digits = Long.toString(n);
            String serial = r.prefix() + "0".repeat(Math.max(0, r.digits() - digits.length())) + digits;
            checkSerial(serial, origin);
            devices.add(new Device(devices.size(), serial, Map.of("serial", serial, "number", digits), origin));
        }
        return new DeviceList(List.of("serial", "number"), devices, "the range");
    }

    private static void checkSerial(String serial, String origin) {
        if (!SERIAL.matcher(serial).matches()) {
            throw new NvsInputException(origin + ": serial '" + serial + "' cannot name the device's files: use 1 to"
                    + " 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
