package dev.nvsgen.nvs.batch;

import dev.nvsgen.nvs.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * Encrypts each device's image, for batches of encrypted NVS partitions. The format engine does not
 * know the cipher: nvs-crypto provides implementations. Called from many worker threads at once.
 */
@FunctionalInterface
public interface DeviceEncryption {
    /**
     * Encrypts {@code image}, the plain image of device {@code name}, in place, and returns the key files
     * to keep for it (the keys file first), or none when every device shares keys the caller already has.
     */
    List<KeyFile> encrypt(String name, byte[] image);

    /**
     * The names of the key files {@link #encrypt} will make for device {@code name} with new, random
     * contents (none by default): a batch checks before its first image that none of them exists, since
     * such a file is never replaced.
     */
    default List<String> newKeyFileNames(String name) {
        return List.of();
    }

    /** A key file for one device: its file name (no folder) and its content. Never printed. */
    record KeyFile(String fileName, Bytes content) {
        public KeyFile {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(content, "content");
        }

        @Override
        public String toString() {
            return "KeyFile[" + fileName + ", " + content.length() + " bytes]";
        }
    }
}
