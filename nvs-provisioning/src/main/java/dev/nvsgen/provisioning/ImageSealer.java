package dev.nvsgen.provisioning;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.NvsEncryption;
import dev.nvsgen.crypto.NvsKeys;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

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
    static ImageSealer of(Manifest.Encryption encryption) {
        if (encryption instanceof Manifest.Encryption.KeysFile k) {
            return shared(NvsKeys.read(k.file().path(), k.file().display()));
        }
        if (encryption instanceof Manifest.Encryption.HmacKeyFile h) {
            return shared(HmacKey.read(h.file().path(), h.file().display()).deriveNvsKeys());
        }
        if (encryption instanceof Manifest.Encryption.PerDeviceKeys) {
            return new ImageSealer() {
                @Override
                public Sealed seal(byte[] plainImage) {
                    NvsKeys keys = NvsKeys.generate(Drbg.current());
                    return new Sealed(NvsEncryption.encrypt(plainImage, keys), keys.toKeysPartition());
                }

                @Override
                public String secretSuffix() {
                    return ".bin";
                }
            };
        }
        if (encryption instanceof Manifest.Encryption.PerDeviceHmacKey) {
            return new ImageSealer() {
                @Override
                public Sealed seal(byte[] plainImage) {
                    HmacKey key = HmacKey.generate(Drbg.current());
                    return new Sealed(
                            NvsEncryption.encrypt(plainImage, key.deriveNvsKeys()), key.unsafeExportRawKeyBytes());
                }

                @Override
                public String secretSuffix() {
                    return "-hmac-key.bin";
                }
            };
        }
        return NONE;
    }

    /** Every image encrypted with the same keys; no per-device secret. */
    private static ImageSealer shared(NvsKeys keys) {
        return new ImageSealer() {
            @Override
            public Sealed seal(byte[] plainImage) {
                return new Sealed(NvsEncryption.encrypt(plainImage, keys), null);
            }

            @Override
            public String secretSuffix() {
                return null;
            }
        };
    }

    /** A DRBG per worker thread: a fresh {@code SecureRandom} per device would serialise on the system's. */
    final class Drbg {
        private static final ThreadLocal<SecureRandom> PER_THREAD = ThreadLocal.withInitial(() -> {
            try {
                return SecureRandom.getInstance("DRBG");
            } catch (NoSuchAlgorithmException e) {
                return new SecureRandom();
            }
        });

        private Drbg() {}

        static SecureRandom current() {
            return PER_THREAD.get();
        }
    }
}
