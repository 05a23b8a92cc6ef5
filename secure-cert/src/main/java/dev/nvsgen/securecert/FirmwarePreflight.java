package dev.nvsgen.securecert;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Whether firmware built with a given {@link Sdkconfig} reads what nvsgen is about to write: pure functions
 * from the configuration and what is written to {@link Finding}s. A finding says what the firmware cannot read,
 * which option decides it and how the firmware would change; what to write instead is a {@link Remedy}, which
 * the caller words in its own terms (a command's flags, a manifest's fields). The image itself is judged by
 * {@link SecureCertVerifier}.
 */
public final class FirmwarePreflight {
    static final String LEGACY = "CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS";
    static final String DS = "CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL";
    static final String ECDSA_SIGN = "CONFIG_MBEDTLS_HARDWARE_ECDSA_SIGN";
    static final String NVS_ENCRYPTION = "CONFIG_NVS_ENCRYPTION";
    static final String NVS_SCHEME_HMAC = "CONFIG_NVS_SEC_KEY_PROTECT_USING_HMAC";
    static final String NVS_SCHEME_FLASH_ENC = "CONFIG_NVS_SEC_KEY_PROTECT_USING_FLASH_ENC";
    static final String PEM_PARSE = "CONFIG_MBEDTLS_PEM_PARSE_C";

    /** The partition {@code nvs_flash_init} opens (NVS_DEFAULT_PART_NAME), the one CONFIG_NVS_ENCRYPTION decides. */
    public static final String DEFAULT_NVS_PARTITION = "nvs";

    private FirmwarePreflight() {}

    /** What to write instead, for the caller to word as its own options or fields. */
    public enum Remedy {
        /** Write the TLV layout. */
        TLV_LAYOUT,
        /** Store every TLV at subtype 0. */
        SUBTYPE_0,
        /** Write the key in plaintext (a PRIV_KEY TLV). */
        PLAINTEXT_KEY,
        /** Write the key as RSA DS peripheral data. */
        DS_KEY,
        /** Write a plain NVS image. */
        PLAIN_NVS,
        /** Write an encrypted NVS image. */
        ENCRYPTED_NVS,
        /** Derive the NVS keys from an HMAC key (the HMAC scheme). */
        HMAC_SCHEME,
        /** Write the NVS keys to an nvs_keys partition (the flash-encryption scheme). */
        KEYS_PARTITION,
        /** Store the PEM text with its trailing NUL (as a string), or as DER. */
        PEM_WITH_NUL,
        /** Store certificates and keys as DER. */
        DER,
        /** Use the firmware's partition table, or make the table say what the firmware's does. */
        PARTITION_TABLE
    }

    /**
     * One thing the firmware will not read: {@code problem} (what is written and why the firmware fails on it),
     * {@code option} the sdkconfig option that decides it, {@code firmwareFix} how the firmware would change, and
     * {@code remedy} what to write instead.
     */
    public record Finding(String option, String problem, String firmwareFix, Remedy remedy) {
        public Finding {
            Objects.requireNonNull(option, "option");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(firmwareFix, "firmwareFix");
            Objects.requireNonNull(remedy, "remedy");
        }

        /**
         * The finding as one line, {@code where} (what wrote it: {@code manifest.yaml:7: secure-cert}) first:
         * {@code WHERE: PROBLEM; sdkconfig:231 has OPTION not set: FIRMWARE FIX, or REMEDY}.
         */
        public String line(String where, Sdkconfig config, Function<Remedy, String> words) {
            return (where == null || where.isEmpty() ? "" : where + ": ") + problem + "; " + config.state(option) + ": "
                    + firmwareFix + ", or " + words.apply(remedy);
        }
    }

    /** The words of {@code nvsgen secure-cert} (configure_esp_secure_cert.py's options) for each remedy. */
    public static String dropInWords(Remedy r) {
        return switch (r) {
            case TLV_LAYOUT -> "write the TLV layout (--secure_cert_type cust_flash_tlv)";
            case SUBTYPE_0 -> "store the TLV the firmware should use at the highest subtype";
            case PLAINTEXT_KEY -> "write the key in plaintext (no --configure_ds)";
            case DS_KEY -> "write DS data (--configure_ds --priv_key_algo RSA …)";
            case PLAIN_NVS -> "write a plain image";
            case ENCRYPTED_NVS -> "write an encrypted image";
            case HMAC_SCHEME -> "derive the keys from an HMAC key";
            case KEYS_PARTITION -> "write the keys to an nvs_keys partition";
            case PEM_WITH_NUL -> "store the PEM with its trailing NUL";
            case DER -> "store DER";
            case PARTITION_TABLE -> "use the firmware's partition table";
        };
    }

    /** What firmware with {@code config} cannot read of an esp_secure_cert partition made from {@code request}. */
    public static List<Finding> check(Sdkconfig config, SecureCertRequest request) {
        List<KeyProtection> keys = new ArrayList<>();
        for (SecureCertItem item : request.items()) {
            if (item instanceof SecureCertItem.PrivateKey k) {
                keys.add(k.protection());
            }
        }
        boolean higherSubtypes = request.items().stream().anyMatch(i -> i.subtype() != TlvSubtype.SUBTYPE_0);
        return check(config, request.layout(), keys, higherSubtypes);
    }

    /**
     * What firmware with {@code config} cannot read of an esp_secure_cert partition in {@code layout} holding keys
     * kept as {@code keys} (one per key the partition holds), with TLVs above subtype 0 if {@code higherSubtypes};
     * for a batch, which knows this before any device is made.
     */
    public static List<Finding> check(
            Sdkconfig config, SecureCertLayout layout, List<KeyProtection> keys, boolean higherSubtypes) {
        List<Finding> out = new ArrayList<>();
        if (layout != SecureCertLayout.CUST_FLASH_TLV && !config.enabled(LEGACY)) {
            out.add(new Finding(
                    LEGACY,
                    "esp_secure_cert_mgr reads the legacy " + layout.id() + " layout only with " + LEGACY + "=y",
                    "set it in the firmware",
                    Remedy.TLV_LAYOUT));
        }
        if (layout == SecureCertLayout.CUST_FLASH_TLV && config.enabled(LEGACY) && higherSubtypes) {
            out.add(new Finding(
                    LEGACY,
                    "with " + LEGACY + "=y the getters return the highest subtype of each type, not subtype 0",
                    "unset it",
                    Remedy.SUBTYPE_0));
        }
        for (KeyProtection k : keys) {
            switch (k) {
                case RSA_DS -> {
                    if (!config.enabled(DS)) {
                        out.add(new Finding(
                                DS,
                                "the key is written as DS peripheral data, which firmware reads only with " + DS + "=y",
                                "set it",
                                Remedy.PLAINTEXT_KEY));
                    }
                }
                case PLAINTEXT, ECDSA_PERIPHERAL -> {
                    if (config.enabled(DS)) {
                        out.add(new Finding(
                                DS,
                                "firmware built with " + DS + "=y has no esp_secure_cert_get_priv_key and cannot"
                                        + " read the key TLV",
                                "set " + DS + "=n",
                                Remedy.DS_KEY));
                    }
                    if (k == KeyProtection.ECDSA_PERIPHERAL && !config.enabled(ECDSA_SIGN)) {
                        out.add(new Finding(
                                ECDSA_SIGN,
                                "the key is for the ECDSA peripheral, which esp_tls uses only with " + ECDSA_SIGN
                                        + "=y",
                                "set it",
                                Remedy.PLAINTEXT_KEY));
                    }
                }
            }
        }
        return out;
    }

    /** How an NVS image is encrypted, as far as the firmware's configuration cares. */
    public enum NvsEncryption {
        /** A plain image. */
        NONE,
        /** Encrypted with keys the firmware reads from an nvs_keys partition. */
        KEYS_PARTITION,
        /** Encrypted with keys derived from an HMAC key in eFuse. */
        HMAC
    }

    /**
     * Whether firmware with {@code config} reads an NVS image encrypted as {@code encryption} from partition
     * {@code partition} (null when not known). CONFIG_NVS_ENCRYPTION makes {@code nvs_flash_init} open the
     * default partition {@code nvs} as encrypted; another partition is opened as the application's code says, so
     * a plain image there is no finding.
     */
    public static List<Finding> checkNvs(Sdkconfig config, NvsEncryption encryption, String partition) {
        boolean defaultPartition = partition == null || partition.equals(DEFAULT_NVS_PARTITION);
        if (encryption != NvsEncryption.NONE && !config.enabled(NVS_ENCRYPTION)) {
            return List.of(new Finding(
                    NVS_ENCRYPTION,
                    "the NVS image is encrypted but firmware without " + NVS_ENCRYPTION
                            + "=y has no nvs_flash_secure_init to read it",
                    "set it",
                    Remedy.PLAIN_NVS));
        }
        if (encryption == NvsEncryption.NONE && config.enabled(NVS_ENCRYPTION) && defaultPartition) {
            return List.of(new Finding(
                    NVS_ENCRYPTION,
                    "the NVS image is plain but with " + NVS_ENCRYPTION + "=y nvs_flash_init opens partition '"
                            + DEFAULT_NVS_PARTITION + "' encrypted and reads no entry of a plain one",
                    "unset it",
                    Remedy.ENCRYPTED_NVS));
        }
        List<Finding> out = new ArrayList<>();
        if (encryption == NvsEncryption.HMAC
                && config.value(NVS_SCHEME_HMAC).isPresent()
                && !config.enabled(NVS_SCHEME_HMAC)) {
            out.add(new Finding(
                    NVS_SCHEME_HMAC,
                    "the image's keys derive from an HMAC key, but the firmware reads them from an nvs_keys"
                            + " partition",
                    "set it (CONFIG_NVS_SEC_KEY_PROTECTION_SCHEME: HMAC)",
                    Remedy.KEYS_PARTITION));
        }
        if (encryption == NvsEncryption.KEYS_PARTITION && config.enabled(NVS_SCHEME_HMAC)) {
            out.add(new Finding(
                    NVS_SCHEME_HMAC,
                    "the image's keys are in an nvs_keys file, but the firmware derives its keys from an HMAC key"
                            + " in eFuse and never reads an nvs_keys partition",
                    "set " + NVS_SCHEME_FLASH_ENC + "=y instead",
                    Remedy.HMAC_SCHEME));
        }
        return out;
    }

    /**
     * Whether firmware with {@code config} can parse PEM at all: mbedtls without {@code MBEDTLS_PEM_PARSE_C}
     * reads DER only. Only an explicit {@code not set} counts, since the option is on by default.
     */
    public static List<Finding> checkPem(Sdkconfig config) {
        if ("n".equals(config.value(PEM_PARSE).orElse("y"))) {
            return List.of(new Finding(
                    PEM_PARSE,
                    "a certificate or key is stored as PEM, but mbedtls without " + PEM_PARSE + " parses DER only",
                    "set it",
                    Remedy.DER));
        }
        return List.of();
    }

    /** The mbedtls PEM rule {@link #pemWithoutNul} applies, for messages. */
    static final String PEM_RULE = "mbedtls_x509_crt_parse and mbedtls_pk_parse_key take PEM only when the buffer"
            + " ends with its NUL and the length counts it";

    /**
     * A PEM text stored without its trailing NUL: firmware that passes the stored bytes and their length to
     * mbedtls (as esp_secure_cert_mgr's callers and esp_tls do) gets {@code MBEDTLS_ERR_X509_INVALID_FORMAT},
     * since mbedtls parses PEM only from a buffer whose last byte is NUL and tries DER otherwise.
     * {@code what} names the value ({@code entry certs.ca (a blob)}).
     */
    public static Finding pemWithoutNul(String what) {
        return new Finding(
                PEM_PARSE,
                what + " holds PEM text without its trailing NUL: " + PEM_RULE,
                "make the firmware copy it into a NUL-ended buffer before parsing",
                Remedy.PEM_WITH_NUL);
    }

    /** True if {@code data} is PEM text ({@code -----BEGIN} first, spaces before it allowed) not ending in NUL. */
    public static boolean isPemWithoutNul(byte[] data) {
        int i = 0;
        while (i < data.length && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')) {
            i++;
        }
        byte[] begin = "-----BEGIN".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (data.length - i < begin.length) {
            return false;
        }
        for (int j = 0; j < begin.length; j++) {
            if (data[i + j] != begin[j]) {
                return false;
            }
        }
        return data[data.length - 1] != 0;
    }
}
