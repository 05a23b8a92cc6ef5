package dev.nvsgen.factory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link DeviceJob} made: the image and the files that go with it. The runner writes the side
 * files first, then the secret files owner-only, and the image last, each one atomically. Arrays are
 * taken over, not copied: a job hands them on and does not touch them again.
 */
public final class DeviceOutput {
    /** A file to write: where, what, and whether it is secret (written readable by its owner only). */
    static final class File {
        private final Path path;
        private final byte[] data;
        private final boolean secret;

        File(Path path, byte[] data, boolean secret) {
            this.path = path;
            this.data = data;
            this.secret = secret;
        }

        Path path() {
            return path;
        }

        byte[] data() {
            return data;
        }

        boolean secret() {
            return secret;
        }
    }

    private final Path image;
    private final byte[] imageData;
    private final boolean imageSecret;
    private final List<File> files;

    private DeviceOutput(Path image, byte[] imageData, boolean imageSecret, List<File> files) {
        this.image = image;
        this.imageData = imageData;
        this.imageSecret = imageSecret;
        this.files = files;
    }

    /** An output of just the image {@code data}, to be written to {@code file}. */
    public static DeviceOutput image(Path file, byte[] data) {
        return new DeviceOutput(
                Objects.requireNonNull(file, "file"), Objects.requireNonNull(data, "data"), false, List.of());
    }

    /**
     * An output of just the image {@code data}, which holds key material (a device's private key), to be
     * written to {@code file} owner-only from its creation.
     */
    public static DeviceOutput secretImage(Path file, byte[] data) {
        return new DeviceOutput(
                Objects.requireNonNull(file, "file"), Objects.requireNonNull(data, "data"), true, List.of());
    }

    /** This output plus a side file, such as the CSV an image was made from. */
    public DeviceOutput withFile(Path file, byte[] data) {
        return with(new File(Objects.requireNonNull(file, "file"), Objects.requireNonNull(data, "data"), false));
    }

    /**
     * This output plus a secret file, written owner-only: key material. The first one is the device's
     * keys file in its {@link DeviceRecord}.
     */
    public DeviceOutput withSecretFile(Path file, byte[] data) {
        return with(new File(Objects.requireNonNull(file, "file"), Objects.requireNonNull(data, "data"), true));
    }

    private DeviceOutput with(File file) {
        List<File> all = new ArrayList<>(files.size() + 1);
        all.addAll(files);
        all.add(file);
        return new DeviceOutput(image, imageData, imageSecret, List.copyOf(all));
    }

    public Path image() {
        return image;
    }

    /** The image's length in bytes. */
    public int imageLength() {
        return imageData.length;
    }

    /** True when the image is written owner-only. */
    boolean imageSecret() {
        return imageSecret;
    }

    byte[] imageData() {
        return imageData;
    }

    List<File> files() {
        return files;
    }

    /** The first secret file, or null. */
    Path keysFile() {
        for (File f : files) {
            if (f.secret()) {
                return f.path();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "DeviceOutput[" + image + ", " + imageData.length + " bytes, " + files.size() + " more files]";
    }
}
