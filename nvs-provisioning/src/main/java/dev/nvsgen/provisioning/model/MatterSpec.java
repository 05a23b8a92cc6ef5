package dev.nvsgen.provisioning.model;

import dev.nvsgen.matter.CommissioningFlow;
import dev.nvsgen.matter.Spake2pVerifier;
import java.util.Locale;
import java.util.Objects;

/**
 * What the {@code matter} preset writes into each device's {@code chip-factory} namespace besides its DAC:
 * the product's identity (vendor and product ID and names, hardware version), the Certification
 * Declaration every device shares ({@code certificationDeclaration}, null for none), the SPAKE2+ iteration
 * count, whether a rotating device ID unique ID is written, and what the onboarding codes say of
 * commissioning. Per device, the passcode, discriminator, salt and rotating-ID unique ID come from the
 * device list's columns {@value #PASSCODE}, {@value #DISCRIMINATOR}, {@value #SALT} (base64) and
 * {@value #RD_ID_UID} (hex) when it has them, else from {@code SecureRandom}. The DAC's subject is
 * {@code commonName} (a template), the vendor ID and the product ID (Matter Core Specification 6.2.2.3).
 *
 * @param hardwareVersion null for none, as {@code hardwareVersionString}, {@code vendorName} and {@code productName}
 * @param discoveryCapabilities the onboarding payload's rendezvous bitmap: bit 0 SoftAP, bit 1 BLE, bit 2 on-network
 * @param dacKey where the DAC's private key (and with it the DAC and PAI) is kept
 */
public record MatterSpec(
        int vendorId,
        int productId,
        String vendorName,
        String productName,
        Integer hardwareVersion,
        String hardwareVersionString,
        FileRef certificationDeclaration,
        int iterations,
        boolean rotatingDeviceId,
        CommissioningFlow flow,
        int discoveryCapabilities,
        Template commonName,
        DacKey dacKey,
        Origin origin) {

    /** The device-list columns a device's own values come from, when the list has them. */
    public static final String PASSCODE = "passcode";

    public static final String DISCRIMINATOR = "discriminator";
    public static final String SALT = "salt";
    public static final String RD_ID_UID = "rd-id-uid";

    /** esp-matter-mfg-tool's default iteration count. */
    public static final int DEFAULT_ITERATIONS = 10_000;

    /** BLE only: what esp-matter-mfg-tool's {@code -dm} defaults to. */
    public static final int DEFAULT_DISCOVERY = 2;

    /** The lengths the Basic Information cluster allows (Matter Core Specification 11.1.5). */
    private static final int MAX_NAME = 32;

    private static final int MAX_VERSION_STRING = 64;

    /** Where the DAC's private key goes. */
    public enum DacKey {
        /** In the chip-factory namespace ({@code dac-key}), with the DAC and PAI: ESP32FactoryDataProvider reads them. */
        NVS("nvs"),
        /**
         * In an esp_secure_cert TLV partition of its own, with the DAC and PAI: firmware built with
         * {@code CONFIG_SEC_CERT_DAC_PROVIDER} reads them there; the NVS image holds the rest.
         */
        ESP_SECURE_CERT("esp_secure_cert");

        private final String id;

        DacKey(String id) {
            this.id = id;
        }

        /** Its manifest spelling. */
        public String id() {
            return id;
        }
    }

    public MatterSpec {
        if (vendorId < 1 || vendorId > 0xFFFE) {
            throw new IllegalArgumentException("vendor ID " + id(vendorId)
                    + " is not a valid vendor ID: 0x0001 to 0xFFFE (0 is reserved, test vendors are 0xFFF1 to 0xFFF4)");
        }
        if (productId < 1 || productId > 0xFFFF) {
            throw new IllegalArgumentException(
                    "product ID " + id(productId) + " is not a valid product ID: 0x0001 to 0xFFFF (0 is reserved)");
        }
        checkLength(vendorName, MAX_NAME, "vendor name");
        checkLength(productName, MAX_NAME, "product name");
        checkLength(hardwareVersionString, MAX_VERSION_STRING, "hardware version string");
        if (hardwareVersion != null && (hardwareVersion < 0 || hardwareVersion > 0xFFFF)) {
            throw new IllegalArgumentException(
                    "hardware version " + hardwareVersion + " is out of range: 16 bits, 0 to 65535");
        }
        Spake2pVerifier.checkIterations(iterations);
        Objects.requireNonNull(flow, "flow");
        if (discoveryCapabilities < 0 || discoveryCapabilities > 7) {
            throw new IllegalArgumentException("discovery capabilities " + discoveryCapabilities
                    + " are not a rendezvous bitmap: bit 0 SoftAP, bit 1 BLE, bit 2 on-network (0 to 7)");
        }
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(dacKey, "dacKey");
    }

    /** A product's factory data with esp-matter-mfg-tool's defaults: 10,000 iterations, standard flow, BLE, CN = serial. */
    public static MatterSpec of(int vendorId, int productId, Origin origin) {
        return new MatterSpec(
                vendorId,
                productId,
                null,
                null,
                null,
                null,
                null,
                DEFAULT_ITERATIONS,
                false,
                CommissioningFlow.STANDARD,
                DEFAULT_DISCOVERY,
                Template.parse("${serial}", origin),
                DacKey.NVS,
                origin);
    }

    /** What the run record and fingerprint say of it: {@code vid 0xFFF1 pid 0x8000, 10000 iterations, dac-key nvs}. */
    public String description() {
        return "vid " + id(vendorId) + " pid " + id(productId) + ", " + iterations + " iterations"
                + (rotatingDeviceId ? ", rotating device ID" : "") + ", "
                + flow.name().toLowerCase(Locale.ROOT)
                + " flow, discovery " + discoveryCapabilities + ", dac-key " + dacKey.id();
    }

    private static String id(int id) {
        return String.format(Locale.ROOT, "0x%04X", id);
    }

    private static void checkLength(String s, int max, String what) {
        if (s != null && s.length() > max) {
            throw new IllegalArgumentException(what + " '" + s + "' is " + s.length() + " characters; at most " + max);
        }
    }
}
