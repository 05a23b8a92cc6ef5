package dev.nvsgen.cli;

import java.util.List;

/**
 * Every field of a batch manifest, with what it means: the MANIFEST section of nvsgen-batch(1) and the
 * table in README.md are both this list (a test checks that README's table is, and that the manifest
 * reader accepts no field that is missing here).
 */
final class ManifestReference {
    private ManifestReference() {}

    /** A field by its path ({@code credentials.ca.key}); {@code NAMESPACE} and {@code KEY} stand for names. */
    record Field(String path, String meaning) {}

    static final List<Field> FIELDS = List.of(
            new Field("partition", "the NVS partition; optional with a preset"),
            new Field("partition.size", "its size in bytes (0x6000, 24K); a whole number of 4096-byte pages"),
            new Field(
                    "partition.table",
                    "instead of size: a partition table (CSV or binary) whose NVS partition sets it"),
            new Field("partition.name", "with table: which data,nvs partition (default: the first)"),
            new Field("partition.version", "NVS format version, 1 or 2 (default 2)"),
            new Field("partition.encryption", "none (default); per-device, short for keys: per-device; or fields"),
            new Field(
                    "partition.encryption.keys",
                    "an nvs_keys partition file shared by all, or per-device (keys/SERIAL.bin)"),
            new Field(
                    "partition.encryption.hmac-key",
                    "an HMAC key file (keys derived per device), or per-device (keys/SERIAL-hmac-key.bin)"),
            new Field("devices", "the devices: csv or range"),
            new Field("devices.csv", "a CSV file: a header row, then one row per device; its columns fill ${column}"),
            new Field("devices.serial-column", "with csv: the column naming each device (default: serial)"),
            new Field("devices.range", "instead of csv: serials from a range"),
            new Field("devices.range.prefix", "text before the number (SN-)"),
            new Field("devices.range.from", "the first number"),
            new Field("devices.range.to", "the last number"),
            new Field("devices.range.digits", "zero-padded to this many digits (default: none)"),
            new Field("credentials", "issue a key pair and certificate per device"),
            new Field("credentials.ca", "the issuing CA: certificate and key, a PKCS#11 token's key, or a keystore"),
            new Field(
                    "credentials.ca.certificate",
                    "the CA certificate (PEM or DER), optionally followed by the ones above it"),
            new Field(
                    "credentials.ca.key",
                    "its key file (PEM or DER; PKCS#8, SEC1 or PKCS#1), or a pkcs11: URI (RFC 7512)"),
            new Field("credentials.ca.passphrase-env", "an encrypted key's passphrase from this environment variable"),
            new Field("credentials.ca.passphrase-file", "or from the first line of this file (else a prompt)"),
            new Field("credentials.ca.pkcs11-library", "a pkcs11: key's PKCS#11 library (or the URI's module-path)"),
            new Field("credentials.ca.pin-env", "the token's PIN from this environment variable (else a prompt)"),
            new Field("credentials.ca.keystore", "instead of certificate and key: a PKCS#12 store with key and chain"),
            new Field("credentials.ca.alias", "the store's key to use (optional when it holds one)"),
            new Field(
                    "credentials.ca.password-env",
                    "the store's password from this environment variable (else a prompt)"),
            new Field("credentials.key-type", "ec-p256 (default), ec-p384 or rsa-2048"),
            new Field("credentials.csr", "instead of key-type: sign each device's request (csrs/${serial}.csr)"),
            new Field("credentials.subject", "the certificates' subject (default CN=${serial})"),
            new Field(
                    "credentials.validity-days",
                    "certificates valid this many days from not-before; at most until the CA expires"),
            new Field(
                    "credentials.not-before",
                    "-1h, -30m, -2d back from the run's start, or a date or UTC time (default: now)"),
            new Field(
                    "credentials.not-after",
                    "instead of validity-days: a date or UTC time (default: when the CA expires)"),
            new Field("credentials.subject-alt-names", "a list: URI:, DNS:, IP:, email:, templated"),
            new Field(
                    "credentials.key-usage",
                    "a list: exactly these key usages (digital-signature, key-agreement, ...)"),
            new Field("credentials.extended-key-usage", "a list: exactly these, names (client-auth, default) or OIDs"),
            new Field(
                    "preset",
                    "a ready layout: esp-secure-cert (esp_secure_cert_mgr's NVS layout; esp_secure_cert is read"
                            + " too), device-cert (the plain one, namespace certs) or matter (Matter factory data,"
                            + " namespace chip-factory)"),
            new Field("namespaces", "the NVS namespaces, each a map of keys to entries (added to a preset's)"),
            new Field(
                    "namespaces.NAMESPACE.KEY.type",
                    "u8, i8, u16, i16, u32, i32, u64, i64, float, double, string," + " hex2bin, base64, binary"),
            new Field("namespaces.NAMESPACE.KEY.value", "the value as text, templated (${serial}, ${column})"),
            new Field("namespaces.NAMESPACE.KEY.file", "instead of value: a file's contents (type optional: binary)"),
            new Field(
                    "namespaces.NAMESPACE.KEY.credential",
                    "instead of type: certificate, private-key, ca-certificate," + " ca-chain or certificate-chain"),
            new Field("namespaces.NAMESPACE.KEY.format", "with credential: der or pem"),
            new Field(
                    "secure-cert",
                    "with preset esp-secure-cert: the esp_secure_cert partition (default: TLV, plaintext key)"),
            new Field("secure-cert.format", "tlv (default, what esp_secure_cert_mgr reads), or legacy cust_flash, nvs"),
            new Field("secure-cert.chip", "the target chip (default esp32c3): DS key sizes and eFuse blocks"),
            new Field("secure-cert.key", "plaintext (default), rsa-ds (DS peripheral data) or ecdsa-peripheral"),
            new Field("secure-cert.efuse-key-id", "the eFuse key block of the DS HMAC or ECDSA key, 0-5 (default 1)"),
            new Field("secure-cert.hmac-key", "with rsa-ds: per-device (default, owner-only files) or a key file"),
            new Field(
                    "matter",
                    "with preset matter: the product; the CA is its PAI, credentials.subject and usages are"
                            + " Matter's; device columns passcode, discriminator, salt, rd-id-uid (else random)"),
            new Field("matter.vendor-id", "the vendor ID, 0x0001-0xFFFE (test vendors 0xFFF1-0xFFF4)"),
            new Field("matter.product-id", "the product ID, 0x0001-0xFFFF"),
            new Field("matter.vendor-name", "vendor-name, up to 32 characters (default: none)"),
            new Field("matter.product-name", "product-name, up to 32 characters (default: none)"),
            new Field("matter.hardware-version", "hardware-ver, 0-65535 (default: none)"),
            new Field("matter.hardware-version-string", "hw-ver-str, up to 64 characters (default: none)"),
            new Field("matter.certification-declaration", "the CD file (DER, CMS-signed), stored as cert-dclrn"),
            new Field("matter.iteration-count", "SPAKE2+ PBKDF2 iterations, 1000-100000 (default 10000)"),
            new Field("matter.rotating-device-id", "true: a rotating device ID unique ID per device (default false)"),
            new Field("matter.commissioning-flow", "standard (default), user-intent or custom: in the codes"),
            new Field("matter.discovery", "a list: soft-ap, ble (default), on-network: in the QR code"),
            new Field("matter.common-name", "the DAC subject's CN, templated (default ${serial})"),
            new Field(
                    "matter.dac-key",
                    "nvs (default: DAC, key, PAI in chip-factory) or esp_secure_cert (a TLV image beside it)"),
            new Field("flash-encryption", "pre-encrypt the partitions the table flags encrypted, per device"),
            new Field("flash-encryption.chip", "the chip: decides scheme, key size and eFuse blocks"),
            new Field("flash-encryption.key", "per-device (generated, owner-only) or one key file"),
            new Field("flash-encryption.flash-crypt-conf", "esp32 only: the FLASH_CRYPT_CONFIG value (default 0xF)"),
            new Field("flash-encryption.reserve-blocks", "eFuse key blocks the eFuse scripts must not use"),
            new Field("flash-encryption.firmware", "the firmware's binaries, encrypted at their offsets too"),
            new Field("flash-encryption.firmware.bootloader", "the bootloader binary"),
            new Field("flash-encryption.firmware.partition-table", "the partition table binary (default: made)"),
            new Field("flash-encryption.firmware.app", "the app binary"),
            new Field("flash-encryption.firmware.otadata", "the otadata binary"),
            new Field("flash-encryption.output", "files (default, with flash_args) or merged (one image)"),
            new Field("output", "where the run writes"),
            new Field("output.dir", "the output folder, relative to the manifest, when no --outdir is given"));

    /** README's table. */
    static String markdown() {
        StringBuilder s = new StringBuilder("| field | meaning |\n|---|---|\n");
        for (Field f : FIELDS) {
            s.append("| `").append(f.path()).append("` | ").append(f.meaning()).append(" |\n");
        }
        return s.toString();
    }
}
