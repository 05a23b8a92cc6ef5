package dev.nvsgen.nvs.partitions;

import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.batch.BatchListener;
import dev.nvsgen.nvs.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * esptool's argument file beside an image written against a partition table: {@code nvs.bin} →
 * {@code nvs.flash_args}, offset/file pairs with paths relative to it, as ESP-IDF's {@code build/flash_args}.
 */
public final class FlashArgsFiles {
    /** What replaces an image's {@code .bin} (or is appended to another name). */
    public static final String SUFFIX = ".flash_args";

    private FlashArgsFiles() {}

    /** {@code dir/nvs.bin} → {@code dir/nvs.flash_args}; other names get the suffix appended. */
    public static Path forImage(Path image) {
        String name = image.getFileName().toString();
        String base = name.endsWith(".bin") ? name.substring(0, name.length() - 4) : name;
        return image.resolveSibling(base + SUFFIX);
    }

    /**
     * For batches (mfg, batch): writes each device's flash-args file beside its image once the image and
     * its keys file are written, reading them back for the layout's checks.
     */
    public static BatchListener perDevice(NvsTarget target) {
        return record -> {
            try {
                Path keys = record.keysFile();
                boolean withKeys = target.keys().isPresent() && keys != null;
                FlashLayout layout = target.layout(
                        record.image(),
                        Bytes.of(Files.readAllBytes(record.image())),
                        withKeys ? keys : null,
                        withKeys ? Bytes.of(Files.readAllBytes(keys)) : null);
                Path args = forImage(record.image());
                AtomicFiles.write(
                        args,
                        layout.argsFile(args.toAbsolutePath().getParent()).getBytes(StandardCharsets.UTF_8),
                        false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
