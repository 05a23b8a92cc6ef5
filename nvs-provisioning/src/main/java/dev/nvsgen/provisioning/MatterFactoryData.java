package dev.nvsgen.provisioning;

import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.crypto.credentials.DeviceKey;
import dev.nvsgen.crypto.credentials.DistinguishedName;
import dev.nvsgen.crypto.credentials.IssuedCertificate;
import dev.nvsgen.crypto.credentials.P256Keys;
import dev.nvsgen.crypto.flash.Chip;
import dev.nvsgen.matter.AttestationCertificates;
import dev.nvsgen.matter.ChipFactory;
import dev.nvsgen.matter.Discriminator;
import dev.nvsgen.matter.Passcode;
import dev.nvsgen.matter.QrImage;
import dev.nvsgen.matter.RotatingDeviceIdUniqueId;
import dev.nvsgen.matter.SetupPayload;
import dev.nvsgen.matter.Spake2pVerifier;
import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.provisioning.model.MatterSpec;
import dev.nvsgen.provisioning.model.ProvisioningSpec;
import dev.nvsgen.securecert.CertificateFile;
import dev.nvsgen.securecert.KeyProtection;
import dev.nvsgen.securecert.PrivateKeyFile;
import dev.nvsgen.securecert.SecureCertGenerator;
import dev.nvsgen.securecert.SecureCertItem;
import dev.nvsgen.securecert.SecureCertLayout;
import dev.nvsgen.securecert.SecureCertRequest;
import dev.nvsgen.securecert.TlvSubtype;
import dev.nvsgen.securecert.TlvType;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code matter} preset's per-device work, on the matter module's types: the device's passcode,
 * discriminator, salt (its columns, or fresh from a DRBG), the SPAKE2+ verifier, the rotating device ID's
 * unique ID, the values of the {@code chip-factory} keys, the onboarding codes and QR image, and, when the
 * DAC key goes there, the esp_secure_cert TLV partition holding DAC, key and PAI (ESP-Matter's
 * {@code ESP32SecureCertDACProvider} reads the DAC from {@code DEV_CERT}, the PAI from {@code CA_CERT}, the
 * key from {@code PRIV_KEY}, subtype 0; the Certification Declaration stays in NVS). Immutable and safe on
 * many threads.
 */
final class MatterFactoryData {
    /** Where a device's onboarding codes and QR image go, beside {@code bin/}. */
    static final String FOLDER = "matter";

    static final String CODES = "-onb_codes.csv";
    static final String QR = "-qrcode.png";
    /** Beside the NVS image when the DAC key goes to esp_secure_cert. */
    static final String SECURE_CERT_IMAGE = "-esp_secure_cert.bin";
    /** The run's owner-only record of every device's codes (they hold the passcode). */
    static final String RECORD = "batch-run-matter.csv";

    static final String CODES_HEADER = "qrcode,manualcode,discriminator,passcode";

    /** Matter's serial number: at most 32 characters (Basic Information cluster, SerialNumber). */
    private static final int MAX_SERIAL = 32;
    /** X.520's upper bound of a common name. */
    private static final int MAX_COMMON_NAME = 64;

    private static final int SALT_BYTES = 32;
    private static final Spake2pVerifier SAMPLE_VERIFIER = Spake2pVerifier.of(new byte[Spake2pVerifier.LENGTH]);

    private final MatterSpec spec;
    private final Bytes paiDer;
    private final X509Certificate pai;
    private final Bytes certificationDeclaration;

    private MatterFactoryData(MatterSpec spec, CertificateAuthority ca, Bytes certificationDeclaration) {
        this.spec = spec;
        this.pai = ca.certificate();
        this.paiDer = ca.chainDer().get(0);
        this.certificationDeclaration = certificationDeclaration;
    }

    /**
     * The factory data of {@code provisioning}'s product, issued by {@code ca} (the PAI): checks the PAI as esp-matter-mfg-tool does and that it speaks for the product's vendor
     * (and product, if it names one), and reads the Certification Declaration.
     *
     * @throws NvsInputException naming the manifest's {@code matter} section
     */
    static MatterFactoryData of(ProvisioningSpec provisioning, CertificateAuthority ca, FileCache files) {
        MatterSpec spec = provisioning.matter();
        X509Certificate pai = ca.certificate();
        try {
            AttestationCertificates.checkPai(pai);
        } catch (IllegalArgumentException e) {
            throw spec.origin().error("the CA must be a Matter PAI: " + e.getMessage());
        }
        int vid =
                AttestationCertificates.vendorId(pai.getSubjectX500Principal()).orElseThrow();
        if (vid != spec.vendorId()) {
            throw spec.origin()
                    .error(String.format(
                            "the PAI is vendor 0x%04X's, not vendor-id 0x%04X's: its DACs would not verify",
                            vid, spec.vendorId()));
        }
        AttestationCertificates.productId(pai.getSubjectX500Principal()).ifPresent(pid -> {
            if (pid != spec.productId()) {
                throw spec.origin()
                        .error(String.format(
                                "the PAI is for product 0x%04X only, not product-id 0x%04X", pid, spec.productId()));
            }
        });
        if (provisioning.issuance().keyType() != null
                && provisioning.issuance().keyType() != dev.nvsgen.crypto.credentials.KeyAlgorithm.EC_P256) {
            throw spec.origin()
                    .error("a DAC's key is EC P-256 (prime256v1), not "
                            + provisioning.issuance().keyType());
        }
        Bytes cd = null;
        if (spec.certificationDeclaration() != null) {
            var f = spec.certificationDeclaration();
            cd = Bytes.of(files.read(f.path(), f.display(), 1 << 16, "a Certification Declaration"));
        }
        return new MatterFactoryData(spec, ca, cd);
    }

    MatterSpec spec() {
        return spec;
    }

    /** The DAC's subject: the device's common name, the vendor ID, the product ID. */
    DistinguishedName subject(Device d) {
        String cn = commonName(d);
        return AttestationCertificates.subject(cn, spec.vendorId(), spec.productId());
    }

    /** The rendered common name's length: what makes one DAC longer than another. */
    int subjectLength(Device d) {
        return commonName(d).getBytes(StandardCharsets.UTF_8).length;
    }

    private String commonName(Device d) {
        String cn = spec.commonName().render(d.columns());
        if (cn.isEmpty() || cn.length() > MAX_COMMON_NAME) {
            throw new NvsInputException(d + ": matter.common-name ("
                    + spec.commonName().origin() + "): '" + cn + "' must be 1 to " + MAX_COMMON_NAME + " characters");
        }
        return cn;
    }

    /** A key a device sent in its CSR must be P-256, as every DAC's. */
    static void checkCsrKey(Device d, PublicKey key) {
        try {
            P256Keys.publicPoint(key);
        } catch (IllegalArgumentException e) {
            throw new NvsInputException(d + ": its CSR's key is not EC P-256 (prime256v1), which a DAC needs");
        }
    }

    /** One device's factory data: its NVS values by key, its onboarding payload, its esp_secure_cert image. */
    static final class Made {
        private final Map<String, NvsValue> values;
        private final SetupPayload payload;
        private final byte[] secureCertImage;

        private Made(Map<String, NvsValue> values, SetupPayload payload, byte[] secureCertImage) {
            this.values = values;
            this.payload = payload;
            this.secureCertImage = secureCertImage;
        }

        NvsValue value(String key) {
            NvsValue v = values.get(key);
            if (v == null) {
                throw new IllegalStateException("the matter preset makes no value for " + key);
            }
            return v;
        }

        SetupPayload payload() {
            return payload;
        }

        /** The esp_secure_cert partition holding DAC, key and PAI; empty when they are in NVS. */
        Optional<byte[]> secureCertImage() {
            return Optional.ofNullable(secureCertImage);
        }

        /** The onboarding codes file: {@value #CODES_HEADER}, then the device's line (as esp-matter-mfg-tool's). */
        byte[] codesCsv() {
            return (CODES_HEADER + "\n" + codesLine(payload) + "\n").getBytes(StandardCharsets.US_ASCII);
        }

        byte[] qrPng() {
            return QrImage.of(payload.qrCode()).png();
        }

        @Override
        public String toString() {
            return "MatterFactoryData.Made[" + payload + "]";
        }
    }

    static String codesLine(SetupPayload p) {
        String manual = p.formattedManualCode();
        if (manual.contains(",")) {
            manual = "\"" + manual + "\"";
        }
        return p.qrCode() + "," + manual + "," + p.discriminator().value() + "," + String.format("%08d", p.passcode());
    }

    /**
     * Checks the device's own values (columns {@code passcode}, {@code discriminator}, {@code salt},
     * {@code rd-id-uid}, its serial and common name) before anything is written.
     */
    void check(Device d) {
        if (d.serial().length() > MAX_SERIAL) {
            throw new NvsInputException(d + ": a Matter serial number has at most " + MAX_SERIAL + " characters; '"
                    + d.serial() + "' has " + d.serial().length());
        }
        commonName(d);
        passcode(d, null);
        discriminator(d, null);
        salt(d, null);
        rdId(d, null);
    }

    /**
     * Makes the device's factory data around its DAC ({@code certificate}, and {@code key} unless the device
     * kept it). For the fit check ({@code sample}) the verifier is not derived: its size is all that counts.
     */
    Made make(Device d, IssuedCertificate certificate, DeviceKey key, boolean sample) {
        SecureRandom random = RANDOM.get();
        Passcode passcode = passcode(d, random);
        Discriminator discriminator = discriminator(d, random);
        byte[] salt = salt(d, random);
        Spake2pVerifier verifier = sample ? SAMPLE_VERIFIER : Spake2pVerifier.derive(passcode, salt, spec.iterations());
        Map<String, NvsValue> v = new HashMap<>();
        v.put(ChipFactory.DISCRIMINATOR, NvsValue.u32(discriminator.value()));
        v.put(ChipFactory.ITERATION_COUNT, NvsValue.u32(spec.iterations()));
        v.put(ChipFactory.SALT, NvsValue.string(Base64.getEncoder().encodeToString(salt)));
        v.put(ChipFactory.VENDOR_ID, NvsValue.u32(spec.vendorId()));
        v.put(ChipFactory.PRODUCT_ID, NvsValue.u32(spec.productId()));
        if (spec.vendorName() != null) {
            v.put(ChipFactory.VENDOR_NAME, NvsValue.string(spec.vendorName()));
        }
        if (spec.productName() != null) {
            v.put(ChipFactory.PRODUCT_NAME, NvsValue.string(spec.productName()));
        }
        if (spec.hardwareVersion() != null) {
            v.put(ChipFactory.HARDWARE_VERSION, NvsValue.u32(spec.hardwareVersion()));
        }
        if (spec.hardwareVersionString() != null) {
            v.put(ChipFactory.HARDWARE_VERSION_STRING, NvsValue.string(spec.hardwareVersionString()));
        }
        if (spec.rotatingDeviceId()) {
            v.put(
                    ChipFactory.ROTATING_DEVICE_ID_UNIQUE_ID,
                    NvsValue.blob(rdId(d, random).bytes()));
        }
        v.put(ChipFactory.SERIAL_NUMBER, NvsValue.string(d.serial()));
        v.put(ChipFactory.VERIFIER, NvsValue.string(verifier.base64()));
        if (certificationDeclaration != null) {
            v.put(ChipFactory.CERTIFICATION_DECLARATION, NvsValue.blob(certificationDeclaration));
        }
        PublicKey publicKey =
                key != null ? key.publicKey() : certificate.toX509Certificate().getPublicKey();
        byte[] secureCert = null;
        if (spec.dacKey() == MatterSpec.DacKey.NVS) {
            v.put(ChipFactory.DAC_CERT, NvsValue.blob(certificate.der()));
            if (key != null) {
                byte[] scalar = P256Keys.exportPrivateScalar(key);
                try {
                    v.put(ChipFactory.DAC_KEY, NvsValue.secretBlob(scalar));
                } finally {
                    Arrays.fill(scalar, (byte) 0);
                }
            }
            v.put(ChipFactory.DAC_PUBLIC_KEY, NvsValue.blob(P256Keys.publicPoint(publicKey)));
            v.put(ChipFactory.PAI_CERT, NvsValue.blob(paiDer));
        } else {
            secureCert = secureCert(d, certificate, key);
        }
        SetupPayload payload = SetupPayload.of(
                spec.vendorId(), spec.productId(), spec.flow(), spec.discoveryCapabilities(), discriminator, passcode);
        return new Made(v, payload, secureCert);
    }

    /** The TLV partition of DAC ({@code DEV_CERT}), PAI ({@code CA_CERT}) and the DAC's key ({@code PRIV_KEY}, plaintext). */
    private byte[] secureCert(Device d, IssuedCertificate certificate, DeviceKey key) {
        SecureCertRequest.Builder b = SecureCertRequest.builder(SecureCertLayout.CUST_FLASH_TLV, Chip.ESP32C3);
        b.partitionSize(SecureCertLayout.CUST_FLASH_TLV.partitionSize());
        b.add(new SecureCertItem.Certificate(TlvType.CA_CERT, TlvSubtype.SUBTYPE_0, CertificateFile.of(pai, false)));
        b.add(new SecureCertItem.Certificate(
                TlvType.DEV_CERT, TlvSubtype.SUBTYPE_0, CertificateFile.of(certificate.toX509Certificate(), false)));
        if (key != null) {
            b.add(new SecureCertItem.PrivateKey(
                    TlvSubtype.SUBTYPE_0,
                    PrivateKeyFile.of(key.exportPrivateKey(), false, d.serial()),
                    KeyProtection.PLAINTEXT,
                    -1,
                    Optional.empty()));
        }
        try {
            return SecureCertGenerator.generate(b.build(), RANDOM.get()).bytes();
        } catch (NvsInputException e) {
            throw new NvsInputException(d + ": " + e.getMessage());
        }
    }

    private Passcode passcode(Device d, SecureRandom random) {
        String text = given(d, MatterSpec.PASSCODE);
        if (text == null) {
            return random == null ? null : Passcode.random(random);
        }
        try {
            if (!text.matches("[0-9]{1,8}")) {
                // Not echoed: a passcode is a secret, even one mistyped.
                throw new IllegalArgumentException("the value is not a passcode (1 to 8 decimal digits)");
            }
            return Passcode.of(Long.parseLong(text));
        } catch (IllegalArgumentException e) {
            throw column(d, MatterSpec.PASSCODE, e);
        }
    }

    private Discriminator discriminator(Device d, SecureRandom random) {
        String text = given(d, MatterSpec.DISCRIMINATOR);
        if (text == null) {
            return random == null ? null : Discriminator.random(random);
        }
        try {
            int value = text.matches("0[xX][0-9A-Fa-f]{1,4}")
                    ? Integer.parseInt(text.substring(2), 16)
                    : text.matches("[0-9]{1,5}") ? Integer.parseInt(text) : -1;
            if (value < 0) {
                throw new IllegalArgumentException("'" + text + "' is not a number (decimal, or hex with 0x)");
            }
            return new Discriminator(value);
        } catch (IllegalArgumentException e) {
            throw column(d, MatterSpec.DISCRIMINATOR, e);
        }
    }

    private byte[] salt(Device d, SecureRandom random) {
        String text = given(d, MatterSpec.SALT);
        if (text == null) {
            if (random == null) {
                return null;
            }
            byte[] salt = new byte[SALT_BYTES];
            random.nextBytes(salt);
            return salt;
        }
        try {
            byte[] salt;
            try {
                salt = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not base64");
            }
            Spake2pVerifier.checkSalt(salt.length);
            return salt;
        } catch (IllegalArgumentException e) {
            throw column(d, MatterSpec.SALT, e);
        }
    }

    private RotatingDeviceIdUniqueId rdId(Device d, SecureRandom random) {
        String text = spec.rotatingDeviceId() ? given(d, MatterSpec.RD_ID_UID) : null;
        if (text == null) {
            return random == null || !spec.rotatingDeviceId() ? null : RotatingDeviceIdUniqueId.random(random);
        }
        try {
            return RotatingDeviceIdUniqueId.parseHex(text);
        } catch (IllegalArgumentException e) {
            throw column(d, MatterSpec.RD_ID_UID, e);
        }
    }

    /** The device's value in {@code column}, stripped; null when the list has no such column or it is blank there. */
    private static String given(Device d, String column) {
        String v = d.columns().get(column);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static NvsInputException column(Device d, String column, IllegalArgumentException e) {
        return new NvsInputException(d + ": column " + column + ": " + e.getMessage());
    }

    /**
     * Each thread's DRBG: the default NativePRNG reads /dev/urandom under one lock for all threads, which a
     * run on every core contends for.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    });
}
