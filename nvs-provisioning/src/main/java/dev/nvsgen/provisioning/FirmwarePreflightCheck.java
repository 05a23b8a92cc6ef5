package dev.nvsgen.provisioning;

import dev.nvsgen.factory.NvsTarget;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.util.InputFiles;
import dev.nvsgen.partitions.PartitionEntry;
import dev.nvsgen.partitions.PartitionTable;
import dev.nvsgen.partitions.PartitionTableOptions;
import dev.nvsgen.provisioning.model.BatchSpec;
import dev.nvsgen.provisioning.model.Credential;
import dev.nvsgen.provisioning.model.Entry;
import dev.nvsgen.provisioning.model.Namespace;
import dev.nvsgen.provisioning.model.Origin;
import dev.nvsgen.provisioning.model.PartitionSpec;
import dev.nvsgen.provisioning.model.PartitionSpec.Encryption;
import dev.nvsgen.provisioning.model.ProvisioningSpec;
import dev.nvsgen.provisioning.model.SecureCert;
import dev.nvsgen.securecert.FirmwarePreflight;
import dev.nvsgen.securecert.FirmwarePreflight.Finding;
import dev.nvsgen.securecert.FirmwarePreflight.NvsEncryption;
import dev.nvsgen.securecert.FirmwarePreflight.Remedy;
import dev.nvsgen.securecert.KeyProtection;
import dev.nvsgen.securecert.Sdkconfig;
import dev.nvsgen.securecert.SecureCertLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether firmware built with an {@link Sdkconfig} reads what a batch manifest (or an image command) is about to
 * write, before anything is written: the esp_secure_cert layout and key storage ({@link FirmwarePreflight}), NVS
 * encryption on or off and its key scheme, PEM stored without its NUL, and the partition table the firmware was
 * built with (its {@code CONFIG_PARTITION_TABLE_CUSTOM_FILENAME} beside the sdkconfig, or the built-in table it
 * names, at {@code CONFIG_PARTITION_TABLE_OFFSET}) against the partitions written. Each finding is one line:
 * where it was written ({@code manifest.yaml:7: secure-cert}), what the firmware cannot read, the sdkconfig
 * line of the option, and what to change.
 */
public final class FirmwarePreflightCheck {
    static final String TABLE_CUSTOM = "CONFIG_PARTITION_TABLE_CUSTOM";
    static final String TABLE_CUSTOM_FILENAME = "CONFIG_PARTITION_TABLE_CUSTOM_FILENAME";
    static final String TABLE_FILENAME = "CONFIG_PARTITION_TABLE_FILENAME";
    static final String TABLE_OFFSET = "CONFIG_PARTITION_TABLE_OFFSET";

    /** The partition esp_secure_cert_mgr looks for: type 0x3F, named esp_secure_cert. */
    static final int SECURE_CERT_TYPE = 0x3F;

    static final String SECURE_CERT_LINE = "esp_secure_cert, 0x3F, , 0xD000, 0x2000, encrypted";

    /**
     * ESP-IDF's built-in tables (components/partition_table/*.csv) by the file name CONFIG_PARTITION_TABLE_FILENAME
     * gives; only the ones whose every row is known here. Offsets left empty are filled in from the table's offset.
     */
    private static final Map<String, String> BUILT_IN = Map.of(
            "partitions_singleapp.csv",
            "nvs,data,nvs,,0x6000,\nphy_init,data,phy,,0x1000,\nfactory,app,factory,,1M,\n",
            "partitions_two_ota.csv",
            "nvs,data,nvs,,0x4000,\notadata,data,ota,,0x2000,\nphy_init,data,phy,,0x1000,\n"
                    + "factory,app,factory,,1M,\nota_0,app,ota_0,,1M,\nota_1,app,ota_1,,1M,\n",
            "partitions_singleapp_encr_nvs.csv",
            "nvs,data,nvs,,0x6000,\nphy_init,data,phy,,0x1000,\nfactory,app,factory,,1M,\n"
                    + "nvs_key,data,nvs_keys,,0x1000,encrypted\n");

    private FirmwarePreflightCheck() {}

    /** What a manifest's writer changes for each remedy: its fields. */
    static String manifestWords(Remedy r) {
        return switch (r) {
            case TLV_LAYOUT -> "drop secure-cert.format (the TLV layout is the default)";
            case SUBTYPE_0 -> "store every TLV at subtype 0";
            case PLAINTEXT_KEY -> "write secure-cert.key: plaintext";
            case DS_KEY -> "write secure-cert.key: rsa-ds (with credentials.key-type: rsa-…)";
            case PLAIN_NVS -> "write partition.encryption: none";
            case ENCRYPTED_NVS -> "encrypt the image (partition.encryption: per-device, or {hmac-key: per-device})";
            case HMAC_SCHEME -> "derive the keys from an HMAC key (partition.encryption: {hmac-key: FILE|per-device})";
            case KEYS_PARTITION -> "write an nvs_keys file (partition.encryption: {keys: FILE|per-device})";
            case PEM_WITH_NUL ->
                "store it with encoding: string (an NVS string keeps its NUL), or as DER with a credential's format: der";
            case DER -> "store the credentials as DER (format: der, or preset device-cert)";
            case PARTITION_TABLE -> "give the firmware's own table as partition.table";
        };
    }

    /**
     * Every finding for {@code batch} against {@code config}; empty when the firmware reads what the batch
     * writes. Reads the value files every device shares (to find PEM without its NUL) and the firmware's
     * partition table; nothing else.
     */
    public static List<String> check(BatchSpec batch, Sdkconfig config) {
        ProvisioningSpec m = batch.provisioning();
        PartitionSpec p = m.partition();
        String where = where(p.origin(), m.name() + ": partition");
        Function<Remedy, String> words = FirmwarePreflightCheck::manifestWords;
        List<String> out = new ArrayList<>();
        SecureCert sc = p.secureCert();
        boolean issuesKeys = batch.provisioning().issuance() != null
                && !batch.provisioning().issuance().csrMode();
        if (sc != null) {
            String scWhere = where(sc.origin(), m.name() + ": preset");
            List<KeyProtection> keys = issuesKeys ? List.of(sc.key()) : List.of();
            for (Finding f : FirmwarePreflight.check(config, sc.format(), keys, false)) {
                out.add(f.line(scWhere, config, words));
            }
        }
        if (!p.isSecureCert()) {
            String name = p.target() != null ? p.target().nvs().name() : null;
            if (sc == null) {
                // The legacy esp_secure_cert NVS partition is opened by its component, never by nvs_flash_init.
                for (Finding f : FirmwarePreflight.checkNvs(config, encryption(p.encryption(), config), name)) {
                    out.add(f.line(where, config, words));
                }
            }
            boolean pem = m.layout().entries().stream()
                    .anyMatch(e -> e instanceof Entry.DeviceCredential c && c.format() == Credential.Format.PEM);
            if (pem) {
                for (Finding f : FirmwarePreflight.checkPem(config)) {
                    out.add(f.line(where, config, words));
                }
            }
            out.addAll(pemWithoutNul(m, config));
        }
        out.addAll(tableFindings(config, written(p), where, words));
        return out;
    }

    /** What a partition spec writes, for the table check. */
    private static Written written(PartitionSpec p) {
        boolean keysPartition =
                p.encryption() instanceof Encryption.KeysFile || p.encryption() instanceof Encryption.PerDeviceKeys;
        return new Written(
                p.target(), p.size().bytes(), p.isSecureCert() ? p.secureCert().format() : null, keysPartition);
    }

    /**
     * What an image command writes: an NVS image of {@code imageBytes} to {@code target} (null without a
     * partition table), its keys to an nvs_keys partition if {@code keysPartition}; for the table check.
     */
    public record Written(NvsTarget target, long imageBytes, SecureCertLayout secureCert, boolean keysPartition) {}

    /**
     * The findings for a command that writes one NVS image encrypted as {@code encryption} ({@code generate},
     * {@code mfg generate}); {@code where} names the command's input, {@code words} its options for each
     * remedy.
     */
    public static List<String> checkImage(
            Sdkconfig config, NvsEncryption encryption, Written written, String where, Function<Remedy, String> words) {
        List<String> out = new ArrayList<>();
        String name = written.target() != null ? written.target().nvs().name() : null;
        for (Finding f : FirmwarePreflight.checkNvs(config, encryption, name)) {
            out.add(f.line(where, config, words));
        }
        out.addAll(tableFindings(config, written, where, words));
        return out;
    }

    private static NvsEncryption encryption(Encryption e, Sdkconfig config) {
        if (e instanceof Encryption.None) {
            return NvsEncryption.NONE;
        }
        if (e instanceof Encryption.HmacKeyFile || e instanceof Encryption.PerDeviceHmacKey) {
            return NvsEncryption.HMAC;
        }
        if (e instanceof Encryption.Given) {
            // Made in code: its scheme is not known here, so only on/off is checked.
            return config.enabled("CONFIG_NVS_SEC_KEY_PROTECT_USING_HMAC")
                    ? NvsEncryption.HMAC
                    : NvsEncryption.KEYS_PARTITION;
        }
        return NvsEncryption.KEYS_PARTITION;
    }

    /**
     * Entries stored as bytes (a blob: binary, base64 or hex2bin) from a value or a file every device shares
     * whose bytes are PEM text without its trailing NUL. Templated values and per-device files are not read
     * here.
     */
    static List<String> pemWithoutNul(ProvisioningSpec m, Sdkconfig config) {
        List<String> out = new ArrayList<>();
        for (Namespace ns : m.layout().namespaces()) {
            for (Entry e : ns.entries()) {
                byte[] bytes = null;
                try {
                    if (e instanceof Entry.FileContents f && f.path().isConstant()) {
                        Path path = m.dir().resolve(f.path().render(Map.of())).normalize();
                        if (Files.isRegularFile(path)) {
                            bytes = blob(f.encoding()
                                    .fromFile(InputFiles.read(
                                            path, path.toString(), InputFiles.MAX_VALUE_FILE, "a value file")));
                        }
                    } else if (e instanceof Entry.Value v && v.value().isConstant()) {
                        bytes = blob(v.encoding().fromText(v.value().render(Map.of())));
                    }
                } catch (NvsInputException ignored) {
                    // A value that does not convert is the batch's own error, reported where it makes the image.
                    bytes = null;
                }
                if (bytes != null && FirmwarePreflight.isPemWithoutNul(bytes)) {
                    Finding f = FirmwarePreflight.pemWithoutNul("entry " + ns.name() + "." + e.key() + " (a blob)");
                    out.add(f.line(where(e.origin(), m.name()), config, FirmwarePreflightCheck::manifestWords));
                }
            }
        }
        return out;
    }

    /** The bytes of a blob value, null for any other kind (a string keeps its NUL in NVS). */
    private static byte[] blob(NvsValue v) {
        return v instanceof NvsValue.BlobValue b ? b.data().toByteArray() : null;
    }

    /**
     * The partition table the firmware is built with: CONFIG_PARTITION_TABLE_CUSTOM_FILENAME, relative to the
     * sdkconfig's folder (the project's), or a built-in table; at CONFIG_PARTITION_TABLE_OFFSET. Empty when the
     * sdkconfig names no table, the custom file is not there, or the built-in table is not one known here.
     */
    public static Optional<PartitionTable> firmwareTable(Sdkconfig config) {
        PartitionTableOptions options = PartitionTableOptions.defaults().withTableOffset(tableOffset(config));
        if (config.enabled(TABLE_CUSTOM)) {
            Optional<String> name = config.value(TABLE_CUSTOM_FILENAME);
            if (name.isEmpty() || config.dir().isEmpty()) {
                return Optional.empty();
            }
            Path file = config.dir().get().resolve(name.get()).normalize();
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            byte[] data = InputFiles.read(file, name.get(), InputFiles.MAX_PARTITION_TABLE, "a partition table");
            return Optional.of(PartitionTable.parse(data, name.get(), options));
        }
        return config.value(TABLE_FILENAME)
                .map(BUILT_IN::get)
                .map(csv -> PartitionTable.parseCsv(
                        csv, config.value(TABLE_FILENAME).orElseThrow(), options));
    }

    private static long tableOffset(Sdkconfig config) {
        String v = config.value(TABLE_OFFSET).orElse("0x8000");
        try {
            return v.startsWith("0x") || v.startsWith("0X") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new NvsInputException(config.state(TABLE_OFFSET) + ": not a flash offset");
        }
    }

    /** The option that names the firmware's table, for findings about it. */
    private static String tableOption(Sdkconfig config) {
        return config.enabled(TABLE_CUSTOM) ? TABLE_CUSTOM_FILENAME : TABLE_FILENAME;
    }

    /**
     * The firmware's table against what is written: with a table given, each partition written must be in the
     * firmware's table as it is in the given one (name, type, subtype, offset, size), and the tables must sit at
     * the same offset; without one, the firmware's table must have the partitions written, large enough.
     */
    static List<String> tableFindings(Sdkconfig config, Written w, String where, Function<Remedy, String> words) {
        List<String> out = new ArrayList<>();
        NvsTarget target = w.target();
        Optional<PartitionTable> firmware = firmwareTable(config);
        if (target != null
                && config.value(TABLE_OFFSET).isPresent()
                && target.table().tableOffset() != tableOffset(config)) {
            out.add(new Finding(
                            TABLE_OFFSET,
                            "the partition table was read at offset "
                                    + PartitionEntry.hex(target.table().tableOffset())
                                    + ", but the firmware's table is at "
                                    + PartitionEntry.hex(tableOffset(config)),
                            "build the firmware with the table at "
                                    + PartitionEntry.hex(target.table().tableOffset()),
                            Remedy.PARTITION_TABLE)
                    .line(
                            where,
                            config,
                            r -> r == Remedy.PARTITION_TABLE
                                    ? "read the table at " + PartitionEntry.hex(tableOffset(config))
                                            + " (--partition-table-offset)"
                                    : words.apply(r)));
        }
        if (firmware.isEmpty()) {
            return out;
        }
        PartitionTable fw = firmware.get();
        String option = tableOption(config);
        if (target != null) {
            List<PartitionEntry> written = new ArrayList<>();
            written.add(target.nvs());
            target.keys().ifPresent(written::add);
            for (PartitionEntry e : written) {
                Optional<PartitionEntry> same = fw.byName(e.name());
                String was = target.table().origin(e) + " has '" + describe(e) + "'";
                if (same.isEmpty()) {
                    out.add(new Finding(
                                    option,
                                    was + ", but the firmware's table has no partition '" + e.name() + "'",
                                    "add it to the firmware's table",
                                    Remedy.PARTITION_TABLE)
                            .line(where, config, words));
                } else if (!sameFlash(e, same.get())) {
                    out.add(new Finding(
                                    option,
                                    was + ", but the firmware's table has '" + describe(same.get()) + "' ("
                                            + fw.origin(same.get()) + ")",
                                    "build the firmware with the same table",
                                    Remedy.PARTITION_TABLE)
                            .line(where, config, words));
                }
            }
            return out;
        }
        String fwName = config.value(option).orElse("table");
        Function<String, String> missing = what -> new Finding(
                        option,
                        "the image goes to " + what + ", which the firmware's table " + fwName + " does not have",
                        "add it to the firmware's table",
                        Remedy.PARTITION_TABLE)
                .line(where, config, words);
        if (w.secureCert() != null) {
            Optional<PartitionEntry> e = fw.byName("esp_secure_cert")
                    .or(() -> fw.entries().stream()
                            .filter(x -> x.type() == SECURE_CERT_TYPE)
                            .findFirst());
            if (e.isEmpty() || e.get().type() != SECURE_CERT_TYPE) {
                out.add(missing.apply("an esp_secure_cert partition of type 0x3F (a line '" + SECURE_CERT_LINE + "')"));
            } else {
                checkSize(out, e.get(), w.imageBytes(), fw, option, where, config, words);
            }
            return out;
        }
        Optional<PartitionEntry> nvs = fw.firstNvs();
        if (nvs.isEmpty()) {
            out.add(missing.apply("a data,nvs partition"));
        } else {
            checkSize(out, nvs.get(), w.imageBytes(), fw, option, where, config, words);
        }
        if (w.keysPartition() && fw.nvsKeys().isEmpty()) {
            out.add(missing.apply("a data,nvs_keys partition for its keys (a line 'nvs_keys, data, nvs_keys, , 0x1000,"
                    + " encrypted')"));
        }
        return out;
    }

    private static void checkSize(
            List<String> out,
            PartitionEntry e,
            long bytes,
            PartitionTable fw,
            String option,
            String where,
            Sdkconfig config,
            Function<Remedy, String> words) {
        if (e.size() < bytes) {
            out.add(new Finding(
                            option,
                            "the image is " + PartitionEntry.hex(bytes) + " bytes, but the firmware's partition '"
                                    + e.name() + "' holds " + PartitionEntry.hex(e.size()) + " (" + fw.origin(e) + ")",
                            "make the partition larger",
                            Remedy.PARTITION_TABLE)
                    .line(where, config, words));
        }
    }

    private static boolean sameFlash(PartitionEntry a, PartitionEntry b) {
        return a.type() == b.type() && a.subtype() == b.subtype() && a.offset() == b.offset() && a.size() == b.size();
    }

    private static String describe(PartitionEntry e) {
        return e.name() + ", " + e.typeName() + ", " + e.subtypeName() + ", " + PartitionEntry.hex(e.offset()) + ", "
                + PartitionEntry.hex(e.size());
    }

    private static String where(Origin origin, String fallback) {
        return origin == null ? fallback : origin.toString();
    }
}
