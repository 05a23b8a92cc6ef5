package dev.nvsgen.securecert;

/** What esp_secure_cert_mgr's {@code esp_secure_cert_verify_partition_integrity} makes of a partition. */
public enum Integrity {
    /** The last INTEGRITY TLV holds the SHA-256 of every byte before it. */
    OK,
    /** There is no INTEGRITY TLV whose CRC holds: the device treats the partition as one without it. */
    ABSENT,
    /** The INTEGRITY TLV's hash does not match, or its length is not 32. */
    FAILED
}
