package dev.nvsgen.provisioning.internal.manifest;

import dev.nvsgen.crypto.credentials.CertificateProfile;
import dev.nvsgen.crypto.credentials.KeyAlgorithm;
import dev.nvsgen.crypto.credentials.Pkcs11Uri;
import dev.nvsgen.crypto.credentials.SubjectAltName;
import dev.nvsgen.crypto.flash.Chip;
import dev.nvsgen.crypto.flash.FlashCipher;
import dev.nvsgen.factory.NvsTarget;
import dev.nvsgen.matter.CommissioningFlow;
import dev.nvsgen.matter.Spake2pVerifier;
import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.csv.ValueEncoding;
import dev.nvsgen.nvs.util.InputFiles;
import dev.nvsgen.nvs.util.Utf8Text;
import dev.nvsgen.partitions.PartitionEntry;
import dev.nvsgen.partitions.PartitionTable;
import dev.nvsgen.partitions.PartitionTableOptions;
import dev.nvsgen.provisioning.model.BatchSpec;
import dev.nvsgen.provisioning.model.CaSource;
import dev.nvsgen.provisioning.model.Credential;
import dev.nvsgen.provisioning.model.DeviceSource;
import dev.nvsgen.provisioning.model.Entry;
import dev.nvsgen.provisioning.model.FileRef;
import dev.nvsgen.provisioning.model.FlashEncryption;
import dev.nvsgen.provisioning.model.IssuancePolicy;
import dev.nvsgen.provisioning.model.Layout;
import dev.nvsgen.provisioning.model.MatterSpec;
import dev.nvsgen.provisioning.model.Namespace;
import dev.nvsgen.provisioning.model.Origin;
import dev.nvsgen.provisioning.model.PartitionSpec;
import dev.nvsgen.provisioning.model.PartitionSpec.Encryption;
import dev.nvsgen.provisioning.model.Preset;
import dev.nvsgen.provisioning.model.ProvisioningSpec;
import dev.nvsgen.provisioning.model.Secret;
import dev.nvsgen.provisioning.model.SecureCert;
import dev.nvsgen.provisioning.model.Subject;
import dev.nvsgen.provisioning.model.Template;
import dev.nvsgen.securecert.KeyProtection;
import dev.nvsgen.securecert.SecureCertLayout;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a batch manifest (YAML) into the provisioning model: the only code that sees YAML. Paths in it are
 * relative to its own folder, also those a {@code ${column}} fills in from the device list (the list's
 * folder plays no part). Everything that can be checked without the device list or the CA is checked
 * here, each error naming the manifest's line and field. See {@code testdata/batch/manifest.yaml} for a
 * commented example.
 */
public final class ManifestReader {
    private ManifestReader() {}

    private static final List<String> TOP = List.of(
            "partition",
            "devices",
            "credentials",
            "preset",
            "secure-cert",
            "matter",
            "namespaces",
            "output",
            "flash-encryption");

    /** Reads the manifest at {@code file}, shown as {@code name} in messages. */
    public static BatchSpec read(Path file, String name) {
        String text;
        try {
            byte[] bytes = InputFiles.read(file, name, InputFiles.MAX_CSV, "a batch manifest");
            text = Utf8Text.decode(bytes);
        } catch (CharacterCodingException e) {
            throw new NvsInputException(name + ": not UTF-8 text");
        }
        Path dir = file.toAbsolutePath().getParent();
        return new Binder(name, dir).manifest(Yaml.parse(text, name).asMapping());
    }

    /** The manifest's spelling of each credential. */
    static String id(Credential c) {
        return switch (c) {
            case CERTIFICATE -> "certificate";
            case PRIVATE_KEY -> "private-key";
            case CA_CERTIFICATE -> "ca-certificate";
            case CA_CHAIN -> "ca-chain";
            case CERTIFICATE_CHAIN -> "certificate-chain";
        };
    }

    static Credential credential(Yaml.Scalar s) {
        for (Credential c : Credential.values()) {
            if (id(c).equals(s.required())) {
                return c;
            }
        }
        throw s.error("unknown credential '" + s.text()
                + "' (expected certificate, private-key, ca-certificate, ca-chain or certificate-chain)");
    }

    static Credential.Format format(Yaml.Scalar s) {
        return switch (s.required()) {
            case "der" -> Credential.Format.DER;
            case "pem" -> Credential.Format.PEM;
            default -> throw s.error("unknown format '" + s.text() + "' (expected der or pem)");
        };
    }

    /**
     * The preset {@code s} names. Manifest names are written with hyphens like every field
     * ({@code esp-secure-cert}, {@code device-cert}); the partition's own spelling with underscores
     * ({@code esp_secure_cert}) is read the same way.
     */
    static Preset preset(Yaml.Scalar s) {
        String given = s.required().replace('_', '-');
        for (Preset p : Preset.values()) {
            if (p.manifestName().replace('_', '-').equals(given)) {
                return p;
            }
        }
        throw s.error("unknown preset '" + s.text() + "' (expected esp-secure-cert, device-cert or matter)");
    }

    /** The partition esp_secure_cert_mgr reads: its name, type and the table line that makes it. */
    static final String SECURE_CERT_PARTITION = "esp_secure_cert";

    static final int SECURE_CERT_TYPE = 0x3F;

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    static final String SECURE_CERT_LINE = "esp_secure_cert, 0x3F, , 0xD000, 0x2000, encrypted";

    /** Turns the YAML tree into a manifest, field by field. */
    private static final class Binder {
        private final String name;
        private final Path dir;

        Binder(String name, Path dir) {
            this.name = name;
            this.dir = dir;
        }

        /** The CA source and the issuance policy of a credentials section. */
        private record Credentials(CaSource ca, IssuancePolicy policy) {}

        BatchSpec manifest(Yaml.Mapping root) {
            root.only(TOP);
            boolean hasPreset = root.scalar("preset").isPresent();
            Preset p = hasPreset ? preset(root.get("preset").orElseThrow().asScalar()) : null;
            Yaml.Mapping partitionNode =
                    root.get("partition").map(Yaml.Node::asMapping).orElse(null);
            SecureCert secureCert = secureCert(root, p, partitionNode);
            PartitionSpec partition = secureCert != null && !secureCert.isNvs()
                    ? secureCertPartition(partitionNode, secureCert)
                    : withSecureCert(partition(partitionNode, root, p), secureCert);
            DeviceSource devices = devices(root.require("devices").asMapping());
            Credentials credentials =
                    root.get("credentials").map(n -> credentials(n.asMapping())).orElse(null);
            IssuancePolicy policy = credentials == null ? null : credentials.policy();
            if (secureCert != null) {
                checkSecureCertKey(root, secureCert, policy);
            }
            MatterSpec matter = matter(root, p);
            if (matter != null) {
                policy = dacPolicy(root, policy);
            }
            Layout layout =
                    p == null ? Layout.empty() : p.layout(policy != null && policy.csrMode(), matter, root.where());
            if (root.has("namespaces")) {
                layout = layout.merge(namespaces(root.require("namespaces").asMapping()));
            }
            if (layout.isEmpty()) {
                throw root.error("nothing to write: give namespaces, or a preset");
            }
            checkCredentialEntries(layout, policy);
            String outputDir = root.get("output")
                    .map(n -> n.asMapping()
                            .only("dir")
                            .scalar("dir")
                            .map(Yaml.Scalar::required)
                            .orElse(null))
                    .orElse(null);
            FlashEncryption flash = root.get("flash-encryption")
                    .map(n -> flashEncryption(n.asMapping(), partition))
                    .orElse(null);
            return new BatchSpec(
                    new ProvisioningSpec(name, dir, layout, partition, policy, flash, matter),
                    devices,
                    credentials == null ? null : credentials.ca(),
                    outputDir);
        }

        /** The {@code matter} section of preset matter (null for other presets). */
        MatterSpec matter(Yaml.Mapping root, Preset p) {
            Optional<Yaml.Node> node = root.get("matter");
            if (p != Preset.MATTER) {
                if (node.isPresent()) {
                    throw node.get().error("matter goes with preset: matter");
                }
                return null;
            }
            if (node.isEmpty()) {
                throw root.require("preset")
                        .error("preset matter needs a matter section with the product's vendor-id and product-id");
            }
            Yaml.Mapping m = node.get().asMapping();
            m.only(
                    "vendor-id",
                    "product-id",
                    "vendor-name",
                    "product-name",
                    "hardware-version",
                    "hardware-version-string",
                    "certification-declaration",
                    "iteration-count",
                    "rotating-device-id",
                    "commissioning-flow",
                    "discovery",
                    "common-name",
                    "dac-key");
            Yaml.Scalar vid = m.require("vendor-id").asScalar();
            Yaml.Scalar pid = m.require("product-id").asScalar();
            int vendorId = (int) idNumber(vid, 0xFFFF);
            int productId = (int) idNumber(pid, 0xFFFF);
            MatterSpec defaults = MatterSpec.of(1, 1, m.where());
            Integer hwVer = m.scalar("hardware-version")
                    .map(s -> (int) number(s, 0, 0xFFFF))
                    .orElse(null);
            int iterations = m.scalar("iteration-count")
                    .map(s -> (int) number(s, Spake2pVerifier.MIN_ITERATIONS, Spake2pVerifier.MAX_ITERATIONS))
                    .orElse(MatterSpec.DEFAULT_ITERATIONS);
            boolean rotating = m.scalar("rotating-device-id").map(s -> bool(s)).orElse(false);
            CommissioningFlow flow = m.scalar("commissioning-flow")
                    .map(s -> switch (s.required()) {
                        case "standard" -> CommissioningFlow.STANDARD;
                        case "user-intent" -> CommissioningFlow.USER_INTENT;
                        case "custom" -> CommissioningFlow.CUSTOM;
                        default ->
                            throw s.error("unknown commissioning-flow '" + s.text()
                                    + "' (expected standard, user-intent or custom)");
                    })
                    .orElse(CommissioningFlow.STANDARD);
            int discovery = MatterSpec.DEFAULT_DISCOVERY;
            if (m.has("discovery")) {
                discovery = 0;
                for (Yaml.Node n : m.require("discovery").asSequence().items()) {
                    Yaml.Scalar s = n.asScalar();
                    discovery |= switch (s.required()) {
                        case "soft-ap" -> 1;
                        case "ble" -> 2;
                        case "on-network" -> 4;
                        default ->
                            throw s.error("unknown discovery '" + s.text() + "' (expected soft-ap, ble or on-network)");
                    };
                }
            }
            Template cn = m.scalar("common-name").map(this::template).orElse(defaults.commonName());
            MatterSpec.DacKey dacKey = m.scalar("dac-key")
                    .map(s -> switch (s.required().replace('-', '_')) {
                        case "nvs" -> MatterSpec.DacKey.NVS;
                        case "esp_secure_cert" -> MatterSpec.DacKey.ESP_SECURE_CERT;
                        default ->
                            throw s.error("unknown dac-key '" + s.text() + "' (expected nvs or esp_secure_cert)");
                    })
                    .orElse(MatterSpec.DacKey.NVS);
            try {
                return new MatterSpec(
                        vendorId,
                        productId,
                        m.scalar("vendor-name").map(Yaml.Scalar::required).orElse(null),
                        m.scalar("product-name").map(Yaml.Scalar::required).orElse(null),
                        hwVer,
                        m.scalar("hardware-version-string")
                                .map(Yaml.Scalar::required)
                                .orElse(null),
                        m.scalar("certification-declaration").map(this::file).orElse(null),
                        iterations,
                        rotating,
                        flow,
                        discovery,
                        cn,
                        dacKey,
                        m.where());
            } catch (IllegalArgumentException e) {
                String msg = e.getMessage();
                String field = msg.startsWith("vendor ID")
                        ? "vendor-id"
                        : msg.startsWith("product ID")
                                ? "product-id"
                                : msg.startsWith("vendor name")
                                        ? "vendor-name"
                                        : msg.startsWith("product name") ? "product-name" : "hardware-version-string";
                throw m.get(field).map(n -> n.error(msg)).orElse(m.error(msg));
            }
        }

        /** A 16-bit ID, decimal or hex ({@code 0xFFF1}, as Matter writes them). */
        static long idNumber(Yaml.Scalar s, long max) {
            String t = s.required();
            long v;
            try {
                v = t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw s.error("'" + s.text() + "' is not a number (decimal, or hex with 0x)");
            }
            if (v < 0 || v > max) {
                throw s.error(t + " is out of range: 16 bits, 0 to 0xFFFF");
            }
            return v;
        }

        static boolean bool(Yaml.Scalar s) {
            return switch (s.required()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw s.error("'" + s.text() + "' is not true or false");
            };
        }

        /**
         * The DAC's issuance: Matter fixes its profile (Matter Core Specification 6.2.2.3: CN, VID, PID;
         * digitalSignature alone; P-256), so the credentials section only says where the PAI is, its validity,
         * and whether devices send CSRs.
         */
        static IssuancePolicy dacPolicy(Yaml.Mapping root, IssuancePolicy policy) {
            if (policy == null) {
                throw root.require("preset")
                        .error("preset matter issues each device's DAC: give credentials with the PAI as ca");
            }
            Yaml.Mapping c = root.require("credentials").asMapping();
            for (String field : List.of("subject", "subject-alt-names", "key-usage", "extended-key-usage")) {
                if (c.has(field)) {
                    throw c.require(field)
                            .error(field + " does not go with preset matter: the DAC's profile is the Matter"
                                    + " specification's (subject CN from matter.common-name, VID, PID;"
                                    + " digitalSignature)");
                }
            }
            if (policy.keyType() != null && policy.keyType() != KeyAlgorithm.EC_P256) {
                throw c.require("key-type").error("a DAC's key is EC P-256 (ec-p256), not " + policy.keyType());
            }
            return new IssuancePolicy(
                    policy.keyType(),
                    policy.csr(),
                    policy.subject(),
                    List.of(),
                    policy.start(),
                    policy.end(),
                    Set.of(CertificateProfile.KeyUsage.DIGITAL_SIGNATURE),
                    List.of(),
                    policy.origin());
        }

        private static PartitionSpec withSecureCert(PartitionSpec p, SecureCert secureCert) {
            return secureCert == null
                    ? p
                    : new PartitionSpec(p.size(), p.version(), p.encryption(), p.target(), secureCert, p.origin());
        }

        /** The line every refusal of a manifest written for the preset's old, legacy NVS layout ends with. */
        private static final String KEEP_LEGACY = "add 'secure-cert: {format: nvs}' to keep the legacy NVS layout"
                + " (firmware then needs CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS=y)";

        /**
         * The {@code secure-cert} section of the {@code esp_secure_cert} preset (null for other presets). Without
         * {@code format} the preset writes the TLV partition, which esp_secure_cert_mgr reads by default; a
         * manifest whose other fields only make sense for the legacy NVS layout this preset wrote before
         * (namespaces of its own, an NVS format version or encryption, a table whose esp_secure_cert partition
         * is data,nvs) is refused with the line to add, rather than silently getting a partition its firmware
         * cannot find.
         */
        SecureCert secureCert(Yaml.Mapping root, Preset p, Yaml.Mapping partition) {
            Optional<Yaml.Node> node = root.get("secure-cert");
            if (p != Preset.ESP_SECURE_CERT) {
                if (node.isPresent()) {
                    throw node.get().error("secure-cert goes with preset: esp_secure_cert");
                }
                return null;
            }
            Yaml.Mapping m = node.map(Yaml.Node::asMapping).orElse(null);
            if (m != null) {
                m.only("format", "chip", "key", "efuse-key-id", "hmac-key");
            }
            Optional<Yaml.Scalar> formatField = m == null ? Optional.empty() : m.scalar("format");
            SecureCertLayout format = formatField
                    .map(s -> switch (s.required()) {
                        case "tlv", "cust_flash_tlv" -> SecureCertLayout.CUST_FLASH_TLV;
                        case "cust_flash" -> SecureCertLayout.CUST_FLASH;
                        case "nvs" -> SecureCertLayout.NVS;
                        default ->
                            throw s.error("unknown format '" + s.text()
                                    + "' (expected tlv, the default, or the legacy cust_flash or nvs)");
                    })
                    .orElse(SecureCertLayout.CUST_FLASH_TLV);
            Chip chip = Chip.ESP32C3;
            if (m != null && m.has("chip")) {
                Yaml.Scalar s = m.require("chip").asScalar();
                try {
                    chip = Chip.of(s.required());
                } catch (NvsInputException e) {
                    throw s.error(e.getMessage());
                }
            }
            KeyProtection key = KeyProtection.PLAINTEXT;
            if (m != null && m.has("key")) {
                Yaml.Scalar s = m.require("key").asScalar();
                key = switch (s.required()) {
                    case "plaintext" -> KeyProtection.PLAINTEXT;
                    case "rsa-ds", "rsa_ds" -> KeyProtection.RSA_DS;
                    case "ecdsa-peripheral", "ecdsa_peripheral" -> KeyProtection.ECDSA_PERIPHERAL;
                    default ->
                        throw s.error("unknown key storage '" + s.text()
                                + "' (expected plaintext, rsa-ds or ecdsa-peripheral)");
                };
            }
            int efuseKeyId = SecureCert.DEFAULT_EFUSE_KEY_ID;
            if (m != null && m.has("efuse-key-id")) {
                if (key == KeyProtection.PLAINTEXT) {
                    throw m.require("efuse-key-id").error("efuse-key-id goes with key: rsa-ds or ecdsa-peripheral");
                }
                efuseKeyId = Math.toIntExact(number(m.require("efuse-key-id").asScalar(), 0, 5));
            }
            FileRef hmacKey = null;
            if (m != null && m.has("hmac-key")) {
                Yaml.Scalar s = m.require("hmac-key").asScalar();
                if (key != KeyProtection.RSA_DS) {
                    throw s.error("hmac-key goes with key: rsa-ds (the DS peripheral's HMAC key)");
                }
                hmacKey = "per-device".equals(s.required()) ? null : file(s);
            }
            if (key != KeyProtection.PLAINTEXT && format != SecureCertLayout.CUST_FLASH_TLV) {
                throw m.require("key")
                        .error("key: " + key.id().replace('_', '-') + " is written in the TLV format only;"
                                + " drop format: " + format.id());
            }
            SecureCert sc =
                    new SecureCert(format, chip, key, efuseKeyId, hmacKey, m == null ? root.where() : m.where());
            if (sc.isNvs()) {
                return sc;
            }
            String why = formatField.isEmpty()
                    ? "preset esp_secure_cert writes the TLV partition esp_secure_cert_mgr reads by default, "
                    : "format " + format.id() + " is no NVS partition, ";
            String fix = formatField.isEmpty() ? KEEP_LEGACY : "or write format: nvs";
            if (root.has("namespaces")) {
                throw root.require("namespaces")
                        .error(why + "which holds the preset's certificates and key, not namespaces: " + fix);
            }
            if (partition != null) {
                for (String nvsOnly : List.of("version", "encryption")) {
                    if (partition.has(nvsOnly)) {
                        throw partition
                                .require(nvsOnly)
                                .error(why + "which has no NVS " + nvsOnly
                                        + (nvsOnly.equals("encryption")
                                                ? " (flash encryption protects it: the 'encrypted' flag)"
                                                : "")
                                        + ": " + fix);
                    }
                }
            }
            return sc;
        }

        /** A TLV or cust_flash partition: its size, and with a table the esp_secure_cert partition (type 0x3F). */
        PartitionSpec secureCertPartition(Yaml.Mapping m, SecureCert sc) {
            int fixed = sc.format().partitionSize();
            NvsTarget target = null;
            PartitionSize size = null;
            if (m != null) {
                m.only("size", "table", "name", "version", "encryption");
                if (m.has("name") && !m.has("table")) {
                    throw m.require("name").error("name picks a partition of a table: give table too");
                }
                if (m.has("table")) {
                    target = secureCertTarget(m, sc);
                }
                if (m.has("size")) {
                    Yaml.Scalar s = m.require("size").asScalar();
                    try {
                        size = PartitionSize.parse(s.required());
                        if (target != null && size.bytes() != target.nvs().size()) {
                            throw new NvsInputException(
                                    "partition '" + target.nvs().name() + "' is "
                                            + hex(target.nvs().size()) + " bytes, but size says " + size
                                            + "; leave size out to use the partition's size");
                        }
                    } catch (NvsInputException e) {
                        throw s.error(e.getMessage());
                    }
                } else if (target != null) {
                    size = new PartitionSize(Math.toIntExact(target.nvs().size()));
                }
                if (size != null && sc.format() == SecureCertLayout.CUST_FLASH && size.bytes() < fixed) {
                    throw (m.has("size") ? m.require("size") : m.require("table"))
                            .error("the cust_flash layout takes 0x" + Integer.toHexString(fixed)
                                    + " bytes; the partition holds " + size);
                }
            }
            if (size == null) {
                size = new PartitionSize(fixed);
            }
            return new PartitionSpec(
                    size, FormatVersion.V2, new Encryption.None(), target, sc, m == null ? sc.origin() : m.where());
        }

        /**
         * The esp_secure_cert partition of the manifest's table: the one named {@code name}, else the one
         * called esp_secure_cert, else the first of type 0x3F (where esp_secure_cert_mgr looks).
         */
        NvsTarget secureCertTarget(Yaml.Mapping m, SecureCert sc) {
            FileRef file = file(m.require("table").asScalar());
            byte[] data;
            try {
                data = InputFiles.read(
                        file.path(), file.display(), InputFiles.MAX_PARTITION_TABLE, "a partition table");
            } catch (NvsInputException e) {
                throw file.origin().error(e.getMessage());
            }
            PartitionTable table = PartitionTable.parse(data, file.display(), PartitionTableOptions.defaults());
            String name = m.scalar("name").map(Yaml.Scalar::required).orElse(null);
            String wanted = name != null ? name : SECURE_CERT_PARTITION;
            PartitionEntry e = table.byName(wanted)
                    .or(() -> name != null
                            ? Optional.empty()
                            : table.entries().stream()
                                    .filter(x -> x.type() == SECURE_CERT_TYPE)
                                    .findFirst())
                    .orElseThrow(() -> m.require("table")
                            .error(file.display() + " has no "
                                    + (name != null
                                            ? "partition named '" + name + "'"
                                            : "esp_secure_cert partition (type 0x3F)")
                                    + ": add the line '" + SECURE_CERT_LINE + "' (or a free offset)"));
            // esp_secure_cert_mgr finds its partition by type 0x3F and name, any subtype.
            if (e.type() != SECURE_CERT_TYPE) {
                boolean nvs = e.isNvs();
                throw m.require("table")
                        .error(table.origin(e) + ": partition '" + e.name() + "' is " + e.typeName() + ","
                                + e.subtypeName() + "; the " + sc.format().id()
                                + " format goes in a partition of type 0x3F: change its line to '"
                                + e.name() + ", 0x3F, , " + hex(e.offset()) + ", "
                                + hex(e.size()) + ", encrypted'"
                                + (nvs ? ", or " + KEEP_LEGACY : ""));
            }
            List<String> warnings = new ArrayList<>();
            if (!e.encrypted()) {
                warnings.add(table.origin(e) + ": partition '" + e.name() + "' has no 'encrypted' flag: under flash"
                        + " encryption its certificates and key would be stored in the clear");
            }
            int needs = sc.format() == SecureCertLayout.CUST_FLASH ? sc.format().partitionSize() : 0x1000;
            if (e.size() < needs) {
                throw m.require("table")
                        .error(table.origin(e) + ": partition '" + e.name() + "' holds " + hex(e.size())
                                + " bytes; the " + sc.format().id() + " layout needs " + hex(needs));
            }
            return new NvsTarget(table, e, Optional.empty(), warnings);
        }

        /** Key storage that needs a key of a kind: DS an RSA key, the ECDSA peripheral an EC key; none from a CSR. */
        void checkSecureCertKey(Yaml.Mapping root, SecureCert sc, IssuancePolicy policy) {
            if (sc.key() == KeyProtection.PLAINTEXT) {
                return;
            }
            Yaml.Node where = root.require("secure-cert").asMapping().require("key");
            if (policy == null || policy.csrMode()) {
                throw where.error("key: " + sc.key().id().replace('_', '-')
                        + " needs the device's private key: issue key pairs (credentials.key-type), not CSRs");
            }
            boolean rsa = policy.keyType().name().startsWith("RSA");
            if (sc.key() == KeyProtection.RSA_DS && !rsa) {
                throw where.error("key: rsa-ds needs RSA keys (credentials.key-type: rsa-2048);"
                        + " for EC keys use ecdsa-peripheral or plaintext");
            }
            if (sc.key() == KeyProtection.ECDSA_PERIPHERAL && rsa) {
                throw where.error("key: ecdsa-peripheral needs EC keys (credentials.key-type: ec-p256); for RSA"
                        + " keys use rsa-ds");
            }
        }

        PartitionSpec partition(Yaml.Mapping m, Yaml.Mapping root, Preset preset) {
            if (m == null) {
                if (preset == null) {
                    throw root.error("field 'partition' is missing (it gives the partition's size)");
                }
                PartitionSpec p = PartitionSpec.of(preset.partitionSize());
                return new PartitionSpec(p.size(), p.version(), p.encryption(), null, null, root.where());
            }
            m.only("size", "table", "name", "version", "encryption");
            Encryption encryption = m.get("encryption").map(this::encryption).orElse(new Encryption.None());
            NvsTarget target = m.has("table") ? target(m, encryption) : null;
            if (target == null && m.has("name")) {
                throw m.require("name").error("name picks a partition of a table: give table too");
            }
            PartitionSize size;
            if (m.has("size")) {
                Yaml.Scalar s = m.require("size").asScalar();
                try {
                    size = PartitionSize.parse(s.required());
                    if (target != null) {
                        target.size(size);
                    }
                } catch (NvsInputException e) {
                    throw s.error(e.getMessage());
                }
            } else if (target != null) {
                size = target.size();
            } else if (preset != null) {
                size = preset.partitionSize();
            } else {
                throw m.error("field 'size' is missing (e.g. size: 0x6000, or table: partitions.csv)");
            }
            FormatVersion version = FormatVersion.V2;
            if (m.has("version")) {
                Yaml.Scalar v = m.require("version").asScalar();
                version = switch (v.required()) {
                    case "1" -> FormatVersion.V1;
                    case "2" -> FormatVersion.V2;
                    default -> throw v.error("NVS format version must be 1 or 2, was '" + v.text() + "'");
                };
            }
            return new PartitionSpec(size, version, encryption, target, null, m.where());
        }

        /** The NVS partition (and keys partition, when encrypting) of the table the manifest names. */
        NvsTarget target(Yaml.Mapping m, Encryption encryption) {
            FileRef file = file(m.require("table").asScalar());
            String name = m.scalar("name").map(Yaml.Scalar::required).orElse(null);
            byte[] data;
            try {
                data = InputFiles.read(
                        file.path(), file.display(), InputFiles.MAX_PARTITION_TABLE, "a partition table");
            } catch (NvsInputException e) {
                throw file.origin().error(e.getMessage());
            }
            PartitionTable table = PartitionTable.parse(data, file.display(), PartitionTableOptions.defaults());
            return NvsTarget.resolve(table, name, null, !(encryption instanceof Encryption.None));
        }

        /** The {@code flash-encryption} section: chip, key, FLASH_CRYPT_CONFIG, reserved blocks, firmware, output. */
        FlashEncryption flashEncryption(Yaml.Mapping m, PartitionSpec partition) {
            m.only("chip", "key", "flash-crypt-conf", "reserve-blocks", "firmware", "output");
            if (partition.target() == null) {
                throw m.error("flash encryption needs partition.table: the table says which partitions are"
                        + " encrypted and where");
            }
            Yaml.Scalar c = m.require("chip").asScalar();
            Chip chip;
            try {
                chip = Chip.fromId(c.required());
            } catch (IllegalArgumentException e) {
                throw c.error(e.getMessage());
            }
            FileRef key = null;
            if (m.has("key")) {
                Yaml.Scalar k = m.require("key").asScalar();
                key = "per-device".equals(k.required()) ? null : file(k);
            }
            int conf = FlashCipher.DEFAULT_FLASH_CRYPT_CONFIG;
            if (m.has("flash-crypt-conf")) {
                Yaml.Scalar f = m.require("flash-crypt-conf").asScalar();
                if (chip != Chip.ESP32) {
                    throw f.error("flash-crypt-conf is the ESP32's; " + chip.id() + " uses XTS-AES, which has none");
                }
                String t = f.required();
                try {
                    conf = t.startsWith("0x") || t.startsWith("0X")
                            ? Integer.parseInt(t.substring(2), 16)
                            : Integer.parseInt(t);
                } catch (NumberFormatException e) {
                    throw f.error("'" + t + "' is not a number (0x0 to 0xF)");
                }
                if (conf < 0 || conf > 0xF) {
                    throw f.error("FLASH_CRYPT_CONFIG is 4 bits (0x0 to 0xF), not '" + t + "'");
                }
            }
            List<String> reserved = new ArrayList<>();
            if (m.has("reserve-blocks")) {
                for (Yaml.Node n : m.require("reserve-blocks").asSequence().items()) {
                    Yaml.Scalar b = n.asScalar();
                    if (!chip.keyBlocks().contains(b.required())) {
                        throw b.error(chip.id() + " has no key block " + b.text() + "; it has " + chip.keyBlocks());
                    }
                    reserved.add(b.text());
                }
            }
            FlashEncryption.Firmware firmware = null;
            if (m.has("firmware")) {
                Yaml.Mapping f =
                        m.require("firmware").asMapping().only("bootloader", "partition-table", "app", "otadata");
                firmware = new FlashEncryption.Firmware(
                        f.scalar("bootloader").map(this::file).orElse(null),
                        f.scalar("partition-table").map(this::file).orElse(null),
                        f.scalar("app").map(this::file).orElse(null),
                        f.scalar("otadata").map(this::file).orElse(null));
            }
            boolean merged = false;
            if (m.has("output")) {
                Yaml.Scalar o = m.require("output").asScalar();
                merged = switch (o.required()) {
                    case "files" -> false;
                    case "merged" -> true;
                    default -> throw o.error("output is 'files' (per-partition files and flash_args) or 'merged'");
                };
            }
            return new FlashEncryption(chip, key, conf, reserved, firmware, merged, m.where());
        }

        Encryption encryption(Yaml.Node n) {
            if (n instanceof Yaml.Scalar s) {
                if ("none".equals(s.text())) {
                    return new Encryption.None();
                }
                if ("per-device".equals(s.text())) {
                    return new Encryption.PerDeviceKeys(); // short for keys: per-device
                }
                throw s.error("expected 'none', 'per-device' (keys made per device), or fields keys: FILE|per-device"
                        + " or hmac-key: FILE|per-device");
            }
            Yaml.Mapping m = n.asMapping().only("keys", "hmac-key");
            String which = m.oneOf("keys", "hmac-key");
            Yaml.Scalar s = m.require(which).asScalar();
            boolean perDevice = "per-device".equals(s.required());
            if (which.equals("keys")) {
                return perDevice ? new Encryption.PerDeviceKeys() : new Encryption.KeysFile(file(s));
            }
            return perDevice ? new Encryption.PerDeviceHmacKey() : new Encryption.HmacKeyFile(file(s));
        }

        DeviceSource devices(Yaml.Mapping m) {
            m.only("csv", "serial-column", "range");
            String which = m.oneOf("csv", "range");
            if (which.equals("csv")) {
                String column =
                        m.scalar("serial-column").map(Yaml.Scalar::required).orElse("serial");
                return new DeviceSource.Csv(file(m.require("csv").asScalar()), column, m.where());
            }
            if (m.has("serial-column")) {
                throw m.require("serial-column").error("serial-column goes with csv; a range names its serials itself");
            }
            Yaml.Mapping r = m.require("range").asMapping().only("prefix", "from", "to", "digits");
            String prefix = r.scalar("prefix").map(Yaml.Scalar::text).orElse("");
            long from = number(r.require("from").asScalar(), 0, Long.MAX_VALUE / 2);
            long to = number(r.require("to").asScalar(), 0, Long.MAX_VALUE / 2);
            int digits = Math.toIntExact(
                    r.scalar("digits").map(s -> number(s, 0, 19)).orElse(0L));
            if (to < from) {
                throw r.error("the range ends (" + to + ") before it starts (" + from + ")");
            }
            if (to - from >= DeviceSource.MAX_DEVICES) {
                throw r.error("the range holds " + (to - from + 1) + " devices; at most " + DeviceSource.MAX_DEVICES
                        + " go into one run");
            }
            return new DeviceSource.Range(prefix, from, to, digits, r.where());
        }

        Credentials credentials(Yaml.Mapping m) {
            if (m.has("passphrase")) {
                throw m.require("passphrase")
                        .error("the CA key's passphrase is never read from the manifest: name an environment"
                                + " variable with ca.passphrase-env, or let nvsgen ask for it");
            }
            m.only(
                    "ca",
                    "key-type",
                    "csr",
                    "subject",
                    "validity-days",
                    "not-before",
                    "not-after",
                    "subject-alt-names",
                    "key-usage",
                    "extended-key-usage");
            Yaml.Mapping ca = m.require("ca").asMapping();
            for (String secret : List.of("passphrase", "pin", "password")) {
                if (ca.has(secret)) {
                    throw ca.require(secret)
                            .error("the CA's " + secret + " is never read from the manifest: name an environment"
                                    + " variable with " + secret + "-env"
                                    + (secret.equals("passphrase") ? " (or a file with passphrase-file)" : "")
                                    + ", or let nvsgen ask for it");
                }
            }
            ca.only(
                    "certificate",
                    "key",
                    "passphrase-env",
                    "passphrase-file",
                    "pkcs11-library",
                    "pin-env",
                    "keystore",
                    "alias",
                    "password-env");
            CaSource caSource;
            if (ca.has("keystore")) {
                for (String other : List.of(
                        "certificate", "key", "passphrase-env", "passphrase-file", "pkcs11-library", "pin-env")) {
                    if (ca.has(other)) {
                        throw ca.require(other)
                                .error(other + " does not go with keystore: the key store holds the"
                                        + " CA's key and certificate chain");
                    }
                }
                FileRef store = file(ca.require("keystore").asScalar());
                String alias = ca.scalar("alias").map(Yaml.Scalar::required).orElse(null);
                String env =
                        ca.scalar("password-env").map(Yaml.Scalar::required).orElse(null);
                caSource = new CaSource.KeyStore(
                        store,
                        alias,
                        new Secret(env, null, store.display(), "password", "credentials.ca.password-env"));
            } else {
                for (String other : List.of("alias", "password-env")) {
                    if (ca.has(other)) {
                        throw ca.require(other).error(other + " goes with keystore");
                    }
                }
                FileRef caCert = file(ca.require("certificate").asScalar());
                Yaml.Scalar key = ca.require("key").asScalar();
                if (Pkcs11Uri.looksLikeUri(key.required())) {
                    caSource = pkcs11Key(ca, key, caCert);
                } else {
                    for (String other : List.of("pkcs11-library", "pin-env")) {
                        if (ca.has(other)) {
                            throw ca.require(other)
                                    .error(other + " goes with a key in a PKCS#11 token"
                                            + " (key: \"pkcs11:token=...;object=...\")");
                        }
                    }
                    if (ca.has("passphrase-env") && ca.has("passphrase-file")) {
                        throw ca.require("passphrase-file").error("give passphrase-env or passphrase-file, not both");
                    }
                    FileRef keyFile = file(key);
                    String env = ca.scalar("passphrase-env")
                            .map(Yaml.Scalar::required)
                            .orElse(null);
                    FileRef passFile =
                            ca.scalar("passphrase-file").map(this::file).orElse(null);
                    caSource = new CaSource.KeyFile(
                            caCert,
                            keyFile,
                            new Secret(
                                    env, passFile, keyFile.display(), "passphrase", "credentials.ca.passphrase-env"));
                }
            }
            if (m.has("csr") && m.has("key-type")) {
                throw m.require("key-type")
                        .error("key-type and csr exclude each other: with csr the device made its own key");
            }
            Template csr = m.scalar("csr").map(s -> template(s)).orElse(null);
            KeyAlgorithm keyType = null;
            if (csr == null) {
                Yaml.Scalar k = m.scalar("key-type").orElse(null);
                try {
                    keyType = k == null ? KeyAlgorithm.EC_P256 : KeyAlgorithm.of(k.required());
                } catch (IllegalArgumentException e) {
                    throw k.error(e.getMessage());
                }
            }
            Subject subject = m.scalar("subject")
                    .map(s -> Subject.parse(s.required(), s.where()))
                    .orElse(Subject.parse("CN=${serial}", m.where()));
            if (m.has("validity-days") && m.has("not-after")) {
                throw m.require("not-after").error("give validity-days or not-after, not both");
            }
            IssuancePolicy.End end = new IssuancePolicy.End.WithTheCa();
            if (m.scalar("validity-days").isPresent()) {
                end = new IssuancePolicy.End.After(
                        Duration.ofDays(number(m.scalar("validity-days").orElseThrow(), 1, 100L * 366)));
            } else if (m.scalar("not-after").isPresent()) {
                end = new IssuancePolicy.End.At(instant(m.scalar("not-after").orElseThrow()));
            }
            IssuancePolicy.Start start =
                    m.scalar("not-before").map(ManifestReader.Binder::start).orElse(new IssuancePolicy.Start.Now());
            List<Template> altNames = new ArrayList<>();
            if (m.has("subject-alt-names")) {
                for (Yaml.Node n : m.require("subject-alt-names").asSequence().items()) {
                    Yaml.Scalar s = n.asScalar();
                    Template t = Template.parse(s.required(), s.where());
                    if (t.isConstant()) {
                        try {
                            SubjectAltName.parse(s.required());
                        } catch (IllegalArgumentException e) {
                            throw s.error(e.getMessage());
                        }
                    }
                    altNames.add(t);
                }
            }
            Set<CertificateProfile.KeyUsage> keyUsages = null;
            if (m.has("key-usage")) {
                keyUsages = EnumSet.noneOf(CertificateProfile.KeyUsage.class);
                for (Yaml.Node n : m.require("key-usage").asSequence().items()) {
                    Yaml.Scalar s = n.asScalar();
                    try {
                        keyUsages.add(CertificateProfile.KeyUsage.of(s.required()));
                    } catch (IllegalArgumentException e) {
                        throw s.error(e.getMessage());
                    }
                }
                keyUsages = Set.copyOf(keyUsages);
            }
            List<String> usages = new ArrayList<>();
            if (m.has("extended-key-usage")) {
                for (Yaml.Node n : m.require("extended-key-usage").asSequence().items()) {
                    Yaml.Scalar s = n.asScalar();
                    try {
                        usages.add(CertificateProfile.extendedKeyUsage(s.required()));
                    } catch (IllegalArgumentException e) {
                        throw s.error(e.getMessage());
                    }
                }
            } else {
                usages.add(CertificateProfile.Usage.CLIENT_AUTH.oid());
            }
            return new Credentials(
                    caSource,
                    new IssuancePolicy(keyType, csr, subject, altNames, start, end, keyUsages, usages, m.where()));
        }

        /** A key named by a PKCS#11 URI: the library from pkcs11-library (or the URI's module-path), the PIN from pin-env. */
        CaSource pkcs11Key(Yaml.Mapping ca, Yaml.Scalar key, FileRef caCert) {
            Pkcs11Uri uri;
            try {
                uri = Pkcs11Uri.parse(key.required());
            } catch (IllegalArgumentException e) {
                throw key.error(e.getMessage());
            }
            for (String other : List.of("passphrase-env", "passphrase-file")) {
                if (ca.has(other)) {
                    throw ca.require(other)
                            .error(other + " goes with a key file; a token's key is unlocked by its"
                                    + " PIN (pin-env)");
                }
            }
            FileRef library;
            if (ca.has("pkcs11-library")) {
                library = file(ca.require("pkcs11-library").asScalar());
                if (uri.modulePath().isPresent()
                        && !dir.resolve(uri.modulePath().get())
                                .normalize()
                                .equals(library.path().normalize())) {
                    throw key.error("the URI's module-path " + uri.modulePath().get() + " contradicts pkcs11-library "
                            + library.display() + ": give the library once");
                }
            } else if (uri.modulePath().isPresent()) {
                library = new FileRef(
                        dir.resolve(uri.modulePath().get()), uri.modulePath().get(), key.where());
            } else {
                throw key.error("a key in a PKCS#11 token needs its library: add pkcs11-library"
                        + " (e.g. /usr/lib/softhsm/libsofthsm2.so)");
            }
            String env = ca.scalar("pin-env").map(Yaml.Scalar::required).orElse(null);
            return new CaSource.Pkcs11(
                    caCert, uri, library, new Secret(env, null, uri.toString(), "PIN", "credentials.ca.pin-env"));
        }

        Layout namespaces(Yaml.Mapping m) {
            List<Namespace> out = new ArrayList<>();
            for (Map.Entry<String, Yaml.Node> ns : m.fields().entrySet()) {
                Origin where = ns.getValue().where();
                checkName("namespace name", ns.getKey(), where);
                List<Entry> entries = new ArrayList<>();
                if (!(ns.getValue() instanceof Yaml.Scalar s && s.text() == null)) {
                    for (Map.Entry<String, Yaml.Node> e :
                            ns.getValue().asMapping().fields().entrySet()) {
                        entries.add(entry(e.getKey(), e.getValue()));
                    }
                }
                out.add(new Namespace(ns.getKey(), entries, where));
            }
            return new Layout(out);
        }

        Entry entry(String key, Yaml.Node node) {
            Origin where = node.where();
            checkName("key", key, where);
            Yaml.Mapping m = node.asMapping().only("type", "value", "file", "credential", "format");
            if (m.has("credential")) {
                if (m.has("type") || m.has("value") || m.has("file")) {
                    throw m.error("a credential entry takes only credential and format");
                }
                Credential kind = credential(m.require("credential").asScalar());
                Credential.Format format =
                        m.scalar("format").map(ManifestReader::format).orElse(kind.defaultFormat());
                return new Entry.DeviceCredential(key, kind, format, where);
            }
            if (m.has("format")) {
                throw m.require("format")
                        .error("format goes with credential entries; a value's type says how it is stored");
            }
            String source = m.oneOf("value", "file");
            Yaml.Scalar typeNode = m.has("type") ? m.require("type").asScalar() : null;
            ValueEncoding encoding;
            if (typeNode == null) {
                if (source.equals("value")) {
                    throw m.error("field 'type' is missing (u8, i8, u16, i16, u32, i32, u64, i64, float, double,"
                            + " string, hex2bin, base64, binary)");
                }
                encoding = ValueEncoding.named("binary");
            } else {
                try {
                    encoding = ValueEncoding.named(typeNode.required());
                } catch (IllegalArgumentException e) {
                    throw typeNode.error(e.getMessage().replace("encoding", "type"));
                }
            }
            Yaml.Scalar valueNode = m.require(source).asScalar();
            String text = valueNode.text() == null ? "" : valueNode.text();
            Template t = Template.parse(text, valueNode.where());
            if (source.equals("file")) {
                if (text.isEmpty()) {
                    throw valueNode.error("a file name is needed here");
                }
                return new Entry.FileContents(key, encoding, t, where);
            }
            if (t.isConstant()) {
                try {
                    encoding.fromText(text);
                } catch (IllegalArgumentException e) {
                    throw valueNode.error(e.getMessage());
                }
            }
            return new Entry.Value(key, encoding, t, where);
        }

        static void checkCredentialEntries(Layout layout, IssuancePolicy policy) {
            for (Namespace ns : layout.namespaces()) {
                for (Entry e : ns.entries()) {
                    if (!(e instanceof Entry.DeviceCredential c)) {
                        continue;
                    }
                    if (policy == null) {
                        throw e.origin()
                                .error("stores the device's " + id(c.credential())
                                        + ", but the manifest has no credentials section to issue it");
                    }
                    if (policy.csrMode() && c.credential() == Credential.PRIVATE_KEY) {
                        throw e.origin()
                                .error("stores the device's private key, but with csr the key stays in the device");
                    }
                }
            }
        }

        void checkName(String what, String value, Origin where) {
            try {
                NvsEntry.checkName(what, value);
            } catch (IllegalArgumentException e) {
                throw where.error(e.getMessage());
            }
        }

        Template template(Yaml.Scalar s) {
            return Template.parse(s.required(), s.where());
        }

        FileRef file(Yaml.Scalar s) {
            String given = s.required();
            Path p = Path.of(given);
            String display = p.isAbsolute()
                    ? given
                    : Path.of(name).resolveSibling(p).normalize().toString();
            return new FileRef(dir.resolve(p).normalize(), display, s.where());
        }

        static long number(Yaml.Scalar s, long min, long max) {
            long v;
            try {
                v = Long.parseLong(s.required());
            } catch (NumberFormatException e) {
                throw s.error("'" + s.text() + "' is not a whole number");
            }
            if (v < min || v > max) {
                throw s.error(v + " is out of range (" + min + " to " + max + ")");
            }
            return v;
        }

        /** A start as {@code not-before} writes it: {@code -1h} (s, m, h, d) back from the run's start, or a time. */
        static IssuancePolicy.Start start(Yaml.Scalar s) {
            String text = s.required();
            Instant at;
            try {
                at = CertificateProfile.notBefore(text, REFERENCE);
            } catch (IllegalArgumentException e) {
                throw s.error(e.getMessage());
            }
            // Only a duration back depends on the run's start.
            return text.startsWith("-") && !at.equals(CertificateProfile.notBefore(text, REFERENCE.plusSeconds(1)))
                    ? new IssuancePolicy.Start.Before(Duration.between(at, REFERENCE))
                    : new IssuancePolicy.Start.At(at);
        }

        /** Any whole second serves: a duration back is measured from it. */
        private static final Instant REFERENCE = Instant.parse("2000-01-01T00:00:00Z");

        Instant instant(Yaml.Scalar s) {
            String t = s.required();
            try {
                return t.length() == 10
                        ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant()
                        : Instant.parse(t);
            } catch (DateTimeParseException e) {
                throw s.error("'" + t + "' is not a date (2030-12-31) or a UTC time (2030-12-31T23:59:59Z)");
            }
        }
    }
}
