package dev.nvsgen.securecert;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.flash.Chip;
import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.csv.ValueEncoding;
import dev.nvsgen.nvs.util.Crc32;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes one device's esp_secure_cert partition, byte for byte as configure_esp_secure_cert.py (tool 2.6.1)
 * does, without a device: DS data is computed on the host from the HMAC key.
 *
 * <p>A pure function of the request and {@code random}, which supplies only what the tool takes from
 * {@code os.urandom}, in the tool's order: per RSA DS key, a 32-byte HMAC key if none was given, then the
 * 16-byte IV. Safe to call from many threads with one request each.
 */
public final class SecureCertGenerator {
    /** Namespace of the legacy NVS layout. */
    public static final String NVS_NAMESPACE = "esp_secure_cert";

    private static final int SEC_CFG_SIZE = 40;
    /** eFuse block number = key id + this ({@code ESP_EFUSE_BLK_KEY0}). */
    private static final int EFUSE_BLOCK_KEY0 = 4;

    private SecureCertGenerator() {}

    /**
     * The partition for {@code request}.
     *
     * @throws NvsInputException if the TLVs do not fit the partition, or an item does not fit its layout
     */
    public static SecureCertImage generate(SecureCertRequest request, SecureRandom random) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(random, "random");
        return switch (request.layout()) {
            case CUST_FLASH_TLV -> tlv(request, random);
            case CUST_FLASH -> custFlash(request, random);
            case NVS -> nvs(request, random);
        };
    }

    private static SecureCertImage tlv(SecureCertRequest request, SecureRandom random) {
        TlvPartition.Builder b = TlvPartition.builder();
        List<EfuseKeyBurn> burns = new ArrayList<>();
        // The tool writes the peripheral TLVs of every protected key first, then the entries in order.
        for (SecureCertItem item : request.items()) {
            if (item instanceof SecureCertItem.PrivateKey k) {
                if (k.protection() == KeyProtection.RSA_DS) {
                    Ds ds = ds(k, request.chip(), random);
                    burns.add(ds.burn);
                    b.add(TlvEntry.of(TlvType.DS_DATA, k.subtype(), ds.data.toBytes()));
                    b.add(TlvEntry.of(
                            TlvType.DS_CONTEXT,
                            k.subtype(),
                            new DsContext(k.efuseKeyId(), ds.data.rsaBits()).toBytes()));
                } else if (k.protection() == KeyProtection.ECDSA_PERIPHERAL) {
                    byte[] cfg = new byte[SEC_CFG_SIZE];
                    cfg[0] = (byte) (k.efuseKeyId() + EFUSE_BLOCK_KEY0);
                    b.add(TlvEntry.of(TlvType.SEC_CFG, k.subtype(), Bytes.of(cfg)));
                    byte[] scalar = k.file().exportEcdsaScalar();
                    try {
                        burns.add(EfuseKeyBurn.ecdsa(k.efuseKeyId(), k.file().bits(), scalar));
                    } finally {
                        Arrays.fill(scalar, (byte) 0);
                    }
                }
            }
        }
        for (SecureCertItem item : request.items()) {
            if (item instanceof SecureCertItem.Certificate c) {
                b.add(TlvEntry.of(c.type(), c.subtype(), c.file().stored()));
            } else if (item instanceof SecureCertItem.PrivateKey k) {
                if (k.protection() != KeyProtection.RSA_DS) {
                    byte[] stored = k.file().exportStored();
                    try {
                        TlvFlags flags = k.protection() == KeyProtection.ECDSA_PERIPHERAL
                                ? TlvFlags.ECDSA_PERIPHERAL
                                : TlvFlags.NONE;
                        b.add(TlvEntry.of(TlvType.PRIV_KEY, k.subtype(), flags, Bytes.of(stored)));
                    } finally {
                        Arrays.fill(stored, (byte) 0);
                    }
                }
            } else if (item instanceof SecureCertItem.Data d) {
                b.add(TlvEntry.of(d.type(), d.subtype(), d.data()));
            }
        }
        TlvPartition partition = b.buildWithIntegrity();
        if (partition.length() > request.partitionSize()) {
            throw new NvsInputException(String.format(
                    "the TLVs take %d bytes but the esp_secure_cert partition holds %d (0x%x)",
                    partition.length(), request.partitionSize(), request.partitionSize()));
        }
        return new SecureCertImage(SecureCertLayout.CUST_FLASH_TLV, partition.toBytes(), Optional.of(partition), burns);
    }

    private record Ds(DsData data, EfuseKeyBurn burn) {}

    private static Ds ds(SecureCertItem.PrivateKey k, Chip chip, SecureRandom random) {
        boolean generated = k.hmacKey().isEmpty();
        HmacKey hmac = k.hmacKey().orElseGet(() -> HmacKey.generate(random));
        byte[] iv = new byte[DsData.IV_LENGTH];
        random.nextBytes(iv);
        DsData data = DsData.encrypt((RSAPrivateCrtKey) k.file().exportPrivateKey(), hmac, chip, iv);
        return new Ds(data, EfuseKeyBurn.hmac(k.efuseKeyId(), hmac, generated));
    }

    private static SecureCertImage custFlash(SecureCertRequest request, SecureRandom random) {
        byte[] p = new byte[CustFlashMetadata.PARTITION_SIZE];
        Arrays.fill(p, (byte) 0xFF);
        Bytes dev = request.item(TlvType.DEV_CERT) instanceof SecureCertItem.Certificate c
                ? c.file().stored()
                : Bytes.EMPTY;
        CustFlashMetadata.Region devRegion =
                place(p, dev, CustFlashMetadata.DEV_CERT_OFFSET, CustFlashMetadata.DEV_CERT_SIZE, "device certificate");
        CustFlashMetadata.Region caRegion;
        if (request.item(TlvType.CA_CERT) instanceof SecureCertItem.Certificate c) {
            caRegion = place(
                    p,
                    c.file().stored(),
                    CustFlashMetadata.CA_CERT_OFFSET,
                    CustFlashMetadata.CA_CERT_SIZE,
                    "CA certificate");
        } else {
            // The tool marks a missing CA certificate with one zero byte (and zero CRC and length).
            p[CustFlashMetadata.CA_CERT_OFFSET] = 0;
            caRegion = new CustFlashMetadata.Region(0, 0);
        }
        SecureCertItem.PrivateKey k = (SecureCertItem.PrivateKey) request.item(TlvType.PRIV_KEY);
        List<EfuseKeyBurn> burns = new ArrayList<>();
        CustFlashMetadata meta;
        if (k.protection() == KeyProtection.RSA_DS) {
            Ds ds = ds(k, request.chip(), random);
            burns.add(ds.burn);
            CustFlashMetadata.Region c = place(
                    p,
                    ds.data.ciphertext(),
                    CustFlashMetadata.KEY_OFFSET,
                    request.chip().dsCiphertextLength() + 16,
                    "DS ciphertext");
            CustFlashMetadata.Region iv = place(p, ds.data.iv(), CustFlashMetadata.ivOffset(request.chip()), 32, "IV");
            meta = new CustFlashMetadata(devRegion, caRegion, c, iv, ds.data.rsaBits(), k.efuseKeyId(), true);
        } else {
            byte[] stored = k.file().exportStored();
            try {
                CustFlashMetadata.Region key = place(
                        p, Bytes.of(stored), CustFlashMetadata.KEY_OFFSET, CustFlashMetadata.KEY_SIZE, "private key");
                meta = new CustFlashMetadata(devRegion, caRegion, key, null, 0, -1, false);
            } finally {
                Arrays.fill(stored, (byte) 0);
            }
        }
        meta.writeTo(p);
        return new SecureCertImage(SecureCertLayout.CUST_FLASH, p, Optional.empty(), burns);
    }

    private static CustFlashMetadata.Region place(byte[] p, Bytes data, int offset, int room, String what) {
        if (data.length() > room) {
            throw new NvsInputException(
                    "the " + what + " is " + data.length() + " bytes; the cust_flash layout" + " has room for " + room);
        }
        byte[] d = data.toByteArray();
        System.arraycopy(d, 0, p, offset, d.length);
        return new CustFlashMetadata.Region(Crc32.compute(d), d.length);
    }

    private static SecureCertImage nvs(SecureCertRequest request, SecureRandom random) {
        NvsPartition.Builder b = NvsPartition.builder(FormatVersion.V2).namespace(NVS_NAMESPACE);
        SecureCertItem.PrivateKey k = (SecureCertItem.PrivateKey) request.item(TlvType.PRIV_KEY);
        List<EfuseKeyBurn> burns = new ArrayList<>();
        // The entries in the order of the CSV the tool hands nvs_partition_gen.
        if (request.item(TlvType.CA_CERT) instanceof SecureCertItem.Certificate ca) {
            b.put("ca_cert", text(ca.file().original().toByteArray(), "CA certificate"));
        }
        SecureCertItem.Certificate dev = (SecureCertItem.Certificate) request.item(TlvType.DEV_CERT);
        if (k.protection() == KeyProtection.RSA_DS) {
            Ds ds = ds(k, request.chip(), random);
            burns.add(ds.burn);
            b.put("cipher_c", NvsValue.blob(ds.data.ciphertext()));
            b.put("dev_cert", text(dev.file().original().toByteArray(), "device certificate"));
            b.put("rsa_len", NvsValue.u16(ds.data.rsaBits()));
            b.put("ds_key_id", NvsValue.u8(k.efuseKeyId()));
            b.put("iv", NvsValue.blob(ds.data.iv()));
        } else {
            b.put("dev_cert", text(dev.file().original().toByteArray(), "device certificate"));
            byte[] key = k.file().exportOriginal();
            try {
                b.put("priv_key", text(key, "private key"));
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        byte[] image = b.build().toImage(PartitionSize.parse("0x3000"));
        return new SecureCertImage(SecureCertLayout.NVS, image, Optional.empty(), burns);
    }

    /** A file's text as an NVS string, as nvs_partition_gen's {@code file,string} rows read it. */
    private static NvsValue text(byte[] content, String what) {
        try {
            return ValueEncoding.named("string").fromFile(content);
        } catch (IllegalArgumentException e) {
            throw new NvsInputException("the " + what + " cannot be an NVS string: " + e.getMessage());
        }
    }
}
