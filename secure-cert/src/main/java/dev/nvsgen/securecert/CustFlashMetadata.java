package dev.nvsgen.securecert;

import dev.nvsgen.crypto.flash.Chip;
import java.util.Objects;

/**
 * The metadata block at offset 0 of the legacy cust_flash layout: {@code esp_secure_cert_metadata} in
 * esp_secure_cert_mgr's {@code private_include/esp_secure_cert_config.h}, as the 32-bit device lays it out
 * (each u32 aligned, so every u16 length is followed by 2 padding bytes). Regions and sizes there:
 * metadata 64 bytes at 0, device certificate 2048 at 64, CA certificate 4096 at 2112, then the private key
 * (4096) or, with {@code CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL}, the DS ciphertext ({@code ESP_DS_C_LEN} + 16)
 * and IV (16 + 16). Unused bytes are 0xFF, the rest of the 64-byte metadata block 0.
 *
 * <pre>
 * offset  without DS                 with DS
 *      0  u32 dev_cert_crc            u32 dev_cert_crc
 *      4  u16 dev_cert_len (+2 pad)   u16 dev_cert_len (+2 pad)
 *      8  u32 ca_cert_crc             u32 ca_cert_crc
 *     12  u16 ca_cert_len (+2 pad)    u16 ca_cert_len (+2 pad)
 *     16  u32 priv_key_crc            u32 ciphertext_crc
 *     20  u16 priv_key_len (+2 pad)   u16 ciphertext_len (+2 pad)
 *     24  u32 magic 0x12345678        u32 iv_crc
 *     28                              u16 iv_len, u16 rsa_length (bits)
 *     32                              u8 efuse_key_id (+3 pad)
 *     36                              u32 magic 0x12345678
 * </pre>
 *
 * The CRCs are ROM crc32_le seeded 0xFFFFFFFF over each item's stored bytes (PEM with its NUL).
 */
public record CustFlashMetadata(
        Region devCert, Region caCert, Region key, Region iv, int rsaBits, int efuseKeyId, boolean ds) {
    /** The partition's size (0x6000). */
    public static final int PARTITION_SIZE = 0x6000;
    /** The metadata's magic word. */
    public static final int MAGIC = 0x12345678;

    public static final int METADATA_SIZE = 64;
    public static final int DEV_CERT_OFFSET = 64;
    public static final int DEV_CERT_SIZE = 2048;
    public static final int CA_CERT_OFFSET = DEV_CERT_OFFSET + DEV_CERT_SIZE;
    public static final int CA_CERT_SIZE = 4096;
    /** The private key, or with DS the ciphertext. */
    public static final int KEY_OFFSET = CA_CERT_OFFSET + CA_CERT_SIZE;

    public static final int KEY_SIZE = 4096;

    private static final int MAGIC_OFFSET_PLAIN = 24;
    private static final int MAGIC_OFFSET_DS = 36;
    private static final int RSA_BITS_OFFSET = 30;
    private static final int KEY_ID_OFFSET = 32;

    /** CRC and length of one item. */
    public record Region(int crc, int length) {}

    public CustFlashMetadata {
        Objects.requireNonNull(devCert, "devCert");
        Objects.requireNonNull(caCert, "caCert");
        Objects.requireNonNull(key, "key");
    }

    /** Where the DS IV lies on {@code chip}: after the ciphertext region of {@code ESP_DS_C_LEN} + 16 bytes. */
    public static int ivOffset(Chip chip) {
        return KEY_OFFSET + chip.dsCiphertextLength() + 16;
    }

    /** Writes the 64-byte metadata block at offset 0 of {@code partition}. */
    public void writeTo(byte[] partition) {
        java.util.Arrays.fill(partition, 0, METADATA_SIZE, (byte) 0);
        put(partition, 0, devCert);
        put(partition, 8, caCert);
        put(partition, 16, key);
        if (ds) {
            put(partition, 24, iv);
            Le.putU16(partition, RSA_BITS_OFFSET, rsaBits);
            partition[KEY_ID_OFFSET] = (byte) efuseKeyId;
            Le.putU32(partition, MAGIC_OFFSET_DS, MAGIC);
        } else {
            Le.putU32(partition, MAGIC_OFFSET_PLAIN, MAGIC);
        }
    }

    /**
     * The metadata at offset 0, told apart by where its magic is.
     *
     * @throws SecureCertFormatException if the magic is at neither place
     */
    public static CustFlashMetadata parse(byte[] partition) {
        if (partition.length >= METADATA_SIZE && Le.u32(partition, MAGIC_OFFSET_PLAIN) == MAGIC) {
            return new CustFlashMetadata(
                    region(partition, 0), region(partition, 8), region(partition, 16), null, 0, -1, false);
        }
        if (partition.length >= METADATA_SIZE && Le.u32(partition, MAGIC_OFFSET_DS) == MAGIC) {
            return new CustFlashMetadata(
                    region(partition, 0),
                    region(partition, 8),
                    region(partition, 16),
                    region(partition, 24),
                    Le.u16(partition, RSA_BITS_OFFSET),
                    partition[KEY_ID_OFFSET] & 0xFF,
                    true);
        }
        throw new SecureCertFormatException(
                String.format(
                        "no cust_flash metadata magic 0x%08x at offset 0x%x or 0x%x",
                        MAGIC, MAGIC_OFFSET_PLAIN, MAGIC_OFFSET_DS),
                MAGIC_OFFSET_PLAIN);
    }

    private static void put(byte[] b, int off, Region r) {
        Le.putU32(b, off, r.crc());
        Le.putU16(b, off + 4, r.length());
    }

    private static Region region(byte[] b, int off) {
        return new Region(Le.u32(b, off), Le.u16(b, off + 4));
    }
}
