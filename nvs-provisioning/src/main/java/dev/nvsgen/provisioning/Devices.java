package dev.nvsgen.provisioning;

import dev.nvsgen.provisioning.model.DeviceSource;
import dev.nvsgen.provisioning.model.FileRef;
import dev.nvsgen.provisioning.model.Origin;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

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
        return DeviceList.csv(text, name, serialColumn, Origin.code(name, "")).devices();
    }

    /** The devices of the CSV file {@code file}, serials in its {@code serial} column. */
    public static List<Device> csv(Path file) {
        Origin origin = Origin.code(file.toString(), "");
        return DeviceList.load(new DeviceSource.Csv(FileRef.of(file, origin), "serial", origin), new FileCache())
                .devices();
    }

    /**
     * Serials {@code prefix + n} for n from {@code from} to {@code to}, zero-padded to {@code digits};
     * each device has the field {@code number} (n without padding).
     *
     * @param prefix the serials' prefix; {@code ""} for none (null is refused: it made serials {@code null001})
     */
    public static List<Device> range(String prefix, long from, long to, int digits) {
        Objects.requireNonNull(prefix, "prefix (\"\" for serials without one)");
        if (to < from || from < 0 || digits < 0 || digits > 19) {
            throw new IllegalArgumentException("a range runs from 0 <= from <= to, with 0 to 19 digits");
        }
        if (to - from >= DeviceSource.MAX_DEVICES) {
            throw new IllegalArgumentException("a range of more than " + DeviceSource.MAX_DEVICES + " devices");
        }
        return DeviceList.load(new DeviceSource.Range(prefix, from, to, digits, Origin.code("range", "")), null)
                .devices();
    }
}
