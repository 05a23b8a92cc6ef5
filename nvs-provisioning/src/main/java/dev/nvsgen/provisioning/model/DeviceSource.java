package dev.nvsgen.provisioning.model;

/** Where a run's devices come from. */
public sealed interface DeviceSource {
    /** More devices than this in one run is a typo in a range rather than a factory order. */
    long MAX_DEVICES = 10_000_000L;

    Origin origin();

    /** A CSV file with a header row; one row per device, {@code serialColumn} naming it. */
    record Csv(FileRef file, String serialColumn, Origin origin) implements DeviceSource {}

    /** Serial numbers {@code prefix + n} for n from {@code from} to {@code to}, zero-padded to {@code digits}. */
    record Range(String prefix, long from, long to, int digits, Origin origin) implements DeviceSource {}
}
