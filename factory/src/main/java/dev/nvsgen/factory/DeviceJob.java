package dev.nvsgen.factory;

import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.PartitionSize;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One device of a batch: its id and how to make its files. {@link #make()} runs on a worker thread, so
 * the expensive part (reading files, converting values, laying out and encrypting the image) uses every
 * core; it must not share mutable state with other jobs.
 */
public interface DeviceJob {
    /** The device's id as its record shows it (a serial number, or 1, 2, 3 …). */
    String id();

    /**
     * Makes the device's image and side files, without writing them; the runner writes them.
     *
     * @throws dev.nvsgen.nvs.NvsInputException for bad input, its message naming where it is
     */
    DeviceOutput make() throws IOException;

    /**
     * A device an earlier, interrupted run wrote already ({@code record}, its image checked against the
     * recorded SHA-256): the runner writes nothing for it and reports {@code record} at its place in the
     * order, so that a resumed run's listeners see every device as an uninterrupted run's would.
     */
    static DeviceJob alreadyWritten(DeviceRecord record) {
        return new WrittenJob(Objects.requireNonNull(record, "record"));
    }

    /** A job whose image is {@code partition}'s, made on the worker and written to {@code image}. */
    static DeviceJob of(String id, Path image, PartitionSize size, Supplier<NvsPartition> partition) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(partition, "partition");
        return new DeviceJob() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public DeviceOutput make() {
                return DeviceOutput.image(image, partition.get().toImage(size));
            }
        };
    }
}
