package dev.nvsgen.provisioning;

import dev.nvsgen.crypto.credentials.DeviceKey;
import dev.nvsgen.crypto.credentials.IssuedCertificate;
import dev.nvsgen.factory.DeviceEncryption.KeyFile;
import dev.nvsgen.matter.SetupPayload;
import dev.nvsgen.nvs.util.Sha256;
import java.util.List;
import java.util.Optional;

/**
 * One device made in memory: its NVS image (encrypted when the provisioner encrypts), the certificate
 * issued to it, its private key (none when it sent a CSR), and its key files (per-device NVS keys or
 * HMAC key). Holds secrets: {@link #toString()} shows none, and there is no {@code equals}.
 */
public final class ProvisionedDevice {
    private final String serial;
    private final byte[] image;
    private final IssuedCertificate certificate;
    private final DeviceKey key;
    private final List<KeyFile> keyFiles;
    private final MatterFactoryData.Made matter;

    ProvisionedDevice(
            String serial,
            byte[] image,
            IssuedCertificate certificate,
            DeviceKey key,
            List<KeyFile> keyFiles,
            MatterFactoryData.Made matter) {
        this.serial = serial;
        this.image = image;
        this.certificate = certificate;
        this.key = key;
        this.keyFiles = List.copyOf(keyFiles);
        this.matter = matter;
    }

    /**
     * The matter preset's onboarding payload (QR code text, manual code; {@code QrImage} draws it): empty for
     * other layouts. It holds the passcode: a secret until it is printed on the device's label.
     */
    public Optional<SetupPayload> setupPayload() {
        return matter == null ? Optional.empty() : Optional.of(matter.payload());
    }

    /**
     * A copy of the esp_secure_cert partition holding the DAC, its key and the PAI, when the matter preset puts
     * the DAC key there ({@code MatterSpec.DacKey.ESP_SECURE_CERT}); a secret.
     */
    public Optional<byte[]> secureCertImage() {
        return matter == null ? Optional.empty() : matter.secureCertImage().map(byte[]::clone);
    }

    public String serial() {
        return serial;
    }

    /**
     * A copy of the partition image, ready to flash at the NVS partition's offset. It holds the device's
     * private key when the layout stores one: treat it as a secret.
     */
    public byte[] image() {
        return image.clone();
    }

    public int imageLength() {
        return image.length;
    }

    /** SHA-256 of the image, lower-case hex, as the run record keeps it. */
    public String imageSha256() {
        return Sha256.hex(image);
    }

    /** The certificate issued to the device; empty when the provisioner issues none. */
    public Optional<IssuedCertificate> certificate() {
        return Optional.ofNullable(certificate);
    }

    /** The device's new key pair; empty without credentials or in CSR mode, where the device keeps its key. */
    public Optional<DeviceKey> key() {
        return Optional.ofNullable(key);
    }

    /** The device's own key files (keys file, HMAC key), first the keys file; empty when keys are shared. */
    public List<KeyFile> keyFiles() {
        return keyFiles;
    }

    @Override
    public String toString() {
        return "ProvisionedDevice[" + serial + ", " + image.length + "-byte image"
                + (certificate == null ? "" : ", certificate serial " + certificate.serialHex())
                + (key == null && keyFiles.isEmpty() && matter == null ? "" : ", secrets redacted") + "]";
    }
}
