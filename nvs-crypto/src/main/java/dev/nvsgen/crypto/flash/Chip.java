package dev.nvsgen.crypto.flash;

import dev.nvsgen.nvs.NvsInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An ESP chip, as far as its security hardware goes: which flash-encryption schemes it has, its eFuse key
 * blocks, the eFuses the release-mode workflow ("Host-Based Security Workflows" in the ESP-IDF guide)
 * burns, whether it has the HMAC peripheral, and the key sizes of its Digital Signature (RSA) and ECDSA
 * peripherals. The one chip type of every module: flash encryption, eFuse scripts and esp_secure_cert.
 * eFuse names are espefuse's ({@code espefuse/efuse_defs/<chip>.yaml} and each chip's {@code KEY_PURPOSES}
 * table in esptool); peripheral facts ESP-IDF's {@code soc_caps.h} ({@code SOC_HMAC_SUPPORTED},
 * {@code SOC_DIG_SIGN_SUPPORTED}, {@code SOC_RSA_MAX_BIT_LEN}, {@code SOC_FLASH_ENCRYPTION_XTS_AES_256},
 * {@code SOC_ECDSA_SUPPORTED}) and configure_esp_secure_cert.py's {@code supported_key_size_rsa} and
 * {@code supported_key_size_ecdsa}.
 */
public enum Chip {
    ESP32(
            "esp32",
            List.of(FlashEncryptionScheme.ESP32_AES256_KEY_TWEAK),
            List.of("BLOCK1", "BLOCK2", "BLOCK3"),
            false,
            false,
            "FLASH_CRYPT_CNT",
            127,
            List.of("DISABLE_DL_ENCRYPT", "DISABLE_DL_DECRYPT", "DISABLE_DL_CACHE", "JTAG_DISABLE"),
            "MAC",
            "UART_DOWNLOAD_DIS",
            List.of(),
            List.of()),
    ESP32S2(
            "esp32s2",
            List.of(FlashEncryptionScheme.XTS_AES_128, FlashEncryptionScheme.XTS_AES_256),
            keyBlocks(6),
            false,
            true,
            "SPI_BOOT_CRYPT_CNT",
            7,
            List.of(
                    "DIS_BOOT_REMAP",
                    "DIS_DOWNLOAD_ICACHE",
                    "DIS_DOWNLOAD_DCACHE",
                    "HARD_DIS_JTAG",
                    "DIS_LEGACY_SPI_BOOT",
                    "DIS_DOWNLOAD_MANUAL_ENCRYPT"),
            "DIS_ICACHE",
            "ENABLE_SECURITY_DOWNLOAD",
            List.of(1024, 2048, 3072, 4096),
            List.of()),
    ESP32S3(
            "esp32s3",
            List.of(FlashEncryptionScheme.XTS_AES_128, FlashEncryptionScheme.XTS_AES_256),
            keyBlocks(6),
            true,
            true,
            "SPI_BOOT_CRYPT_CNT",
            7,
            List.of(
                    "DIS_DOWNLOAD_ICACHE",
                    "DIS_DOWNLOAD_DCACHE",
                    "DIS_DIRECT_BOOT",
                    "DIS_USB_JTAG",
                    "DIS_PAD_JTAG",
                    "DIS_DOWNLOAD_MANUAL_ENCRYPT"),
            "DIS_ICACHE",
            "ENABLE_SECURITY_DOWNLOAD",
            List.of(1024, 2048, 3072, 4096),
            List.of()),
    /** One key block, no HMAC peripheral: no HMAC_UP or DS key. */
    ESP32C2(
            "esp32c2",
            List.of(FlashEncryptionScheme.XTS_AES_128),
            List.of("BLOCK_KEY0"),
            false,
            false,
            "SPI_BOOT_CRYPT_CNT",
            7,
            List.of("DIS_DOWNLOAD_ICACHE", "DIS_DIRECT_BOOT", "DIS_PAD_JTAG", "DIS_DOWNLOAD_MANUAL_ENCRYPT"),
            null,
            "ENABLE_SECURITY_DOWNLOAD",
            List.of(),
            List.of()),
    ESP32C3(
            "esp32c3",
            List.of(FlashEncryptionScheme.XTS_AES_128),
            keyBlocks(6),
            true,
            true,
            "SPI_BOOT_CRYPT_CNT",
            7,
            List.of(
                    "DIS_DOWNLOAD_ICACHE",
                    "DIS_DIRECT_BOOT",
                    "DIS_USB_JTAG",
                    "DIS_PAD_JTAG",
                    "DIS_DOWNLOAD_MANUAL_ENCRYPT"),
            "DIS_ICACHE",
            "ENABLE_SECURITY_DOWNLOAD",
            List.of(1024, 2048, 3072),
            List.of()),
    ESP32C5(
            "esp32c5",
            List.of(FlashEncryptionScheme.XTS_AES_128),
            keyBlocks(6),
            false,
            true,
            "SPI_BOOT_CRYPT_CNT",
            7,
            List.of("DIS_DIRECT_BOOT", "DIS_USB_JTAG", "DIS_PAD_JTAG", "DIS_DOWNLOAD_MANUAL_ENCRYPT"),
            "DIS_ICACHE",
            "ENABLE_SECURITY_DOWNLOAD",
            List.of(1024, 2048, 3072, 4096),
            List.of(256, 384)),
    ESP32C6(
            "esp32c6",
            List.of(FlashEncryptionScheme.XTS_AES_128),
            keyBlocks(6),
            true,
            true,
            "SPI_BOOT_CRYPT_CNT",
            7,
            List.of(
                    "DIS_DOWNLOAD_ICACHE",
                    "DIS_DIRECT_BOOT",
                    "DIS_USB_JTAG",
                    "DIS_PAD_JTAG",
                    "DIS_DOWNLOAD_MANUAL_ENCRYPT"),
            "DIS_ICACHE",
            "ENABLE_SECURITY_DOWNLOAD",
            List.of(1024, 2048, 3072),
            List.of()),
    ESP32H2(
            "esp32h2",
            List.of(FlashEncryptionScheme.XTS_AES_128),
            keyBlocks(6),
            true,
            true,
            "SPI_BOOT_CRYPT_CNT",
            7,
            List.of("DIS_DIRECT_BOOT", "DIS_USB_JTAG", "DIS_PAD_JTAG", "DIS_DOWNLOAD_MANUAL_ENCRYPT"),
            "DIS_ICACHE",
            "ENABLE_SECURITY_DOWNLOAD",
            List.of(1024, 2048, 3072),
            List.of(256)),
    ESP32P4(
            "esp32p4",
            List.of(FlashEncryptionScheme.XTS_AES_128, FlashEncryptionScheme.XTS_AES_256),
            keyBlocks(6),
            false,
            true,
            "SPI_BOOT_CRYPT_CNT",
            7,
            List.of("DIS_DIRECT_BOOT", "DIS_USB_JTAG", "DIS_PAD_JTAG", "DIS_DOWNLOAD_MANUAL_ENCRYPT"),
            null,
            "ENABLE_SECURITY_DOWNLOAD",
            List.of(1024, 2048, 3072, 4096),
            List.of(256)),
    /** No HMAC or Digital Signature peripheral; an ECDSA peripheral (P-192, P-256). */
    ESP32C61(
            "esp32c61",
            List.of(FlashEncryptionScheme.XTS_AES_128),
            keyBlocks(6),
            false,
            false,
            "SPI_BOOT_CRYPT_CNT",
            7,
            List.of("DIS_DIRECT_BOOT", "DIS_USB_JTAG", "DIS_PAD_JTAG", "DIS_DOWNLOAD_MANUAL_ENCRYPT"),
            "DIS_ICACHE",
            "ENABLE_SECURITY_DOWNLOAD",
            List.of(),
            List.of(192, 256)),
    ESP32S31(
            "esp32s31",
            List.of(FlashEncryptionScheme.XTS_AES_128, FlashEncryptionScheme.XTS_AES_256),
            keyBlocks(6),
            false,
            true,
            "SPI_BOOT_CRYPT_CNT",
            7,
            List.of("DIS_DIRECT_BOOT", "DIS_USB_JTAG", "DIS_PAD_JTAG", "DIS_DOWNLOAD_MANUAL_ENCRYPT"),
            null,
            "ENABLE_SECURITY_DOWNLOAD",
            List.of(1024, 2048, 3072, 4096),
            List.of(256, 384));

    private final String id;
    private final List<FlashEncryptionScheme> schemes;
    private final List<String> keyBlocks;
    private final boolean lastBlockRefusesXts;
    private final boolean hasHmac;
    private final String cryptCounter;
    private final int cryptCounterReleaseValue;
    private final List<String> securityEfuses;
    private final String writeProtectField;
    private final String downloadModeLock;
    private final List<Integer> rsaDsBits;
    private final List<Integer> ecdsaBits;

    Chip(
            String id,
            List<FlashEncryptionScheme> schemes,
            List<String> keyBlocks,
            boolean lastBlockRefusesXts,
            boolean hasHmac,
            String cryptCounter,
            int cryptCounterReleaseValue,
            List<String> securityEfuses,
            String writeProtectField,
            String downloadModeLock,
            List<Integer> rsaDsBits,
            List<Integer> ecdsaBits) {
        this.id = id;
        this.schemes = schemes;
        this.keyBlocks = keyBlocks;
        this.lastBlockRefusesXts = lastBlockRefusesXts;
        this.hasHmac = hasHmac;
        this.cryptCounter = cryptCounter;
        this.cryptCounterReleaseValue = cryptCounterReleaseValue;
        this.securityEfuses = securityEfuses;
        this.writeProtectField = writeProtectField;
        this.downloadModeLock = downloadModeLock;
        this.rsaDsBits = rsaDsBits;
        this.ecdsaBits = ecdsaBits;
    }

    private static List<String> keyBlocks(int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> "BLOCK_KEY" + i)
                .toList();
    }

    /** The chip by espefuse's {@code --chip} name ({@code esp32s3}; case and a hyphen, {@code ESP32-S3}, are forgiven). */
    public static Chip fromId(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("-", "");
        for (Chip c : values()) {
            if (c.id.equals(n)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown chip '" + name + "'; known: "
                + Arrays.stream(values()).map(Chip::id).collect(Collectors.joining(", ")));
    }

    /**
     * The chip called {@code id} exactly ({@code esp32s3}), as configure_esp_secure_cert.py's
     * {@code --target_chip} takes it; {@link #fromId} forgives case and hyphens.
     *
     * @throws NvsInputException naming the chips there are
     */
    public static Chip of(String id) {
        String s = id.toLowerCase(Locale.ROOT);
        for (Chip c : values()) {
            if (c.id.equals(s)) {
                return c;
            }
        }
        throw new NvsInputException("unknown target chip '" + id + "' (one of "
                + Arrays.stream(values()).map(Chip::id).collect(Collectors.joining(", ")) + ")");
    }

    /** espefuse's and esptool's {@code --chip} name: {@code esp32s3}. */
    public String id() {
        return id;
    }

    /** The schemes the hardware has, the default first. */
    public List<FlashEncryptionScheme> schemes() {
        return schemes;
    }

    /** The scheme a new key gets unless another is asked for: XTS-AES-128 on every chip after the ESP32. */
    public FlashEncryptionScheme defaultScheme() {
        return schemes.get(0);
    }

    public boolean supports(FlashEncryptionScheme scheme) {
        return schemes.contains(scheme);
    }

    /** The key blocks espefuse burns keys to, in order ({@code BLOCK_KEY0} … or ESP32's {@code BLOCK1} …). */
    public List<String> keyBlocks() {
        return keyBlocks;
    }

    /**
     * True on chips whose last key block cannot hold an XTS key (espefuse refuses it: the
     * {@code SOC_EFUSE_BLOCK9_KEY_PURPOSE_QUIRK} of ESP32-S3, -C3, -C6, -H2).
     */
    public boolean lastBlockRefusesXts() {
        return lastBlockRefusesXts;
    }

    /** True if the chip has the HMAC peripheral ({@link KeyPurpose#HMAC_UP} keys for NVS encryption). */
    public boolean hasHmac() {
        return hasHmac;
    }

    /** True if the chip has the Digital Signature peripheral ({@link KeyPurpose#HMAC_DOWN_DIGITAL_SIGNATURE}). */
    public boolean hasDigitalSignature() {
        return !rsaDsBits.isEmpty();
    }

    /** The eFuse counting flash-encryption enables: {@code FLASH_CRYPT_CNT} (ESP32) or {@code SPI_BOOT_CRYPT_CNT}. */
    public String cryptCounter() {
        return cryptCounter;
    }

    /** The value the release-mode workflow burns into {@link #cryptCounter()}: every bit (127, or 7). */
    public int cryptCounterReleaseValue() {
        return cryptCounterReleaseValue;
    }

    /** The security eFuses the release-mode workflow burns to 1 (download-mode encryption, caches, JTAG…). */
    public List<String> securityEfuses() {
        return securityEfuses;
    }

    /**
     * The field whose write protection also write-protects the security eFuses ({@code MAC} on ESP32,
     * {@code DIS_ICACHE} after), or null on chips that have no such field (ESP32-C2, -P4).
     */
    public String writeProtectField() {
        return writeProtectField;
    }

    /**
     * The eFuse that closes the ROM download mode at the very end: {@code ENABLE_SECURITY_DOWNLOAD}, or on
     * ESP32 {@code UART_DOWNLOAD_DIS} (ESP32 v3.0 and later only). After it, espefuse cannot burn more.
     */
    public String downloadModeLock() {
        return downloadModeLock;
    }

    /** The key-file sizes espefuse accepts for a flash-encryption key of {@code scheme} on this chip. */
    public Set<Integer> keyFileSizes(FlashEncryptionScheme scheme) {
        if (!supports(scheme)) {
            return Set.of();
        }
        return switch (scheme) {
            case ESP32_AES256_KEY_TWEAK -> Set.of(32, 24);
            case XTS_AES_128 -> this == ESP32C2 ? Set.of(32, 16) : Set.of(32);
            case XTS_AES_256 -> Set.of(64);
        };
    }

    /** RSA key sizes the Digital Signature peripheral signs with; empty if the chip has none. */
    public List<Integer> rsaDsBits() {
        return rsaDsBits;
    }

    /** ECDSA key sizes the ECDSA peripheral takes from eFuse; empty if the chip has none. */
    public List<Integer> ecdsaBits() {
        return ecdsaBits;
    }

    /**
     * The Digital Signature peripheral's largest RSA size ({@code SOC_RSA_MAX_BIT_LEN}): DS data is always
     * padded to it, so the ciphertext C is {@code 3 × max/8 + 48} bytes (1584 for 4096, 1200 for 3072).
     *
     * @throws NvsInputException if the chip has no DS peripheral
     */
    public int dsMaxBits() {
        if (rsaDsBits.isEmpty()) {
            throw new NvsInputException(id + " has no DS (RSA digital signature) peripheral");
        }
        return rsaDsBits.get(rsaDsBits.size() - 1);
    }

    /** Bytes of the DS ciphertext C on this chip ({@code ESP_DS_C_LEN}). */
    public int dsCiphertextLength() {
        return dsMaxBits() / 8 * 3 + 48;
    }

    /**
     * Where the ROM loads the second-stage bootloader from: 0x1000 (ESP32, -S2), 0x2000 (ESP32-C5, -P4,
     * -S31: the first two sectors are kept for flash encryption), else 0 (esptool's
     * {@code BOOTLOADER_FLASH_OFFSET}).
     */
    public long bootloaderOffset() {
        return switch (this) {
            case ESP32, ESP32S2 -> 0x1000;
            case ESP32C5, ESP32P4, ESP32S31 -> 0x2000;
            default -> 0x0;
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
