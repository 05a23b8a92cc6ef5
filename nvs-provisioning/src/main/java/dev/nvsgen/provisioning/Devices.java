package dev.nvsgen.provisioning;

import java.nio.file.Path;
import java.util.List;

/**
 * Device lists from the sources a manifest names, for the provisioning API: a CSV with a header row, or
 * a range of serial numbers. Any {@code Iterable<Device>} of the application's own works as well.
 */
public final class Devices {
    private Devices() {}

    /**
     * The devices of CSV text (a header row, then one row per device), {@code serialColumn} naming the
     * serials; {@code name} names the text in messages ({@code devices.csv:7: …}).
     *
     * @throws dev.nvsgen.nvs.NvsInputException naming the line: a missing column, a bad or repeated serial
     */
    public static List<Device> csv(String text, String name, String serialColumn) {
        return DeviceList.csv(text, name, serialColumn, new Yaml.Where(name, 0, ""))
                .toDevices();
    }

    /** The devices of the CSV file {@code file}, serials in its {@code serial} column. */
    public static List<Device> csv(Path file) {
        Yaml.Where where = new Yaml.Where(file.toString(), 0, "");
        Manifest.FileRef ref = new Manifest.FileRef(file, file.toString(), where);
        return DeviceList.load(new Manifest.Devices.Csv(ref, "serial", where), new FileCache())
                .toDevices();
    }

    /**
     * Serials {@code prefix + n} for n from {@code from} to {@code to}, zero-padded to {@code digits};
     * each device has the field {@code number} (n without padding).
     */
    public static List<Device> range(String prefix, long from, long to, int digits) {
        if (to < from || from < 0 || digits < 0 || digits > 19) {
            throw new IllegalArgumentException("a range runs from 0 <= from <= to, with 0 to 19 digits");
        }
        if (to - from >= Manifest.MAX_DEVICES) {
            throw new IllegalArgumentException("a range of more than " + Manifest.MAX_DEVICES + " devices");
        }
        return DeviceList.load(
                        new Manifest.Devices.Range(prefix, from, to, digits, new Yaml.Where("range", 0, "")), null)
                .toDevices();
    }
}
