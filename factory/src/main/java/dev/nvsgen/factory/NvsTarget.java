package dev.nvsgen.factory;

import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.util.AtomicFiles;
import dev.nvsgen.partitions.FlashArgsFiles;
import dev.nvsgen.partitions.FlashImage;
import dev.nvsgen.partitions.FlashLayout;
import dev.nvsgen.partitions.PartitionEntry;
import dev.nvsgen.partitions.PartitionTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where an NVS image (and, when it is encrypted, its keys image) goes in a partition table: the chosen
 * {@code data,nvs} partition, the {@code data,nvs_keys} partition if there is one, and the checks ESP-IDF
 * makes on them.
 *
 * <pre>{@code
 * NvsTarget target = NvsTarget.resolve(table, null, null, false);   // first data,nvs partition
 * byte[] image = partition.toImage(target.size());
 * FlashLayout layout = target.layout(Path.of("nvs.bin"), Bytes.of(image), null, null);
 * }</pre>
 *
 * @param table the table the partitions come from
 * @param nvs the partition the NVS image is written to
 * @param keys the partition the keys image is written to, when encrypting and the table has one
 * @param warnings problems that do not stop the image being written (e.g. an nvs_keys partition
 *     without the {@code encrypted} flag)
 */
public record NvsTarget(
        PartitionTable table, PartitionEntry nvs, Optional<PartitionEntry> keys, List<String> warnings) {
    /** The length of an {@code nvs_keys} image: one 4 KB sector. */
    public static final int KEYS_IMAGE_LENGTH = 0x1000;

    public NvsTarget {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(nvs, "nvs");
        Objects.requireNonNull(keys, "keys");
        warnings = List.copyOf(warnings);
    }

    /**
     * Picks the partitions of {@code table} for an NVS image.
     *
     * @param nvsName the NVS partition's name; null for the first {@code data,nvs} partition
     * @param keysName the keys partition's name; null for the {@code data,nvs_keys} partition named
     *     {@code <nvs name>_keys}, else the first one. Only looked up when {@code encrypted}.
     * @param encrypted whether the image is encrypted (then the keys image has a place)
     */
    public static NvsTarget resolve(PartitionTable table, String nvsName, String keysName, boolean encrypted) {
        PartitionEntry nvs = nvsName == null ? firstNvs(table) : named(table, nvsName, true);
        if (nvs.encrypted()) {
            throw new NvsInputException(table.origin(nvs) + ": partition '" + nvs.name()
                    + "' has the 'encrypted' flag; ESP-IDF refuses to mount an NVS partition under flash"
                    + " encryption (NVS encryption protects it instead): remove the flag");
        }
        List<String> warnings = new ArrayList<>();
        Optional<PartitionEntry> keys = Optional.empty();
        if (encrypted) {
            keys = keysName != null
                    ? Optional.of(named(table, keysName, false))
                    : table.byName(nvs.name() + "_keys")
                            .filter(PartitionEntry::isNvsKeys)
                            .or(() -> table.nvsKeys().stream().findFirst());
            keys.filter(k -> !k.encrypted())
                    .ifPresent(k -> warnings.add(table.origin(k) + ": partition '" + k.name()
                            + "' has no 'encrypted' flag, which ESP-IDF requires of an nvs_keys partition"
                            + " (NVS encryption, flash-encryption scheme): its keys would be stored in the clear"));
            if (keys.isPresent() && keys.get().size() < KEYS_IMAGE_LENGTH) {
                PartitionEntry k = keys.get();
                throw new NvsInputException(table.origin(k) + ": nvs_keys partition '" + k.name() + "' is "
                        + PartitionEntry.hex(k.size()) + " bytes; the keys image needs "
                        + PartitionEntry.hex(KEYS_IMAGE_LENGTH));
            }
        }
        return new NvsTarget(table, nvs, keys, warnings);
    }

    private static PartitionEntry firstNvs(PartitionTable table) {
        return table.firstNvs()
                .orElseThrow(() -> new NvsInputException("the partition table has no data,nvs partition; its"
                        + " partitions are " + names(table.entries())));
    }

    private static PartitionEntry named(PartitionTable table, String name, boolean nvs) {
        PartitionEntry e = table.byName(name)
                .orElseThrow(() -> new NvsInputException("the partition table has no partition named '" + name
                        + "'; its " + (nvs ? "data,nvs" : "data,nvs_keys") + " partitions are "
                        + names(
                                nvs
                                        ? table.entries().stream()
                                                .filter(PartitionEntry::isNvs)
                                                .toList()
                                        : table.nvsKeys())));
        if (nvs ? !e.isNvs() : !e.isNvsKeys()) {
            throw new NvsInputException(table.origin(e) + ": partition '" + name + "' is " + e.typeName() + ","
                    + e.subtypeName() + ", not " + (nvs ? "data,nvs" : "data,nvs_keys"));
        }
        return e;
    }

    private static String names(List<PartitionEntry> entries) {
        return entries.isEmpty()
                ? "(none)"
                : entries.stream().map(e -> "'" + e.name() + "'").collect(Collectors.joining(", "));
    }

    /** The NVS partition's size as an image size. */
    public PartitionSize size() {
        try {
            return new PartitionSize(Math.toIntExact(nvs.size()));
        } catch (NvsInputException | ArithmeticException e) {
            throw new NvsInputException(table.origin(nvs) + ": NVS partition '" + nvs.name() + "' of "
                    + PartitionEntry.hex(nvs.size()) + " bytes cannot hold an NVS image: "
                    + (e instanceof NvsInputException ? e.getMessage() : "too large"));
        }
    }

    /**
     * {@code requested} if it is the NVS partition's size; fails naming both sizes otherwise. A smaller
     * image is refused too: esptool would write only its pages and leave whatever the rest of the
     * partition held, which nvs_flash would then read as part of it.
     */
    public PartitionSize size(PartitionSize requested) {
        checkFits(requested.bytes());
        if (requested.bytes() != nvs.size()) {
            throw new NvsInputException(table.origin(nvs) + ": partition '" + nvs.name() + "' ("
                    + nvs.typeName() + "," + nvs.subtypeName() + " at " + PartitionEntry.hex(nvs.offset())
                    + ") is " + PartitionEntry.hex(nvs.size()) + " bytes, but SIZE says " + requested
                    + "; leave SIZE out to use the partition's size");
        }
        return requested;
    }

    /** Fails unless an image of {@code length} bytes fits the NVS partition. */
    public void checkFits(long length) {
        if (length > nvs.size()) {
            throw new NvsInputException(table.origin(nvs) + ": partition '" + nvs.name() + "' ("
                    + nvs.typeName() + "," + nvs.subtypeName() + " at " + PartitionEntry.hex(nvs.offset())
                    + ") holds " + PartitionEntry.hex(nvs.size()) + " bytes; the image is "
                    + PartitionEntry.hex(length));
        }
    }

    /**
     * The flash layout of the written images: the NVS image at its partition, and the keys image at the
     * keys partition when there is one ({@code keysFile} may be null when not encrypting).
     */
    public FlashLayout layout(Path imageFile, Bytes image, Path keysFile, Bytes keysImage) {
        checkFits(image.length());
        List<FlashImage> images = new ArrayList<>();
        images.add(new FlashImage(nvs.offset(), imageFile, image.toByteArray()));
        if (keys.isPresent() && keysFile != null && keysImage != null) {
            PartitionEntry k = keys.get();
            if (keysImage.length() > k.size()) {
                throw new NvsInputException(table.origin(k) + ": partition '" + k.name() + "' holds "
                        + PartitionEntry.hex(k.size()) + " bytes; the keys image is "
                        + PartitionEntry.hex(keysImage.length()));
            }
            images.add(new FlashImage(k.offset(), keysFile, keysImage.toByteArray()));
        }
        return FlashLayout.of(images);
    }

    /**
     * For batches (mfg, batch): writes each device's esptool argument file ({@link FlashArgsFiles#forImage})
     * beside its image once the image and its keys file are written, reading them back for the layout's
     * checks.
     */
    public BatchListener flashArgsWriter() {
        return record -> {
            try {
                Path keysFile = record.keysFile();
                boolean withKeys = keys.isPresent() && keysFile != null;
                FlashLayout layout = layout(
                        record.image(),
                        Bytes.of(Files.readAllBytes(record.image())),
                        withKeys ? keysFile : null,
                        withKeys ? Bytes.of(Files.readAllBytes(keysFile)) : null);
                Path args = FlashArgsFiles.forImage(record.image());
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
