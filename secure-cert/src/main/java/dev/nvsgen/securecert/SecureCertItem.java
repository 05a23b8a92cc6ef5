package dev.nvsgen.securecert;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.nvs.Bytes;
import java.util.Objects;
import java.util.Optional;

/** One thing to store in the partition: an entry of configure_esp_secure_cert.py's command line or CSV. */
public sealed interface SecureCertItem {
    TlvType type();

    TlvSubtype subtype();

    /** A CA or device certificate. */
    record Certificate(TlvType type, TlvSubtype subtype, CertificateFile file) implements SecureCertItem {
        public Certificate {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(subtype, "subtype");
            if (type != TlvType.CA_CERT && type != TlvType.DEV_CERT) {
                throw new IllegalArgumentException("a certificate goes into CA_CERT or DEV_CERT, not " + type);
            }
        }
    }

    /**
     * The device's private key.
     *
     * @param efuseKeyId the eFuse key block (0 to 5) of the HMAC key (RSA DS) or the key (ECDSA peripheral);
     *     -1 for a plaintext key
     * @param hmacKey the DS peripheral's HMAC key; empty to generate one (RSA DS only)
     */
    record PrivateKey(
            TlvSubtype subtype,
            PrivateKeyFile file,
            KeyProtection protection,
            int efuseKeyId,
            Optional<HmacKey> hmacKey)
            implements SecureCertItem {
        public PrivateKey {
            Objects.requireNonNull(subtype, "subtype");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(protection, "protection");
            Objects.requireNonNull(hmacKey, "hmacKey");
            if (protection != KeyProtection.PLAINTEXT && (efuseKeyId < 0 || efuseKeyId > 5)) {
                throw new IllegalArgumentException(
                        protection.id() + " needs an eFuse key id 0 to 5, not " + efuseKeyId);
            }
        }

        public static PrivateKey plaintext(TlvSubtype subtype, PrivateKeyFile file) {
            return new PrivateKey(subtype, file, KeyProtection.PLAINTEXT, -1, Optional.empty());
        }

        @Override
        public TlvType type() {
            return TlvType.PRIV_KEY;
        }
    }

    /** Raw bytes: user data (51 to 55) or any other TLV, stored as given. */
    record Data(TlvType type, TlvSubtype subtype, Bytes data) implements SecureCertItem {
        public Data {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(subtype, "subtype");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public String toString() {
            return "Data[" + type + ", " + subtype + ", " + data.length() + " bytes]";
        }
    }
}
