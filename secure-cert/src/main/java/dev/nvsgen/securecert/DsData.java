package dev.nvsgen.securecert;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.flash.Chip;
import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.securecert.internal.DsCipher;
import java.math.BigInteger;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.List;
import java.util.Objects;

/**
 * The RSA key as the DS peripheral takes it: ESP-IDF's {@code esp_ds_data_t}
 * ({@code components/esp_hw_support/include/esp_ds.h}), which the DS_DATA TLV holds:
 *
 * <pre>
 * offset size                  field
 *      0    4                  rsa_length: RSA bits / 32 − 1 (int32 LE)
 *      4   16                  iv
 *     20   3·max/8 + 48        c: AES-256-CBC(key = HMAC-SHA256(eFuse key, 32 × 0xFF), iv) of
 *                              Y ‖ M ‖ Rb ‖ MD ‖ M′ ‖ L ‖ 8 × 0x08 (see {@link DsCipher})
 * </pre>
 *
 * The ciphertext is useless without the eFuse key, but {@code toString} shows only sizes anyway.
 */
public final class DsData {
    /** Bytes of the IV. */
    public static final int IV_LENGTH = 16;

    private static final int LENGTH_OFFSET = 0;
    private static final int IV_OFFSET = 4;
    private static final int C_OFFSET = IV_OFFSET + IV_LENGTH;

    private final int rsaBits;
    private final Bytes iv;
    private final Bytes c;

    private DsData(int rsaBits, Bytes iv, Bytes c) {
        this.rsaBits = rsaBits;
        this.iv = iv;
        this.c = c;
    }

    /**
     * Encrypts {@code key} for the DS peripheral of {@code chip} under the eFuse key {@code hmacKey}, with this
     * {@code iv} (16 bytes; draw a fresh random one per device).
     *
     * @throws NvsInputException if the chip has no DS peripheral or does not take keys of this size
     */
    public static DsData encrypt(RSAPrivateCrtKey key, HmacKey hmacKey, Chip chip, byte[] iv) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(hmacKey, "hmacKey");
        Objects.requireNonNull(chip, "chip");
        if (iv.length != IV_LENGTH) {
            throw new IllegalArgumentException("the DS IV is " + IV_LENGTH + " bytes, not " + iv.length);
        }
        int bits = key.getModulus().bitLength();
        checkSize(chip, bits);
        byte[] aesKey = DsCipher.aesKey(hmacKey);
        try {
            byte[] c = DsCipher.encrypt(key.getPrivateExponent(), key.getModulus(), bits, chip.dsMaxBits(), aesKey, iv);
            return new DsData(bits, Bytes.of(iv), Bytes.of(c));
        } finally {
            java.util.Arrays.fill(aesKey, (byte) 0);
        }
    }

    /** Refuses an RSA size the chip's DS peripheral does not take, naming the ones it does. */
    public static void checkSize(Chip chip, int bits) {
        if (!chip.hasDigitalSignature()) {
            throw new NvsInputException(chip.id() + " has no DS peripheral for RSA keys"
                    + " (esp32s2, esp32s3, esp32c3, esp32c6, esp32h2, esp32p4, esp32c5 have one)");
        }
        if (!chip.rsaDsBits().contains(bits)) {
            throw new NvsInputException("the DS peripheral of " + chip.id() + " takes RSA keys of " + chip.rsaDsBits()
                    + " bits, not " + bits);
        }
    }

    /**
     * The DS_DATA TLV's data read back.
     *
     * @throws SecureCertFormatException if it is too short for its header or its length field is not a DS size
     */
    public static DsData parse(Bytes data, long offset) {
        byte[] b = data.toByteArray();
        if (b.length < C_OFFSET) {
            throw new SecureCertFormatException(
                    String.format(
                            "DS_DATA at offset 0x%x holds %d bytes, fewer than its %d-byte header",
                            offset, b.length, C_OFFSET),
                    offset);
        }
        int param = Le.u32(b, LENGTH_OFFSET);
        if (param < 0 || param > 127) {
            throw new SecureCertFormatException(
                    String.format("DS_DATA at offset 0x%x: rsa_length %d is not an RSA size", offset, param), offset);
        }
        return new DsData(
                (param + 1) * 32, Bytes.of(b, IV_OFFSET, IV_LENGTH), Bytes.of(b, C_OFFSET, b.length - C_OFFSET));
    }

    /** The TLV data: rsa_length ‖ iv ‖ c. */
    public Bytes toBytes() {
        byte[] b = new byte[C_OFFSET + c.length()];
        Le.putU32(b, LENGTH_OFFSET, rsaLengthParameter());
        iv.copyTo(b, IV_OFFSET);
        c.copyTo(b, C_OFFSET);
        return Bytes.of(b);
    }

    public int rsaBits() {
        return rsaBits;
    }

    /** The {@code rsa_length} field: bits / 32 − 1. */
    public int rsaLengthParameter() {
        return rsaBits / 32 - 1;
    }

    public Bytes iv() {
        return iv;
    }

    public Bytes ciphertext() {
        return c;
    }

    /**
     * Decrypts C with {@code hmacKey} and checks it as the DS peripheral would: the MD digest, the padding,
     * M′ and L against M, and (when given) that M is {@code modulus}. Returns what is wrong, empty if nothing.
     */
    public List<String> check(HmacKey hmacKey, Chip chip, BigInteger modulus) {
        byte[] aesKey = DsCipher.aesKey(hmacKey);
        try {
            return DsCipher.check(c.toByteArray(), iv.toByteArray(), rsaBits, chip.dsMaxBits(), aesKey, modulus);
        } finally {
            java.util.Arrays.fill(aesKey, (byte) 0);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DsData d && d.rsaBits == rsaBits && d.iv.equals(iv) && d.c.equals(c);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rsaBits, iv, c);
    }

    @Override
    public String toString() {
        return "DsData[RSA-" + rsaBits + ", C " + c.length() + " bytes]";
    }
}
