package dev.nvsgen.nvs.util;

import dev.nvsgen.nvs.NvsInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * Reads input files whose size is bounded by what they can mean. A file is looked at before it is
 * opened: a folder, a FIFO or a device (which would block, or never end) and a file larger than the
 * limit are refused in one line naming it, without reading a byte, so a wrong path fails at once
 * instead of filling memory.
 */
public final class InputFiles {
    /** The largest file a {@code file} row may name: an NVS value is under 1 MiB (255 chunks of 4,000 bytes), as hex text twice that. */
    public static final long MAX_VALUE_FILE = 16L << 20;
    /** The largest CSV input, far above the text of any NVS partition. */
    public static final long MAX_CSV = 64L << 20;
    /** The largest partition table file: a binary table is 3 KiB, its CSV a few lines. */
    public static final long MAX_PARTITION_TABLE = 1L << 20;
    /** The largest image read back: far above any NVS partition. */
    public static final long MAX_IMAGE = 256L << 20;

    private InputFiles() {}

    /**
     * The bytes of {@code file}, called {@code shown} in messages ({@code "shown: is a FIFO, …"}), when
     * it is a regular file of at most {@code maxBytes}; {@code what} says what a file of that size
     * would be, for the message ({@code "an NVS value"}).
     *
     * @throws NvsInputException when the file is missing, not a regular file, too large or unreadable
     */
    public static byte[] read(Path file, String shown, long maxBytes, String what) {
        long size = check(file, shown, maxBytes, what);
        try (InputStream in = Files.newInputStream(file)) {
            // The file may have grown since it was looked at: never read more than the limit.
            byte[] data = in.readNBytes((int) Math.min(maxBytes + 1, Math.max(size, 0) + 1 + (1 << 16)));
            if (data.length > maxBytes) {
                throw tooLarge(shown, data.length, maxBytes, what);
            }
            return data;
        } catch (IOException e) {
            throw unreadable(shown, e);
        }
    }

    /**
     * {@code file} opened for streaming (a values file may be large), once {@link #check} found it a
     * regular file; called {@code shown} in messages, {@code what} saying what it is.
     *
     * @throws NvsInputException when the file is missing, not a regular file or cannot be opened
     */
    public static InputStream open(Path file, String shown, String what) {
        check(file, shown, Long.MAX_VALUE, what);
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw unreadable(shown, e);
        }
    }

    /**
     * Checks, without opening it, that {@code file} is a regular file of at most {@code maxBytes}
     * ({@code Long.MAX_VALUE} for files read as a stream); returns its size.
     *
     * @throws NvsInputException naming {@code shown} and the problem
     */
    public static long check(Path file, String shown, long maxBytes, String what) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw unreadable(shown, e);
        }
        if (a.isDirectory()) {
            throw new NvsInputException(shown + ": is a folder, not a file");
        }
        if (!a.isRegularFile()) {
            throw new NvsInputException(
                    shown + ": is " + kind(file) + ", not a regular file; nvsgen reads inputs only from regular files");
        }
        if (a.size() > maxBytes) {
            throw tooLarge(shown, a.size(), maxBytes, what);
        }
        return a.size();
    }

    private static NvsInputException tooLarge(String shown, long size, long max, String what) {
        return new NvsInputException(String.format(
                Locale.ROOT,
                "%s: is %,d bytes, more than %s can be (at most %s); not read",
                shown,
                size,
                what,
                megabytes(max)));
    }

    private static String megabytes(long n) {
        return n % (1 << 20) == 0 ? (n >> 20) + " MiB" : String.format(Locale.ROOT, "%,d bytes", n);
    }

    /** What a file that is neither a folder nor a regular file is, in words. */
    public static String kind(Path file) {
        try {
            Object type = Files.getAttribute(file, "unix:mode");
            int mode = (Integer) type & 0170000;
            return switch (mode) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    /** Whether {@code e}, thrown here, says the file does not exist: callers that word that case their own way. */
    public static boolean isMissing(NvsInputException e) {
        return e.getCause() instanceof NoSuchFileException;
    }

    /** One line for a file that could not be opened or read, naming it as the user did. */
    private static NvsInputException unreadable(String shown, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new NvsInputException(shown + ": no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new NvsInputException(shown + ": permission denied");
        }
        return new NvsInputException(shown + ": cannot be read: " + e.getMessage(), e);
    }
}
