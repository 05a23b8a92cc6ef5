package dev.nvsgen.factory;

/** A device a resumed run keeps from the interrupted one: see {@link DeviceJob#alreadyWritten}. */
final class WrittenJob implements DeviceJob {
    private final DeviceRecord record;

    WrittenJob(DeviceRecord record) {
        this.record = record;
    }

    @Override
    public String id() {
        return record.id();
    }

    @Override
    public DeviceOutput make() {
        throw new IllegalStateException("device " + record.id() + " was written by an earlier run");
    }

    /** The record, numbered as the {@code index}-th device of this run. */
    DeviceRecord record(long index) {
        return new DeviceRecord(
                index, record.id(), record.image(), record.imageBytes(), record.imageSha256(), record.keysFile());
    }
}
