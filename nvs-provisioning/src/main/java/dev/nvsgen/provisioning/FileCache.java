package dev.nvsgen.provisioning;

import dev.nvsgen.nvs.util.InputFiles;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the files a manifest names. Files every device shares (a path without placeholders) are read
 * once and kept; per-device files are read each time, so memory stays flat however many devices there are.
 */
final class FileCache {
    private final ConcurrentHashMap<Path, byte[]> shared = new ConcurrentHashMap<>();

    /** The largest device list: a million devices in about 100 MB. */
    static final long MAX_DEVICE_LIST = 256L << 20;

    /** The bytes of a value file all devices share; callers must not change the array. */
    byte[] shared(Path file, String display) {
        return shared.computeIfAbsent(file, f -> value(f, display));
    }

    /** The bytes of a value file ({@code file:} entries), at most what an NVS value can come from. */
    byte[] value(Path file, String display) {
        return read(file, display, InputFiles.MAX_VALUE_FILE, "an NVS value");
    }

    /**
     * The bytes of {@code file}, named {@code display} in the error when it cannot be read; a special
     * file, or one larger than {@code maxBytes}, is refused before it is opened.
     */
    byte[] read(Path file, String display, long maxBytes, String what) {
        return InputFiles.read(file, display, maxBytes, what);
    }
}
