package dev.nvsgen.crypto.internal;

import dev.nvsgen.nvs.EntryCipher;

/**
 * NVS entry encryption as ESP-IDF's {@code NVSEncryptedPartition} does it
 * ({@code components/nvs_flash/src/nvs_encrypted_partition.cpp}): each 32-byte entry is one XTS data
 * unit whose tweak is the entry's byte offset in the partition, a u32 in an otherwise zero 16-byte
 * little-endian tweak.
 */
public final class XtsEntryCipher implements EntryCipher {
    /** The runtime keeps the offset in a {@code uint32_t}. */
    private static final long MAX_OFFSET = 0xFFFF_FFFFL;

    private final XtsAes xts;

    public XtsEntryCipher(XtsAes xts) {
        this.xts = xts;
    }

    @Override
    public void encryptEntry(byte[] buf, int offset, long partitionOffset) {
        xts.encrypt(buf, offset, ENTRY_SIZE, checked(partitionOffset), 0);
    }

    @Override
    public void decryptEntry(byte[] buf, int offset, long partitionOffset) {
        xts.decrypt(buf, offset, ENTRY_SIZE, checked(partitionOffset), 0);
    }

    @Override
    public void encryptEntries(byte[] buf, int[] offsets, long[] partitionOffsets, int count) {
        checkedAll(partitionOffsets, count);
        xts.encryptUnits(buf, offsets, partitionOffsets, count, ENTRY_SIZE);
    }

    @Override
    public void decryptEntries(byte[] buf, int[] offsets, long[] partitionOffsets, int count) {
        checkedAll(partitionOffsets, count);
        xts.decryptUnits(buf, offsets, partitionOffsets, count, ENTRY_SIZE);
    }

    private static void checkedAll(long[] partitionOffsets, int count) {
        for (int i = 0; i < count; i++) {
            checked(partitionOffsets[i]);
        }
    }

    private static long checked(long partitionOffset) {
        if (partitionOffset < 0 || partitionOffset > MAX_OFFSET) {
            throw new IllegalArgumentException("entry offset " + partitionOffset + " is outside a 32-bit partition");
        }
        return partitionOffset;
    }

    @Override
    public String toString() {
        return "XtsEntryCipher[XTS-AES-256, keys redacted]";
    }
}
