package dev.nvsgen.provisioning;

import dev.nvsgen.nvs.PartitionSize;
import java.util.ArrayList;
import java.util.List;

/** Well-known layouts of device credentials in NVS, named by a manifest's {@code preset}. */
final class Presets {
    private Presets() {}

    /** A preset: its namespaces and the partition size used when the manifest gives none. */
    interface Preset {
        PartitionSize size();

        /** The namespaces; in CSR mode without the private key, which stays in the device. */
        List<Manifest.Namespace> namespaces(boolean csrMode, Yaml.Where where);
    }

    static Preset named(Yaml.Scalar s) {
        return switch (s.required()) {
            case "esp_secure_cert" -> ESP_SECURE_CERT;
            case "device-cert" -> DEVICE_CERT;
            default -> throw s.error("unknown preset '" + s.text() + "' (expected esp_secure_cert or device-cert)");
        };
    }

    /**
     * The legacy NVS format of Espressif's esp_secure_cert_mgr: an NVS partition named
     * {@code esp_secure_cert} holding a namespace of the same name with the PEM strings {@code ca_cert},
     * {@code dev_cert} and {@code priv_key} (read with {@code nvs_get_str}; see
     * {@code include/esp_secure_cert_config.h} and {@code srcs/esp_secure_cert_read.c} there). Its tools
     * write it as a 0x3000 partition in this key order.
     */
    static final Preset ESP_SECURE_CERT = new Preset() {
        @Override
        public PartitionSize size() {
            return PartitionSize.parse("0x3000");
        }

        @Override
        public List<Manifest.Namespace> namespaces(boolean csrMode, Yaml.Where where) {
            List<Manifest.Entry> e = new ArrayList<>();
            e.add(credential("ca_cert", Manifest.CredentialKind.CA_CHAIN, Manifest.StoreFormat.PEM, where));
            e.add(credential("dev_cert", Manifest.CredentialKind.CERTIFICATE, Manifest.StoreFormat.PEM, where));
            if (!csrMode) {
                e.add(credential("priv_key", Manifest.CredentialKind.PRIVATE_KEY, Manifest.StoreFormat.PEM, where));
            }
            return List.of(new Manifest.Namespace("esp_secure_cert", e, where));
        }
    };

    /**
     * A plain layout for firmware that reads its credentials itself: namespace {@code certs} with DER
     * blobs {@code device_cert}, {@code device_key} and {@code ca_cert} (read with {@code nvs_get_blob},
     * parsed with {@code mbedtls_x509_crt_parse_der} and {@code mbedtls_pk_parse_key}).
     */
    static final Preset DEVICE_CERT = new Preset() {
        @Override
        public PartitionSize size() {
            return PartitionSize.parse("0x3000");
        }

        @Override
        public List<Manifest.Namespace> namespaces(boolean csrMode, Yaml.Where where) {
            List<Manifest.Entry> e = new ArrayList<>();
            e.add(credential("device_cert", Manifest.CredentialKind.CERTIFICATE, Manifest.StoreFormat.DER, where));
            if (!csrMode) {
                e.add(credential("device_key", Manifest.CredentialKind.PRIVATE_KEY, Manifest.StoreFormat.DER, where));
            }
            e.add(credential("ca_cert", Manifest.CredentialKind.CA_CERTIFICATE, Manifest.StoreFormat.DER, where));
            return List.of(new Manifest.Namespace("certs", e, where));
        }
    };

    private static Manifest.Entry credential(
            String key, Manifest.CredentialKind kind, Manifest.StoreFormat format, Yaml.Where where) {
        return new Manifest.Entry.Credential(key, kind, format, where);
    }
}
