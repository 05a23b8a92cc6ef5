package dev.nvsgen.crypto.internal;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.InputFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.LongFunction;

/** Reads small key files; failures are {@link NvsInputException}s that name the file. */
public final class SecretFiles {
    private SecretFiles() {}

    /**
     * The bytes of {@code file}, called {@code name} in messages. A file larger than {@code maxSize} is not read at all: the exception
     * {@code tooLarge} makes from its size is thrown instead, so a wrong path cannot pull a large file in.
     */
    public static byte[] read(Path file, String name, long maxSize, LongFunction<NvsInputException> tooLarge) {
        try {
            if (Files.isDirectory(file)) {
                throw new NvsInputException(name + ": is a folder, not a key file");
            }
            // A FIFO or a device is refused before it is opened (it would block, or never end).
            long size = InputFiles.check(file, name, Long.MAX_VALUE, "a key file");
            if (size > maxSize) {
                throw tooLarge.apply(size);
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NvsInputException(name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new NvsInputException(name + ": permission denied");
        } catch (IOException e) {
            throw new NvsInputException(name + ": cannot be read: " + e.getMessage(), e);
        }
    }
}
