package dev.nvsgen.factory;

import java.util.List;
import java.util.Objects;

/**
 * Encrypts each device's image, for batches of encrypted NVS partitions. The format engine does not
 * know the cipher: nvs-crypto provides implementations ({@code dev.nvsgen.factory.DeviceEncryptions}).
 * Called from many worker threads at once.
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

    /**
     * A key file for one device: its file name (no folder) and its content, which is key material: it
     * never prints, has no {@code equals}, and leaves only through {@link #exportContent()}.
     */
    final class KeyFile {
        private final String fileName;
        private final byte[] content;

        /** A key file named {@code fileName} holding a copy of {@code content}. */
        public KeyFile(String fileName, byte[] content) {
            this.fileName = Objects.requireNonNull(fileName, "fileName");
            this.content = Objects.requireNonNull(content, "content").clone();
        }

        public String fileName() {
            return fileName;
        }

        /** A copy of the file's bytes: key material, to be written owner-only and never logged. */
        public byte[] exportContent() {
            return content.clone();
        }

        /** True if {@code data} is this file's content; compares in constant time. */
        public boolean contentEquals(byte[] data) {
            return java.security.MessageDigest.isEqual(content, data);
        }

        public int length() {
            return content.length;
        }

        @Override
        public String toString() {
            return "KeyFile[" + fileName + ", " + content.length + " bytes redacted]";
        }
    }
}
