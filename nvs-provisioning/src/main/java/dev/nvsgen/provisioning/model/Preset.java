package dev.nvsgen.provisioning.model;

import dev.nvsgen.nvs.PartitionSize;
import java.util.ArrayList;
import java.util.List;

/** Well-known layouts of device credentials in NVS, as a manifest's {@code preset} names them. */
public enum Preset {
    /**
     * Espressif's esp_secure_cert_mgr (legacy NVS format): partition {@code esp_secure_cert}, namespace of
     * the same name, PEM strings {@code ca_cert}, {@code dev_cert}, {@code priv_key}; 0x3000 bytes. Its
     * component reads them with {@code nvs_get_str} (see {@code include/esp_secure_cert_config.h} and
     * {@code srcs/esp_secure_cert_read.c} there); its tools write them in this key order.
     */
    ESP_SECURE_CERT("esp_secure_cert"),
    /**
     * Namespace {@code certs} with DER blobs {@code device_cert}, {@code device_key}, {@code ca_cert}; 0x3000
     * bytes: for firmware that reads its credentials itself ({@code nvs_get_blob}, then
     * {@code mbedtls_x509_crt_parse_der} and {@code mbedtls_pk_parse_key}).
     */
    DEVICE_CERT("device-cert");

    private final String manifestName;

    Preset(String manifestName) {
        this.manifestName = manifestName;
    }

    /** The name a manifest's {@code preset} field gives it. */
    public String manifestName() {
        return manifestName;
    }

    /** The partition size used when none is given. */
    public PartitionSize partitionSize() {
        return PartitionSize.parse("0x3000");
    }

    /**
     * The preset's entries; in CSR mode without the private key, which stays in the device. {@code origin}
     * is where the preset was named.
     */
    public Layout layout(boolean csrMode, Origin origin) {
        List<Entry> e = new ArrayList<>();
        String namespace;
        if (this == ESP_SECURE_CERT) {
            namespace = "esp_secure_cert";
            e.add(new Entry.DeviceCredential("ca_cert", Credential.CA_CHAIN, Credential.Format.PEM, origin));
            e.add(new Entry.DeviceCredential("dev_cert", Credential.CERTIFICATE, Credential.Format.PEM, origin));
            if (!csrMode) {
                e.add(new Entry.DeviceCredential("priv_key", Credential.PRIVATE_KEY, Credential.Format.PEM, origin));
            }
        } else {
            namespace = "certs";
            e.add(new Entry.DeviceCredential("device_cert", Credential.CERTIFICATE, Credential.Format.DER, origin));
            if (!csrMode) {
                e.add(new Entry.DeviceCredential("device_key", Credential.PRIVATE_KEY, Credential.Format.DER, origin));
            }
            e.add(new Entry.DeviceCredential("ca_cert", Credential.CA_CERTIFICATE, Credential.Format.DER, origin));
        }
        return new Layout(List.of(new Namespace(namespace, e, origin)));
    }
}
