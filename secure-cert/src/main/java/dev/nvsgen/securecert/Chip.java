package dev.nvsgen.securecert;

import dev.nvsgen.nvs.NvsInputException;
import java.util.List;
import java.util.Locale;

/**
 * The targets configure_esp_secure_cert.py knows, with what their signing peripherals take
 * ({@code tools/esp_secure_cert/configure_ds.py}: {@code supported_key_size_rsa}, {@code supported_key_size_ecdsa};
 * ESP-IDF's {@code SOC_RSA_MAX_BIT_LEN}).
 */
public enum Chip {
    ESP32("esp32", List.of(), List.of()),
    ESP32S2("esp32s2", List.of(1024, 2048, 3072, 4096), List.of()),
    ESP32C3("esp32c3", List.of(1024, 2048, 3072), List.of()),
    ESP32S3("esp32s3", List.of(1024, 2048, 3072, 4096), List.of()),
    ESP32C6("esp32c6", List.of(1024, 2048, 3072), List.of()),
    ESP32H2("esp32h2", List.of(1024, 2048, 3072), List.of(256)),
    ESP32P4("esp32p4", List.of(1024, 2048, 3072, 4096), List.of(256)),
    ESP32C5("esp32c5", List.of(1024, 2048, 3072, 4096), List.of(256, 384)),
    ESP32C61("esp32c61", List.of(), List.of(192, 256)),
    ESP32S31("esp32s31", List.of(1024, 2048, 3072, 4096), List.of(256, 384));

    private final String id;
    private final List<Integer> rsaDsBits;
    private final List<Integer> ecdsaBits;

    Chip(String id, List<Integer> rsaDsBits, List<Integer> ecdsaBits) {
        this.id = id;
        this.rsaDsBits = rsaDsBits;
        this.ecdsaBits = ecdsaBits;
    }

    /** The name ESP-IDF and the tools use ({@code esp32s3}). */
    public String id() {
        return id;
    }

    /** RSA key sizes the DS peripheral signs with; empty if the chip has none. */
    public List<Integer> rsaDsBits() {
        return rsaDsBits;
    }

    /** ECDSA key sizes the ECDSA peripheral takes from eFuse; empty if the chip has none. */
    public List<Integer> ecdsaBits() {
        return ecdsaBits;
    }

    public boolean hasDsPeripheral() {
        return !rsaDsBits.isEmpty();
    }

    /**
     * The DS peripheral's largest RSA size ({@code SOC_RSA_MAX_BIT_LEN}): DS data is always padded to it, so
     * the ciphertext C is {@code 3 × max/8 + 48} bytes (1584 for 4096, 1200 for 3072).
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
     * The chip called {@code id}.
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
        StringBuilder known = new StringBuilder();
        for (Chip c : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(c.id);
        }
        throw new NvsInputException("unknown target chip '" + id + "' (one of " + known + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
