package dev.nvsgen.factory;

/**
 * Hears of each device whose files are written. Called on the thread that runs the batch, one call at a
 * time, so an implementation needs no locking; in input order when the runner is ordered.
 */
@FunctionalInterface
public interface BatchListener {
    /** Does nothing. */
    BatchListener NONE = record -> {};

    void written(DeviceRecord record);

    /** This listener, then {@code next}. */
    default BatchListener andThen(BatchListener next) {
        return record -> {
            written(record);
            next.written(record);
        };
    }
}
