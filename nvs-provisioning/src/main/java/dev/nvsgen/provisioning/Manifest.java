package dev.nvsgen.provisioning;

import dev.nvsgen.crypto.credentials.CertificateProfile;
import dev.nvsgen.crypto.credentials.DistinguishedName;
import dev.nvsgen.crypto.credentials.KeyAlgorithm;
import dev.nvsgen.crypto.credentials.Pkcs11Uri;
import dev.nvsgen.crypto.credentials.SubjectAltName;
import dev.nvsgen.factory.NvsTarget;
import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.csv.ValueEncoding;
import dev.nvsgen.nvs.util.InputFiles;
import dev.nvsgen.nvs.util.Utf8Text;
import dev.nvsgen.partitions.PartitionTable;
import dev.nvsgen.partitions.PartitionTableOptions;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch manifest: what one provisioning run makes, read from YAML. Paths in it are relative to its own
 * folder, also those a {@code ${column}} fills in from the device list (the list's folder plays no
 * part). Everything that can be checked without the device list or the CA is checked here, each error
 * naming the manifest's line and field. See {@code testdata/batch/manifest.yaml} for a commented example.
 */
record Manifest(
        String name,
        Path dir,
        Partition partition,
        Devices devices,
        Credentials credentials,
        List<Namespace> namespaces,
        String preset,
        String outputDir) {

    /** A file the manifest names: where it is, how messages show it, and the line that named it. */
    record FileRef(Path path, String display, Yaml.Where where) {}

    /**
     * The image's size, format and encryption; with a partition table, also where it goes on flash
     * ({@code target}, null without a table).
     */
    record Partition(PartitionSize size, FormatVersion version, Encryption encryption, NvsTarget target) {}

    /** How images are encrypted, if at all. */
    sealed interface Encryption {
        /** Plain images. */
        record None() implements Encryption {}

        /** Every image encrypted with the keys of one nvs_keys file. */
        record KeysFile(FileRef file) implements Encryption {}

        /** A fresh nvs_keys file per device, written beside its image. */
        record PerDeviceKeys() implements Encryption {}

        /** Keys derived from one HMAC key (the eFuse scheme), the same for every device. */
        record HmacKeyFile(FileRef file) implements Encryption {}

        /** A fresh HMAC key per device, written for burning into its eFuse; its image keys derive from it. */
        record PerDeviceHmacKey() implements Encryption {}

        /** An encryption given through the provisioning API; {@code description} is what the run record says. */
        record Given(String description) implements Encryption {}
    }

    /** Where the devices come from. */
    sealed interface Devices {
        Yaml.Where where();

        /** A CSV file with a header row; one row per device, {@code serialColumn} naming it. */
        record Csv(FileRef file, String serialColumn, Yaml.Where where) implements Devices {}

        /** Serial numbers {@code prefix + n} for n from {@code from} to {@code to}, zero-padded to {@code digits}. */
        record Range(String prefix, long from, long to, int digits, Yaml.Where where) implements Devices {}
    }

    /** The CA that issues device certificates, and what the certificates look like. */
    record Credentials(
            FileRef caCertificate,
            CaKey caKey,
            KeyAlgorithm keyType,
            Template csr,
            Subject subject,
            String notBefore,
            Instant notAfter,
            Integer validityDays,
            List<Template> subjectAltNames,
            Set<CertificateProfile.KeyUsage> keyUsages,
            List<String> extendedKeyUsages,
            Yaml.Where where) {
        boolean csrMode() {
            return csr != null;
        }
    }

    /**
     * Where the CA's private key is. The certificate (chain) is {@link Credentials#caCertificate()}, except
     * for a key store, which brings its own.
     */
    sealed interface CaKey {
        /** A key file (PEM or DER), perhaps encrypted. */
        record File(FileRef file, Secret passphrase) implements CaKey {}

        /** A key in a PKCS#11 token, by RFC 7512 URI, used through {@code library}. */
        record Pkcs11(Pkcs11Uri uri, FileRef library, Secret pin) implements CaKey {}

        /** A PKCS#12 key store holding the key and its certificate chain. */
        record KeyStore(FileRef file, String alias, Secret password) implements CaKey {}
    }

    /**
     * A secret the run needs (a passphrase, PIN or password): from the environment variable {@code env},
     * or the first line of {@code file}, or else asked on the terminal. Never written in the manifest.
     *
     * @param owner what needs it, for messages (a file or URI as the manifest shows it)
     * @param what what it is ("passphrase", "PIN", "password")
     * @param envField the manifest field naming the variable, for messages
     */
    record Secret(String env, FileRef file, String owner, String what, String envField) {}

    /**
     * A certificate subject template: attributes most specific first, as RFC 4514 writes them, each value
     * a template. Split once, at load, on the manifest's own commas; the values filled in per device are
     * never parsed as DN syntax, so whatever a column holds stays one attribute.
     */
    record Subject(String source, List<Part> parts, Yaml.Where where) {
        record Part(String type, Template value) {}

        Subject {
            parts = List.copyOf(parts);
        }

        /** Parses {@code CN=${serial},O=Example}; {@code \} escapes the next character of the manifest's text. */
        static Subject parse(String source, Yaml.Where where) {
            List<Part> parts = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            List<String> raw = new ArrayList<>();
            for (int i = 0; i < source.length(); i++) {
                char c = source.charAt(i);
                if (c == '\\' && i + 1 < source.length()) {
                    current.append(source.charAt(++i));
                } else if (c == ',') {
                    raw.add(current.toString());
                    current.setLength(0);
                } else if (c == '+') {
                    throw where.error("subject '" + source + "': multi-valued names (+) are not supported;"
                            + " write \\+ for a plus sign");
                } else {
                    current.append(c);
                }
            }
            raw.add(current.toString());
            for (String part : raw) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw where.error("subject '" + source + "': '" + part.strip()
                            + "' is not TYPE=value (e.g. CN=${serial},O=Example)");
                }
                String type = part.substring(0, eq).strip();
                try {
                    DistinguishedName.checkType(type);
                } catch (IllegalArgumentException e) {
                    throw where.error("subject '" + source + "': " + e.getMessage());
                }
                parts.add(new Part(type, Template.parse(part.substring(eq + 1).strip(), where)));
            }
            return new Subject(source, parts, where);
        }

        /** The subject of the device whose row is {@code columns}. */
        DistinguishedName render(Map<String, String> columns) {
            List<DistinguishedName.Attribute> attributes = new ArrayList<>(parts.size());
            for (Part p : parts) {
                attributes.add(
                        new DistinguishedName.Attribute(p.type(), p.value().render(columns)));
            }
            return DistinguishedName.of(attributes);
        }

        List<Template> templates() {
            return parts.stream().map(Part::value).toList();
        }
    }

    record Namespace(String name, List<Entry> entries, Yaml.Where where) {
        Namespace {
            entries = List.copyOf(entries);
        }
    }

    /** One key of a namespace and where its value comes from. */
    sealed interface Entry {
        String key();

        Yaml.Where where();

        /** A value written in the manifest (templated), converted by an ESP-IDF encoding. */
        record Value(String key, ValueEncoding encoding, Template value, Yaml.Where where) implements Entry {}

        /** A file's contents (its path templated), converted by an ESP-IDF encoding. */
        record File(String key, ValueEncoding encoding, Template path, Yaml.Where where) implements Entry {}

        /** A credential of the device, stored as DER (a blob) or PEM (a string). */
        record Credential(String key, CredentialKind kind, StoreFormat format, Yaml.Where where) implements Entry {}
    }

    enum CredentialKind {
        /** The device's certificate. */
        CERTIFICATE("certificate"),
        /** The device's private key, PKCS#8. */
        PRIVATE_KEY("private-key"),
        /** The CA's own certificate, the issuer of the device's. */
        CA_CERTIFICATE("ca-certificate"),
        /** Every certificate of the CA file: the CA's, then those above it. */
        CA_CHAIN("ca-chain"),
        /** The device's certificate followed by the CA chain. */
        CERTIFICATE_CHAIN("certificate-chain");

        final String id;

        CredentialKind(String id) {
            this.id = id;
        }

        static CredentialKind of(Yaml.Scalar s) {
            for (CredentialKind k : values()) {
                if (k.id.equals(s.required())) {
                    return k;
                }
            }
            throw s.error("unknown credential '" + s.text()
                    + "' (expected certificate, private-key, ca-certificate, ca-chain or certificate-chain)");
        }
    }

    /** DER goes into a blob; PEM into a string, NUL-terminated as mbedTLS's PEM parser wants it. */
    enum StoreFormat {
        DER,
        PEM;

        static StoreFormat of(Yaml.Scalar s) {
            return switch (s.required()) {
                case "der" -> DER;
                case "pem" -> PEM;
                default -> throw s.error("unknown format '" + s.text() + "' (expected der or pem)");
            };
        }
    }

    private static final List<String> TOP =
            List.of("partition", "devices", "credentials", "preset", "namespaces", "output");

    /** Reads the manifest at {@code file}, shown as {@code name} in messages. */
    static Manifest read(Path file, String name) {
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

    /**
     * A preset's namespaces with the manifest's (or the API builder's) merged in: a key given again
     * replaces the preset's.
     */
    static void merge(List<Namespace> into, List<Namespace> more) {
        for (Namespace ns : more) {
            int at = -1;
            for (int i = 0; i < into.size(); i++) {
                if (into.get(i).name().equals(ns.name())) {
                    at = i;
                }
            }
            if (at < 0) {
                into.add(ns);
                continue;
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            into.get(at).entries().forEach(e -> entries.put(e.key(), e));
            ns.entries().forEach(e -> entries.put(e.key(), e));
            into.set(at, new Namespace(ns.name(), List.copyOf(entries.values()), ns.where()));
        }
    }

    /** Turns the YAML tree into a manifest, field by field. */
    private static final class Binder {
        private final String name;
        private final Path dir;

        Binder(String name, Path dir) {
            this.name = name;
            this.dir = dir;
        }

        Manifest manifest(Yaml.Mapping root) {
            root.only(TOP);
            String preset = root.scalar("preset").map(Yaml.Scalar::required).orElse(null);
            Presets.Preset p = preset == null
                    ? null
                    : Presets.named(root.get("preset").orElseThrow().asScalar());
            Partition partition =
                    partition(root.get("partition").map(Yaml.Node::asMapping).orElse(null), root, p);
            Devices devices = devices(root.require("devices").asMapping());
            Credentials credentials =
                    root.get("credentials").map(n -> credentials(n.asMapping())).orElse(null);
            List<Namespace> namespaces = new ArrayList<>();
            if (p != null) {
                namespaces.addAll(p.namespaces(credentials != null && credentials.csrMode(), root.where()));
            }
            root.get("namespaces").ifPresent(n -> merge(namespaces, namespaces(n.asMapping())));
            if (namespaces.isEmpty()) {
                throw root.error("nothing to write: give namespaces, or a preset");
            }
            checkCredentialEntries(namespaces, credentials, root);
            String outputDir = root.get("output")
                    .map(n -> n.asMapping()
                            .only("dir")
                            .scalar("dir")
                            .map(Yaml.Scalar::required)
                            .orElse(null))
                    .orElse(null);
            return new Manifest(name, dir, partition, devices, credentials, List.copyOf(namespaces), preset, outputDir);
        }

        Partition partition(Yaml.Mapping m, Yaml.Mapping root, Presets.Preset preset) {
            if (m == null) {
                if (preset == null) {
                    throw root.error("field 'partition' is missing (it gives the partition's size)");
                }
                return new Partition(preset.size(), FormatVersion.V2, new Encryption.None(), null);
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
                size = preset.size();
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
            return new Partition(size, version, encryption, target);
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
                throw file.where().error(e.getMessage());
            }
            PartitionTable table = PartitionTable.parse(data, file.display(), PartitionTableOptions.defaults());
            return NvsTarget.resolve(table, name, null, !(encryption instanceof Encryption.None));
        }

        Encryption encryption(Yaml.Node n) {
            if (n instanceof Yaml.Scalar s) {
                if ("none".equals(s.text())) {
                    return new Encryption.None();
                }
                throw s.error("expected 'none', or fields keys: FILE|per-device or hmac-key: FILE|per-device");
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

        Devices devices(Yaml.Mapping m) {
            m.only("csv", "serial-column", "range");
            String which = m.oneOf("csv", "range");
            if (which.equals("csv")) {
                String column =
                        m.scalar("serial-column").map(Yaml.Scalar::required).orElse("serial");
                return new Devices.Csv(file(m.require("csv").asScalar()), column, m.where());
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
            if (to - from >= MAX_DEVICES) {
                throw r.error(
                        "the range holds " + (to - from + 1) + " devices; at most " + MAX_DEVICES + " go into one run");
            }
            return new Devices.Range(prefix, from, to, digits, r.where());
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
            FileRef caCert;
            CaKey caKey;
            if (ca.has("keystore")) {
                for (String other : List.of(
                        "certificate", "key", "passphrase-env", "passphrase-file", "pkcs11-library", "pin-env")) {
                    if (ca.has(other)) {
                        throw ca.require(other)
                                .error(other + " does not go with keystore: the key store holds the"
                                        + " CA's key and certificate chain");
                    }
                }
                caCert = null;
                FileRef store = file(ca.require("keystore").asScalar());
                String alias = ca.scalar("alias").map(Yaml.Scalar::required).orElse(null);
                String env =
                        ca.scalar("password-env").map(Yaml.Scalar::required).orElse(null);
                caKey = new CaKey.KeyStore(
                        store,
                        alias,
                        new Secret(env, null, store.display(), "password", "credentials.ca.password-env"));
            } else {
                for (String other : List.of("alias", "password-env")) {
                    if (ca.has(other)) {
                        throw ca.require(other).error(other + " goes with keystore");
                    }
                }
                caCert = file(ca.require("certificate").asScalar());
                Yaml.Scalar key = ca.require("key").asScalar();
                if (Pkcs11Uri.looksLikeUri(key.required())) {
                    caKey = pkcs11Key(ca, key);
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
                    caKey = new CaKey.File(
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
            if (subject.templates().stream().allMatch(Template::isConstant)) {
                try {
                    subject.render(Map.of());
                } catch (IllegalArgumentException e) {
                    throw subject.where().error(e.getMessage());
                }
            }
            if (m.has("validity-days") && m.has("not-after")) {
                throw m.require("not-after").error("give validity-days or not-after, not both");
            }
            Integer days = m.scalar("validity-days")
                    .map(s -> Math.toIntExact(number(s, 1, 100L * 366)))
                    .orElse(null);
            Instant notAfter = m.scalar("not-after").map(this::instant).orElse(null);
            String notBefore = m.scalar("not-before")
                    .map(s -> {
                        try {
                            CertificateProfile.notBefore(s.required(), Instant.now());
                        } catch (IllegalArgumentException e) {
                            throw s.error(e.getMessage());
                        }
                        return s.required();
                    })
                    .orElse(null);
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
                    caCert,
                    caKey,
                    keyType,
                    csr,
                    subject,
                    notBefore,
                    notAfter,
                    days,
                    List.copyOf(altNames),
                    keyUsages,
                    List.copyOf(usages),
                    m.where());
        }

        /** A key named by a PKCS#11 URI: the library from pkcs11-library (or the URI's module-path), the PIN from pin-env. */
        CaKey pkcs11Key(Yaml.Mapping ca, Yaml.Scalar key) {
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
            } else if (uri.modulePath().isPresent()) {
                library = new FileRef(
                        dir.resolve(uri.modulePath().get()), uri.modulePath().get(), key.where());
            } else {
                throw key.error("a key in a PKCS#11 token needs its library: add pkcs11-library"
                        + " (e.g. /usr/lib/softhsm/libsofthsm2.so)");
            }
            String env = ca.scalar("pin-env").map(Yaml.Scalar::required).orElse(null);
            return new CaKey.Pkcs11(
                    uri, library, new Secret(env, null, uri.toString(), "PIN", "credentials.ca.pin-env"));
        }

        List<Namespace> namespaces(Yaml.Mapping m) {
            List<Namespace> out = new ArrayList<>();
            for (Map.Entry<String, Yaml.Node> ns : m.fields().entrySet()) {
                Yaml.Where where = ns.getValue().where();
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
            return out;
        }

        Entry entry(String key, Yaml.Node node) {
            Yaml.Where where = node.where();
            checkName("key", key, where);
            Yaml.Mapping m = node.asMapping().only("type", "value", "file", "credential", "format");
            if (m.has("credential")) {
                if (m.has("type") || m.has("value") || m.has("file")) {
                    throw m.error("a credential entry takes only credential and format");
                }
                CredentialKind kind = CredentialKind.of(m.require("credential").asScalar());
                StoreFormat format = m.scalar("format")
                        .map(StoreFormat::of)
                        .orElse(
                                kind == CredentialKind.PRIVATE_KEY || kind == CredentialKind.CERTIFICATE
                                        ? StoreFormat.DER
                                        : StoreFormat.PEM);
                return new Entry.Credential(key, kind, format, where);
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
                return new Entry.File(key, encoding, t, where);
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

        static void checkCredentialEntries(List<Namespace> namespaces, Credentials credentials, Yaml.Mapping root) {
            for (Namespace ns : namespaces) {
                for (Entry e : ns.entries()) {
                    if (!(e instanceof Entry.Credential c)) {
                        continue;
                    }
                    if (credentials == null) {
                        throw e.where()
                                .error("stores the device's " + c.kind().id
                                        + ", but the manifest has no credentials section to issue it");
                    }
                    if (credentials.csrMode() && c.kind() == CredentialKind.PRIVATE_KEY) {
                        throw e.where()
                                .error("stores the device's private key, but with csr the key stays in the device");
                    }
                }
            }
        }

        void checkName(String what, String value, Yaml.Where where) {
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

    /** More devices than this in one run is a typo in a range rather than a factory order. */
    static final long MAX_DEVICES = 10_000_000L;
}
