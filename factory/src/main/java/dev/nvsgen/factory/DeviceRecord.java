package dev.nvsgen.factory;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What was written for one device: the record a factory keeps. {@code index} is the device's position
 * in the input (0-based); {@code keysFile} is null when no keys were written for it.
 */
public record DeviceRecord(long index, String id, Path image, long imageBytes, String imageSha256, Path keysFile) {
    public DeviceRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(imageSha256, "imageSha256");
    }
}
