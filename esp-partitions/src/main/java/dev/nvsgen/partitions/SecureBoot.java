package dev.nvsgen.partitions;

/**
 * gen_esp32part's {@code --secure}: how app partition sizes must be aligned for secure boot.
 * Without secure boot and with V2 an app's size is a multiple of 4 KB; with V1, of 64 KB.
 */
public enum SecureBoot {
    NONE(0x1000),
    V1(0x10000),
    V2(0x1000);

    private final long appSizeAlignment;

    SecureBoot(long appSizeAlignment) {
        this.appSizeAlignment = appSizeAlignment;
    }

    /** What an app partition's size must be a multiple of. */
    public long appSizeAlignment() {
        return appSizeAlignment;
    }
}
