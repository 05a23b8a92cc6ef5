package dev.nvsgen.factory;

import dev.nvsgen.nvs.util.AtomicFiles;
import dev.nvsgen.nvs.util.CsvText;
import dev.nvsgen.nvs.util.JsonText;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The record of a batch a factory keeps: one row per device written, with its id, image file, the
 * image's SHA-256 and its keys file. CSV ({@code id,image,sha256,bytes,keys}), or JSON (an array of
 * objects with those fields) when the file name ends in {@code .json}. Paths are relative to the
 * summary's folder when they lie under it.
 *
 * <p>Rows are streamed to a temporary file as devices are reported; {@link #close} puts the file in
 * place when at least one device was written (also after a failed run: it lists the images that exist)
 * and removes it otherwise.
 */
public final class SummaryFile implements BatchListener, Closeable {
    private final Path file;
    private final Path folder;
    private final String folderPrefix;
    private final Path tmp;
    private final boolean json;
    private final Writer out;
    private long rows;
    private boolean closed;

    private SummaryFile(Path file, Path tmp, Writer out) {
        this.file = file;
        this.folder = file.toAbsolutePath().normalize().getParent();
        this.folderPrefix = folder.toString().endsWith(folder.getFileSystem().getSeparator())
                ? folder.toString()
                : folder + folder.getFileSystem().getSeparator();
        this.tmp = tmp;
        this.json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        this.out = out;
    }

    /**
     * Starts a summary that will be {@code file}.
     *
     * @throws FileAlreadyExistsException when {@code file} exists and {@code overwrite} is false
     */
    public static SummaryFile create(Path file, boolean overwrite) throws IOException {
        if (!overwrite && Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "already exists");
        }
        Path tmp = AtomicFiles.createTemp(file, false);
        Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.WRITE));
        SummaryFile s = new SummaryFile(file, tmp, w);
        w.write(s.json ? "[" : "id,image,sha256,bytes,keys\n");
        return s;
    }

    /** The file this summary becomes. */
    public Path file() {
        return file;
    }

    /** Devices recorded so far. */
    public long rows() {
        return rows;
    }

    @Override
    public void written(DeviceRecord r) {
        String image = relative(r.image());
        String keys = r.keysFile() == null ? null : relative(r.keysFile());
        try {
            if (json) {
                out.write(rows == 0 ? "\n" : ",\n");
                out.write("  {\"id\": " + JsonText.quote(r.id()) + ", \"image\": " + JsonText.quote(image)
                        + ", \"sha256\": \""
                        + r.imageSha256() + "\", \"bytes\": " + r.imageBytes() + ", \"keys\": "
                        + (keys == null ? "null" : JsonText.quote(keys)) + "}");
            } else {
                out.write(CsvText.field(r.id()) + "," + CsvText.field(image) + "," + r.imageSha256() + ","
                        + r.imageBytes() + "," + (keys == null ? "" : CsvText.field(keys)) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(tmp + ": cannot write the summary: " + e.getMessage(), e);
        }
        rows++;
    }

    /** Puts the summary in place if it lists any device, else removes it. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (json) {
                out.write(rows == 0 ? "]\n" : "\n]\n");
            }
            out.close();
            if (rows > 0) {
                AtomicFiles.move(tmp, file);
            }
        } finally {
            Files.deleteIfExists(tmp);
            AtomicFiles.finished(tmp);
        }
    }

    private String relative(Path p) {
        String s = p.toString();
        if (s.startsWith(folderPrefix) && s.indexOf("/.") < 0) {
            return s.substring(folderPrefix.length()); // the common case, without Path arithmetic
        }
        Path abs = p.toAbsolutePath().normalize();
        return (abs.startsWith(folder) ? folder.relativize(abs) : abs).toString();
    }
}
