package dev.nvsgen.provisioning.model;

import dev.nvsgen.nvs.csv.ValueEncoding;
import java.util.Objects;

/**
 * One key of a namespace and where its value comes from, per device. Sealed: the code that makes images
 * handles every kind, so a new kind of entry is a new record here plus its case there.
 */
public sealed interface Entry {
    String key();

    Origin origin();

    /** A value given as text (templated: {@code ${serial}}), converted by an ESP-IDF encoding. */
    record Value(String key, ValueEncoding encoding, Template value, Origin origin) implements Entry {
        public Value {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(encoding, "encoding");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A file's contents (its path templated, relative to the model's folder), converted by an ESP-IDF encoding. */
    record FileContents(String key, ValueEncoding encoding, Template path, Origin origin) implements Entry {
        public FileContents {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(encoding, "encoding");
            Objects.requireNonNull(path, "path");
        }
    }

    /** A credential issued to (or for) the device, stored as DER (a blob) or PEM (a NUL-terminated string). */
    record DeviceCredential(String key, Credential credential, Credential.Format format, Origin origin)
            implements Entry {
        public DeviceCredential {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(credential, "credential");
            Objects.requireNonNull(format, "format");
        }
    }

    /**
     * A key of Matter's {@code chip-factory} namespace whose value the {@code matter} preset makes per device
     * (discriminator, salt, verifier, DAC...), typed and encoded as esp-matter-mfg-tool writes it; see
     * {@link MatterSpec}.
     */
    record FactoryData(String key, Origin origin) implements Entry {
        public FactoryData {
            Objects.requireNonNull(key, "key");
        }
    }
}
