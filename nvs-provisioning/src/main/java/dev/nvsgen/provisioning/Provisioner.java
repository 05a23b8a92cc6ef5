package dev.nvsgen.provisioning;

import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.crypto.credentials.CertificateProfile;
import dev.nvsgen.crypto.credentials.KeyAlgorithm;
import dev.nvsgen.crypto.credentials.SubjectAltName;
import dev.nvsgen.factory.DeviceEncryption;
import dev.nvsgen.factory.RunFingerprint;
import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.csv.ValueEncoding;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Provisions devices from Java, no manifest file needed: what each device's NVS image holds (templated
 * values and credentials), the CA that issues its certificate, how images are encrypted. Then either
 * {@link #provision(Device) one device in memory} (a service that streams images to a station) or
 * {@link #writeAll a whole list into a folder}, exactly as {@code nvsgen batch} writes it (images,
 * certificates, key files, the run record).
 *
 * <pre>{@code
 * Provisioner p = Provisioner.builder()
 *         .preset(Preset.ESP_SECURE_CERT)
 *         .authority(CertificateAuthority.of(chain, caKey, Instant.now()))
 *         .subject("CN=${serial},O=Example")
 *         .build();
 * ProvisionedDevice d = p.provision(Device.of("SN-0001"));
 * }</pre>
 *
 * <p>Immutable and safe to use from many threads at once; each call holds one device in memory.
 * Certificates are valid from {@link Builder#build()} time (or {@link Builder#now}).
 */
public final class Provisioner {
    private static final String SOURCE = "devices";

    private final Manifest manifest;
    private final CertificateAuthority ca;
    private final DeviceEncryption encryption;
    private final Instant now;
    private final BatchPlan single;

    private Provisioner(Manifest manifest, CertificateAuthority ca, DeviceEncryption encryption, Instant now) {
        this.manifest = manifest;
        this.ca = ca;
        this.encryption = encryption;
        this.now = now;
        this.single = BatchPlan.of(manifest, null, ca, encryption, now, false);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The layout, certificate profile and encryption of the YAML manifest {@code file} (as {@code nvsgen
     * batch} reads it), issuing with {@code ca} instead of the key files its {@code credentials.ca}
     * names: a manifest shared with the command line, and a CA key from a key store or token. Its device
     * list is the caller's ({@link Devices} reads the manifest's kinds).
     *
     * @param ca null when the manifest issues no credentials
     * @throws NvsInputException naming the manifest's line, as {@code nvsgen batch} does
     */
    public static Provisioner fromManifest(Path file, CertificateAuthority ca) {
        Manifest manifest = Manifest.read(file, file.toString());
        if ((manifest.credentials() != null) != (ca != null)) {
            throw new NvsInputException(file + ": "
                    + (ca == null
                            ? "the manifest issues credentials: give the CA that issues them"
                            : "the manifest has no credentials section, so the CA would issue nothing"));
        }
        return new Provisioner(
                manifest, ca, BatchPlan.encryption(manifest.partition().encryption()), Instant.now());
    }

    /**
     * Makes {@code device}'s image and credentials in memory: a fresh key pair and certificate (when the
     * layout holds credentials), its values filled in, the image laid out and encrypted.
     *
     * @throws NvsInputException naming the device and the key: a field the templates need is missing, a
     *     value does not convert, the image does not fit
     */
    public ProvisionedDevice provision(Device device) {
        Objects.requireNonNull(device, "device");
        DeviceList one = DeviceList.of(List.of(device), "device " + device.serial());
        DeviceList.Device d = one.devices().get(0);
        BatchPlan.Made made = single.make(one, d);
        BatchPlan.Credentials c = made.credentials();
        return new ProvisionedDevice(
                device.serial(),
                made.image(),
                c == null ? null : c.certificate(),
                c == null ? null : c.key(),
                made.keyFiles());
    }

    /** {@link #writeAll(Iterable, Path, RunOptions)} with {@link RunOptions#defaults()}. */
    public RunSummary writeAll(Iterable<Device> devices, Path outDir) throws IOException {
        return writeAll(devices, outDir, RunOptions.defaults());
    }

    /**
     * Makes every device into {@code outDir} as {@code nvsgen batch} does: {@code bin/SERIAL.bin},
     * {@code certs/SERIAL.pem}, {@code keys/} for per-device keys, and the run record
     * {@code batch-run.csv} / {@code batch-run.json}. Every device is checked before the first file is
     * written; files are written atomically, the image last; the first device that fails stops the run.
     *
     * @throws NvsInputException naming the device and what is wrong, or that the folder holds a run
     */
    public RunSummary writeAll(Iterable<Device> devices, Path outDir, RunOptions options) throws IOException {
        Objects.requireNonNull(outDir, "outDir");
        DeviceList list = DeviceList.of(devices, SOURCE);
        BatchPlan plan = BatchPlan.of(manifest, list, ca, encryption, now, options.threads() > 1);
        BatchRun.Summary s = BatchRun.run(
                plan,
                new BatchRun.Options(
                        outDir,
                        outDir.toString(),
                        options.resume(),
                        options.force(),
                        options.threads(),
                        options.progress(),
                        fingerprint(list),
                        java.util.Map.of()));
        return new RunSummary(s.devices(), s.made(), s.resumed(), s.nanos(), s.csv(), s.json());
    }

    /**
     * What defines a run's outputs when it comes from Java rather than a manifest file: the devices and
     * their columns, the CA certificate, the partition and its encryption. A resume with other ones is
     * refused. (What the templates say is not part of it: they are code, not a file that can change
     * between two runs of one program.)
     */
    private RunFingerprint fingerprint(DeviceList list) {
        StringBuilder devices = new StringBuilder();
        for (DeviceList.Device d : list.devices()) {
            devices.append(d.serial()).append('\u0000').append(d.columns()).append('\n');
        }
        RunFingerprint.Builder f = RunFingerprint.builder().text("the devices", devices.toString());
        if (ca != null) {
            try {
                f.bytes("the CA certificate", ca.certificate().getEncoded());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("a loaded certificate encodes again", e);
            }
        }
        return f.text(
                        "the partition",
                        manifest.partition().size() + " v"
                                + manifest.partition().version().number() + " "
                                + BatchRun.encryptionName(manifest.partition().encryption())
                                + (encryption == null ? "" : " encrypted"))
                .build();
    }

    @Override
    public String toString() {
        return "Provisioner[" + manifest.partition().size() + ", "
                + manifest.namespaces().size() + " namespaces"
                + (ca == null
                        ? ""
                        : ", CA " + ca.certificate().getSubjectX500Principal().getName()) + "]";
    }

    /** Collects what a {@link Provisioner} makes; not thread-safe, {@link #build()} checks it. */
    public static final class Builder {
        private static final String API = "builder";

        private PartitionSize size;
        private FormatVersion version = FormatVersion.V2;
        private Preset preset;
        private final Map<String, Map<String, Manifest.Entry>> namespaces = new LinkedHashMap<>();
        private CertificateAuthority ca;
        private KeyAlgorithm keyType = KeyAlgorithm.EC_P256;
        private String csr;
        private String subject = "CN=${serial}";
        private Integer validityDays;
        private Instant notAfter;
        private List<String> usages = List.of(CertificateProfile.Usage.CLIENT_AUTH.oid());
        private Set<CertificateProfile.KeyUsage> keyUsages;
        private String notBefore;
        private final List<Template> subjectAltNames = new ArrayList<>();
        private DeviceEncryption encryption;
        private String encryptionName = "given";
        private Instant now;

        private Builder() {}

        /** The partition's size; a preset gives 0x3000 when this is not set. */
        public Builder partitionSize(PartitionSize size) {
            this.size = Objects.requireNonNull(size, "size");
            return this;
        }

        public Builder formatVersion(FormatVersion version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** A well-known credential layout; values and credentials added here come after its entries. */
        public Builder preset(Preset preset) {
            this.preset = Objects.requireNonNull(preset, "preset");
            return this;
        }

        /**
         * Stores {@code template}, filled in per device ({@code ${serial}}, {@code ${field}}), under
         * {@code namespace}/{@code key}, converted by the ESP-IDF encoding {@code type} ({@code u8} …
         * {@code i64}, {@code float}, {@code double}, {@code string}, {@code hex2bin}, {@code base64}).
         *
         * @throws NvsInputException for a bad name, type or template, or a constant value that does not convert
         */
        public Builder value(String namespace, String key, String type, String template) {
            Yaml.Where where = where(namespace, key);
            ValueEncoding encoding;
            try {
                encoding = ValueEncoding.named(type);
            } catch (IllegalArgumentException e) {
                throw where.error(e.getMessage().replace("encoding", "type"));
            }
            Template t = Template.parse(template, where);
            if (t.isConstant()) {
                try {
                    encoding.fromText(template);
                } catch (IllegalArgumentException e) {
                    throw where.error(e.getMessage());
                }
            }
            return put(namespace, new Manifest.Entry.Value(key, encoding, t, where));
        }

        /**
         * Stores the contents of the file {@code pathTemplate} names ({@code files/${serial}.json};
         * relative to the working folder), converted by the ESP-IDF encoding {@code type} ({@code string},
         * {@code binary}, {@code hex2bin}, {@code base64}). A file every device shares is read once.
         */
        public Builder file(String namespace, String key, String type, String pathTemplate) {
            Yaml.Where where = where(namespace, key);
            ValueEncoding encoding;
            try {
                encoding = ValueEncoding.named(type);
            } catch (IllegalArgumentException e) {
                throw where.error(e.getMessage().replace("encoding", "type"));
            }
            if (pathTemplate.isEmpty()) {
                throw where.error("a file name is needed here");
            }
            return put(namespace, new Manifest.Entry.File(key, encoding, Template.parse(pathTemplate, where), where));
        }

        /** Stores the device's {@code credential} under {@code namespace}/{@code key}, as DER or PEM. */
        public Builder credential(String namespace, String key, Credential credential, Credential.Format format) {
            Yaml.Where where = where(namespace, key);
            return put(
                    namespace,
                    new Manifest.Entry.Credential(
                            key, credential.kind(), Manifest.StoreFormat.valueOf(format.name()), where));
        }

        /** The CA that issues each device's certificate; needed when the layout holds credentials. */
        public Builder authority(CertificateAuthority ca) {
            this.ca = Objects.requireNonNull(ca, "ca");
            return this;
        }

        /** The key pair made for each device (default EC P-256). */
        public Builder keyType(KeyAlgorithm keyType) {
            this.keyType = Objects.requireNonNull(keyType, "keyType");
            return this;
        }

        /**
         * Signs each device's own certificate request instead of making it a key pair: the CSR file
         * {@code pathTemplate} names ({@code csrs/${serial}.csr}, PEM or DER; relative to the working
         * folder), read and verified once per device. The device keeps its private key, so the layout
         * cannot store one.
         */
        public Builder csr(String pathTemplate) {
            this.csr = Objects.requireNonNull(pathTemplate, "pathTemplate");
            return this;
        }

        /** The certificate subject, a template: {@code CN=${serial},O=Example} (the default is {@code CN=${serial}}). */
        public Builder subject(String subject) {
            this.subject = Objects.requireNonNull(subject, "subject");
            return this;
        }

        /** Certificates valid this many days (default: until the CA certificate expires). */
        public Builder validityDays(int days) {
            if (days < 1) {
                throw new IllegalArgumentException("validity must be at least one day, was " + days);
            }
            this.validityDays = days;
            this.notAfter = null;
            return this;
        }

        public Builder notAfter(Instant notAfter) {
            this.notAfter = Objects.requireNonNull(notAfter, "notAfter");
            this.validityDays = null;
            return this;
        }

        /** The extended key usages of device certificates, exactly these (default: client authentication). */
        public Builder extendedKeyUsages(Set<CertificateProfile.Usage> usages) {
            this.usages = EnumSet.copyOf(usages).stream()
                    .map(CertificateProfile.Usage::oid)
                    .toList();
            return this;
        }

        /**
         * The extended key usages of device certificates, exactly these, by name ({@code client-auth}) or
         * OID ({@code 1.3.6.1.5.5.7.3.1}), in this order.
         *
         * @throws IllegalArgumentException for an unknown name or a malformed OID
         */
        public Builder extendedKeyUsages(List<String> namesOrOids) {
            this.usages = namesOrOids.stream()
                    .map(CertificateProfile::extendedKeyUsage)
                    .toList();
            return this;
        }

        /** The key usages of device certificates, exactly these (default: digitalSignature, and keyEncipherment for RSA keys). */
        public Builder keyUsages(Set<CertificateProfile.KeyUsage> keyUsages) {
            this.keyUsages = Set.copyOf(keyUsages);
            return this;
        }

        /** Certificates start to be valid {@code back} before {@link #now(Instant)} (a backdated start; default: now). */
        public Builder notBefore(Duration back) {
            if (back.isNegative()) {
                throw new IllegalArgumentException("notBefore goes back from now; " + back + " goes forward");
            }
            this.notBefore = "-" + back.getSeconds() + "s";
            return this;
        }

        /** Certificates start to be valid at {@code notBefore}. */
        public Builder notBefore(Instant notBefore) {
            this.notBefore = Objects.requireNonNull(notBefore, "notBefore").toString();
            return this;
        }

        /**
         * Adds subject alternative names, each a template as openssl writes them: {@code URI:urn:dev:${serial}},
         * {@code DNS:${serial}.devices.example.com}, {@code IP:...}, {@code email:...}.
         *
         * @throws IllegalArgumentException for a name without a template that is not valid as it stands
         */
        public Builder subjectAltNames(String... templates) {
            for (String t : templates) {
                Template template = Template.parse(t, new Yaml.Where(API, 0, "subjectAltNames"));
                if (template.isConstant()) {
                    SubjectAltName.parse(t);
                }
                subjectAltNames.add(template);
            }
            return this;
        }

        /**
         * Encrypts every image with {@code encryption} (see {@code dev.nvsgen.factory.DeviceEncryptions});
         * {@code description} is what the run record says of it. Per-device key files it returns go to
         * {@code keys/} in a folder run and to {@link ProvisionedDevice#keyFiles()} in memory.
         */
        public Builder encryption(DeviceEncryption encryption, String description) {
            this.encryption = Objects.requireNonNull(encryption, "encryption");
            this.encryptionName = Objects.requireNonNull(description, "description");
            return this;
        }

        /** The time certificates start (default: when {@link #build()} runs). */
        public Builder now(Instant now) {
            this.now = Objects.requireNonNull(now, "now");
            return this;
        }

        /**
         * Checks and freezes what was collected.
         *
         * @throws NvsInputException when nothing is to be stored, credentials are stored without a CA, or
         *     the certificates would outlive the CA
         */
        public Provisioner build() {
            Yaml.Where where = new Yaml.Where(API, 0, "");
            List<Manifest.Namespace> all = new ArrayList<>();
            if (preset != null) {
                all.addAll(preset.layout().namespaces(csr != null, where));
            }
            List<Manifest.Namespace> given = new ArrayList<>();
            for (Map.Entry<String, Map<String, Manifest.Entry>> ns : namespaces.entrySet()) {
                given.add(new Manifest.Namespace(
                        ns.getKey(), List.copyOf(ns.getValue().values()), where(ns.getKey(), "")));
            }
            Manifest.merge(all, given);
            if (all.isEmpty()) {
                throw where.error("nothing to store: add values or credentials, or a preset");
            }
            boolean storesCredentials = all.stream()
                    .flatMap(ns -> ns.entries().stream())
                    .anyMatch(e -> e instanceof Manifest.Entry.Credential);
            if (storesCredentials && ca == null) {
                throw where.error("the layout stores credentials: give the CA that issues them (authority)");
            }
            if (csr != null
                    && all.stream()
                            .flatMap(ns -> ns.entries().stream())
                            .anyMatch(e -> e instanceof Manifest.Entry.Credential c
                                    && c.kind() == Manifest.CredentialKind.PRIVATE_KEY)) {
                throw where.error(
                        "the layout stores the device's private key, but with csr the key stays in the device");
            }
            Manifest.Credentials credentials = null;
            if (ca != null) {
                Yaml.Where at = new Yaml.Where(API, 0, "subject");
                credentials = new Manifest.Credentials(
                        null,
                        null,
                        csr == null ? keyType : null,
                        csr == null ? null : Template.parse(csr, new Yaml.Where(API, 0, "csr")),
                        Manifest.Subject.parse(subject, at),
                        notBefore,
                        notAfter,
                        validityDays,
                        List.copyOf(subjectAltNames),
                        keyUsages,
                        usages,
                        where);
            }
            PartitionSize partitionSize =
                    size != null ? size : preset != null ? preset.layout().size() : null;
            if (partitionSize == null) {
                throw where.error("give the partition's size (partitionSize), or a preset");
            }
            Manifest.Encryption described =
                    encryption == null ? new Manifest.Encryption.None() : new Manifest.Encryption.Given(encryptionName);
            Manifest manifest = new Manifest(
                    "provisioning API",
                    Path.of("").toAbsolutePath(),
                    new Manifest.Partition(partitionSize, version, described, null),
                    null,
                    credentials,
                    List.copyOf(all),
                    preset == null ? null : preset.manifestName(),
                    null);
            return new Provisioner(manifest, ca, encryption, now != null ? now : Instant.now());
        }

        private Builder put(String namespace, Manifest.Entry entry) {
            namespaces.computeIfAbsent(namespace, n -> new LinkedHashMap<>()).put(entry.key(), entry);
            return this;
        }

        private static Yaml.Where where(String namespace, String key) {
            Yaml.Where where = new Yaml.Where(API, 0, key.isEmpty() ? namespace : namespace + "." + key);
            try {
                NvsEntry.checkName("namespace name", namespace);
                if (!key.isEmpty()) {
                    NvsEntry.checkName("key", key);
                }
            } catch (IllegalArgumentException e) {
                throw where.error(e.getMessage());
            }
            return where;
        }
    }
}
