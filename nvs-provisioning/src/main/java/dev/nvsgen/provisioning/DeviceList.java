package dev.nvsgen.provisioning;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.CsvParser;
import dev.nvsgen.nvs.util.Utf8Text;
import dev.nvsgen.provisioning.Device.Header;
import dev.nvsgen.provisioning.model.DeviceSource;
import dev.nvsgen.provisioning.model.Origin;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The devices of a run, from a CSV file or a range of serial numbers, in order. */
final class DeviceList {
    /** A serial names the device's files, so it is restricted to what is safe in a file name everywhere. */
    private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

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

    static DeviceList load(DeviceSource spec, FileCache files) {
        if (spec instanceof DeviceSource.Range r) {
            return range(r);
        }
        DeviceSource.Csv csv = (DeviceSource.Csv) spec;
        byte[] bytes = files.read(csv.file().path(), csv.file().display(), FileCache.MAX_DEVICE_LIST, "a device list");
        String text;
        try {
            text = Utf8Text.decode(bytes);
        } catch (CharacterCodingException e) {
            throw new NvsInputException(csv.file().display() + ": is not UTF-8 text (save the CSV as UTF-8)");
        }
        return csv(text, csv.file().display(), csv.serialColumn(), csv.origin());
    }

    static DeviceList csv(String text, String name, String serialColumn, Origin where) {
        List<CsvParser.Record> records;
        try {
            records = CsvParser.parse(text, true);
        } catch (CsvParser.MalformedCsvException e) {
            throw NvsInputException.at(name, e.line(), null, e.getMessage());
        }
        List<String> names = null;
        Header header = null;
        int headerLine = 0;
        int serialAt = -1;
        List<Device> devices = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (CsvParser.Record r : records) {
            if (r.isBlank()) {
                continue;
            }
            if (names == null) {
                names = header(r, name);
                headerLine = r.line();
                serialAt = names.indexOf(serialColumn);
                if (serialAt < 0) {
                    throw NvsInputException.at(
                            name,
                            r.line(),
                            null,
                            "no column '" + serialColumn + "' for the serial numbers (columns: "
                                    + String.join(", ", names) + ")"
                                    + (serialColumn.equals("serial") ? "; name it with devices.serial-column" : ""));
                }
                header = Header.of(name, names);
                continue;
            }
            if (r.fields().size() != names.size()) {
                throw NvsInputException.at(
                        name,
                        r.line(),
                        null,
                        r.fields().size() + " values for the " + names.size() + " columns of line " + headerLine);
            }
            String[] values = new String[header.positions.size()];
            for (int i = 0; i < names.size(); i++) {
                values[i] = r.fields().get(i);
            }
            String serial = values[serialAt].strip();
            values[serialAt] = serial;
            if (values.length > names.size()) {
                values[names.size()] = serial;
            }
            checkSerial(serial, name + ":" + r.line());
            checkUnique(seen, devices, serial, name + ":" + r.line(), "on line ");
            devices.add(new Device(devices.size(), serial, header, values, r.line()));
        }
        if (header == null || devices.isEmpty()) {
            throw NvsInputException.at(name, 0, null, "lists no devices (a header row, then one row per device)");
        }
        return new DeviceList(List.copyOf(header.positions.keySet()), devices, name);
    }

    /**
     * Refuses a serial listed before, compared by lower case: serials that differ only in case name one
     * file on Windows and macOS. {@code firstAt} says where the earlier device was ({@code "on line "}).
     */
    private static void checkUnique(
            Map<String, Integer> seen, List<Device> devices, String serial, String where, String firstAt) {
        Integer earlier = seen.putIfAbsent(serial.toLowerCase(java.util.Locale.ROOT), devices.size());
        if (earlier != null) {
            Device other = devices.get(earlier);
            throw new NvsInputException(where + ": serial '" + serial
                    + (other.serial().equals(serial)
                            ? "' is listed twice (first " + firstAt + other.line() + ")"
                            : "' differs only in case from '" + other.serial() + "' " + firstAt + other.line()
                                    + "; on Windows and macOS both would be one file"));
        }
    }

    private static List<String> header(CsvParser.Record r, String name) {
        Set<String> names = new LinkedHashSet<>();
        for (String f : r.fields()) {
            String c = f.strip();
            if (c.isEmpty()) {
                throw NvsInputException.at(name, r.line(), null, "a column has no name");
            }
            if (!names.add(c)) {
                throw NvsInputException.at(name, r.line(), null, "column '" + c + "' is named twice");
            }
        }
        return List.copyOf(names);
    }

    /**
     * The devices the provisioning API was given, in order; {@code source} names them in messages. Every
     * device has the fields of the first (templates are checked against them once), and a serial that
     * names files safely and is not repeated.
     */
    static DeviceList of(Iterable<Device> given, String source) {
        List<Device> devices = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        Header header = null;
        List<String> names = null;
        for (Device g : given) {
            int position = devices.size() + 1;
            String origin = source + ":" + position;
            if (names == null) {
                names = new ArrayList<>(g.fields().keySet());
                header = Header.of(source, names);
            } else if (!g.fields().keySet().equals(Set.copyOf(names))) {
                throw new NvsInputException(origin + ": device '" + g.serial() + "' has the fields "
                        + g.fields().keySet() + ", the first device " + names + "; give every device the same fields");
            }
            checkSerial(g.serial(), origin);
            checkUnique(seen, devices, g.serial(), origin, "as device ");
            devices.add(new Device(
                    devices.size(), g.serial(), header, Device.row(header, g.serial(), g.fields()), position));
        }
        if (header == null) {
            throw new NvsInputException(source + ": lists no devices");
        }
        return new DeviceList(List.copyOf(header.positions.keySet()), devices, source);
    }

    private static DeviceList range(DeviceSource.Range r) {
        List<Device> devices = new ArrayList<>((int) (r.to() - r.from() + 1));
        Header header = Header.exactly(r.origin().file(), List.of("serial", "number"));
        for (long n = r.from(); n <= r.to(); n++) {
            String digits = Long.toString(n);
            String serial = r.prefix() + "0".repeat(Math.max(0, r.digits() - digits.length())) + digits;
            checkSerial(serial, r.origin().file() + ":" + r.origin().line());
            devices.add(new Device(
                    devices.size(),
                    serial,
                    header,
                    new String[] {serial, digits},
                    r.origin().line()));
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
