package dev.nvsgen.partitions.internal;

import dev.nvsgen.partitions.PartitionTableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/** Reads a partition table file, refusing what cannot be one before reading a byte. */
public final class TableFiles {
    /** The largest partition table file: a binary table is 3 KiB, its CSV a few lines. */
    public static final long MAX = 1L << 20;

    private TableFiles() {}

    /** The bytes of {@code file}, called {@code shown} in messages, when it is a regular file of at most {@link #MAX}. */
    public static byte[] read(Path file, String shown) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new PartitionTableException(shown + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new PartitionTableException(shown + ": permission denied");
        }
        if (a.isDirectory()) {
            throw new PartitionTableException(shown + ": is a folder, not a file");
        }
        if (!a.isRegularFile()) {
            throw new PartitionTableException(
                    shown + ": is not a regular file; nvsgen reads inputs only from regular files");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] data = in.readNBytes((int) MAX + 1);
            if (data.length > MAX) {
                throw new PartitionTableException(String.format(
                        Locale.ROOT,
                        "%s: is %,d bytes, more than a partition table can be (at most 1 MiB); not read",
                        shown,
                        Math.max(a.size(), data.length)));
            }
            return data;
        }
    }
}
