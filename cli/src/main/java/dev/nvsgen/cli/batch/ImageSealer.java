package dev.nvsgen.cli.batch;

import dev.nvsgen.nvs.NvsInputException;

/**
 * What happens to a device's plain image before it is written: nothing, or NVS encryption with the
 * run's keys or the device's own. Implementations are safe to use from many threads.
 */
interface ImageSealer {
    /** The image to write and, for per-device keys, the secret file that goes with it. */
    Sealed seal(byte[] plainImage);

    /** The file name suffix of the per-device secret ({@code .bin}), or null when there is none. */
    String secretSuffix();

    /** A sealed image and the secret (keys file or HMAC key) to write owner-only beside it, if any. */
    final class Sealed {
        private final byte[] image;
        private final byte[] secret;

        Sealed(byte[] image, byte[] secret) {
            this.image = image;
            this.secret = secret;
        }

        byte[] image() {
            return image;
        }

        /** Null when the device has no secret file of its own. */
        byte[] secret() {
            return secret;
        }

        @Override
        public String toString() {
            return "Sealed[" + image.length + " bytes" + (secret == null ? "" : ", secret redacted") + "]";
        }
    }

    /** Plain images. */
    ImageSealer NONE = new ImageSealer() {
        @Override
        public Sealed seal(byte[] plainImage) {
            return new Sealed(plainImage, null);
        }

        @Override
        public String secretSuffix() {
            return null;
        }
    };

    /** The sealer {@code encryption} asks for; every file it needs is read here, before anything is written. */
    static ImageSealer of(Manifest.Encryption encryption, FileCache files) {
        if (encryption instanceof Manifest.Encryption.None) {
            return NONE;
        }
        throw new NvsInputException("NVS encryption in batch runs needs the nvs-crypto encryption API, which this"
                + " build does not have yet; use encryption: none");
    }
}
