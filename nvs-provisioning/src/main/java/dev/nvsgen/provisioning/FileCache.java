package dev.nvsgen.provisioning;

import dev.nvsgen.nvs.NvsInputException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the files a manifest names. Files every device shares (a path without placeholders) are read
 * once and kept; per-device files are read each time, so memory stays flat however many devices there are.
 */
final class FileCache {
    private final ConcurrentHashMap<Path, byte[]> shared = new ConcurrentHashMap<>();

    /** The bytes of a file all devices share; callers must not change the array. */
    byte[] shared(Path file, String display) {
        return shared.computeIfAbsent(file, f -> read(f, display));
    }

    /** The bytes of {@code file}, named {@code display} in the error when it cannot be read. */
    byte[] read(Path file, String display) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NvsInputException(display + ": no such file");
        } catch (AccessDeniedException e) {
            throw new NvsInputException(display + ": permission denied");
        } catch (IOException e) {
            throw new NvsInputException(display + ": cannot be read (" + e.getMessage() + ")");
        }
    }
}
