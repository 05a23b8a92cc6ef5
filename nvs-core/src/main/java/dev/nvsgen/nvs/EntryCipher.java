package dev.nvsgen.nvs;

/**
 * Encrypts or decrypts NVS entries in place. NVS encryption works on each 32-byte entry on its own,
 * with the entry's byte offset in the partition as the tweak; nvs-crypto provides the XTS-AES
 * implementation. Implementations must be safe to use from many threads.
 */
public interface EntryCipher {
    /** Encrypts the 32 bytes at {@code buf[offset]}, an entry at {@code partitionOffset} in the partition. */
    void encryptEntry(byte[] buf, int offset, long partitionOffset);

    /** Decrypts the 32 bytes at {@code buf[offset]}, an entry at {@code partitionOffset} in the partition. */
    void decryptEntry(byte[] buf, int offset, long partitionOffset);
}
