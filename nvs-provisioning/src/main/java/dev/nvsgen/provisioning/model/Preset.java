package dev.nvsgen.provisioning.model;

import dev.nvsgen.matter.ChipFactory;
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
    DEVICE_CERT("device-cert"),
    /**
     * Matter factory data: namespace {@code chip-factory} as esp-matter-mfg-tool writes it and ESP-Matter's
     * {@code ESP32FactoryDataProvider} reads it (discriminator, SPAKE2+ salt and verifier, vendor and product,
     * serial number, DAC, its key and public key, PAI, Certification Declaration); 0x6000 bytes. What it
     * holds depends on the product's {@link MatterSpec}: see {@link #layout(boolean, MatterSpec, Origin)}.
     */
    MATTER("matter");

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
        return PartitionSize.parse(this == MATTER ? "0x6000" : "0x3000");
    }

    /**
     * The preset's entries; in CSR mode without the private key, which stays in the device. {@code origin}
     * is where the preset was named.
     */
    public Layout layout(boolean csrMode, Origin origin) {
        if (this == MATTER) {
            throw new IllegalStateException("the matter preset's layout depends on its MatterSpec");
        }
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

    /**
     * The preset's entries for the product {@code matter} (which only {@link #MATTER} takes; the others
     * ignore it): in esp-matter-mfg-tool's key order, {@code discriminator}, {@code iteration-count},
     * {@code salt}, {@code vendor-id}, {@code vendor-name}, {@code product-id}, {@code product-name},
     * {@code hardware-ver}, {@code hw-ver-str}, {@code rd-id-uid}, {@code serial-num}, {@code dac-cert},
     * {@code dac-key}, {@code dac-pub-key}, {@code pai-cert}, {@code verifier}, {@code cert-dclrn}: the
     * optional ones only when given, the DAC's key only outside CSR mode, the DAC, its keys and the PAI
     * only when the DAC key goes to NVS.
     */
    public Layout layout(boolean csrMode, MatterSpec matter, Origin origin) {
        if (this != MATTER) {
            return layout(csrMode, origin);
        }
        List<String> keys = new ArrayList<>(List.of(
                ChipFactory.DISCRIMINATOR, ChipFactory.ITERATION_COUNT, ChipFactory.SALT, ChipFactory.VENDOR_ID));
        if (matter.vendorName() != null) {
            keys.add(ChipFactory.VENDOR_NAME);
        }
        keys.add(ChipFactory.PRODUCT_ID);
        if (matter.productName() != null) {
            keys.add(ChipFactory.PRODUCT_NAME);
        }
        if (matter.hardwareVersion() != null) {
            keys.add(ChipFactory.HARDWARE_VERSION);
        }
        if (matter.hardwareVersionString() != null) {
            keys.add(ChipFactory.HARDWARE_VERSION_STRING);
        }
        if (matter.rotatingDeviceId()) {
            keys.add(ChipFactory.ROTATING_DEVICE_ID_UNIQUE_ID);
        }
        keys.add(ChipFactory.SERIAL_NUMBER);
        if (matter.dacKey() == MatterSpec.DacKey.NVS) {
            keys.add(ChipFactory.DAC_CERT);
            if (!csrMode) {
                keys.add(ChipFactory.DAC_KEY);
            }
            keys.add(ChipFactory.DAC_PUBLIC_KEY);
            keys.add(ChipFactory.PAI_CERT);
        }
        keys.add(ChipFactory.VERIFIER);
        if (matter.certificationDeclaration() != null) {
            keys.add(ChipFactory.CERTIFICATION_DECLARATION);
        }
        List<Entry> e =
                keys.stream().<Entry>map(k -> new Entry.FactoryData(k, origin)).toList();
        return new Layout(List.of(new Namespace(ChipFactory.NAMESPACE, e, origin)));
    }
}
