package dev.nvsgen.partitions;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * An image to be written to flash at {@code offset}: the file esptool is given and its contents.
 *
 * @param offset flash address the image starts at
 * @param file where the image is (or will be) written; flash-args files and commands name it
 * @param data the image's bytes, for its length and for merging (copied in, and copied out)
 */
public record FlashImage(long offset, Path file, byte[] data) {
    public FlashImage {
        Objects.requireNonNull(file, "file");
        data = Objects.requireNonNull(data, "data").clone();
        if (offset < 0 || offset + data.length > 0x1_0000_0000L) {
            throw new IllegalArgumentException(file + ": offset " + PartitionEntry.hex(offset) + " and length "
                    + data.length + " leave the 32-bit flash address space");
        }
    }

    /** A copy of the image's bytes. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The image's length in bytes. */
    public int length() {
        return data.length;
    }

    /** The first byte after the image. */
    public long end() {
        return offset + data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlashImage other
                && offset == other.offset
                && file.equals(other.file)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(offset, file) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FlashImage[offset=" + PartitionEntry.hex(offset) + ", file=" + file + ", length=" + data.length + "]";
    }
}
