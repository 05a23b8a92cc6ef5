package dev.nvsgen.nvs.partitions;

import dev.nvsgen.nvs.Bytes;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An image to be written to flash at {@code offset}: the file esptool is given and its contents.
 *
 * @param offset flash address the image starts at
 * @param file where the image is (or will be) written; flash-args files and commands name it
 * @param data the image's bytes, for its length and for merging
 */
public record FlashImage(long offset, Path file, Bytes data) {
    public FlashImage {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(data, "data");
        if (offset < 0 || offset + data.length() > 0x1_0000_0000L) {
            throw new IllegalArgumentException(file + ": offset " + PartitionEntry.hex(offset) + " and length "
                    + data.length() + " leave the 32-bit flash address space");
        }
    }

    /** The first byte after the image. */
    public long end() {
        return offset + data.length();
    }
}
