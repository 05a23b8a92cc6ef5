package dev.nvsgen.provisioning;

import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.crypto.credentials.CertificateProfile;
import dev.nvsgen.crypto.credentials.KeyAlgorithm;
import dev.nvsgen.crypto.credentials.SubjectAltName;
import dev.nvsgen.crypto.flash.Chip;
import dev.nvsgen.factory.DeviceEncryption;
import dev.nvsgen.factory.NvsTarget;
import dev.nvsgen.factory.RunFingerprint;
import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.csv.ValueEncoding;
import dev.nvsgen.partitions.PartitionTable;
import dev.nvsgen.provisioning.internal.manifest.ManifestReader;
import dev.nvsgen.provisioning.model.Credential;
import dev.nvsgen.provisioning.model.Entry;
import dev.nvsgen.provisioning.model.FlashEncryption;
import dev.nvsgen.provisioning.model.IssuancePolicy;
import dev.nvsgen.provisioning.model.Layout;
import dev.nvsgen.provisioning.model.MatterSpec;
import dev.nvsgen.provisioning.model.Namespace;
import dev.nvsgen.provisioning.model.Origin;
import dev.nvsgen.provisioning.model.PartitionSpec;
import dev.nvsgen.provisioning.model.Preset;
import dev.nvsgen.provisioning.model.ProvisioningSpec;
import dev.nvsgen.provisioning.model.SecureCert;
import dev.nvsgen.provisioning.model.Subject;
import dev.nvsgen.provisioning.model.Template;
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

    private final ProvisioningSpec spec;
    private final CertificateAuthority ca;
    private final Instant now;
    private final BatchPlan single;

    private Provisioner(ProvisioningSpec spec, CertificateAuthority ca, Instant now) {
        this.spec = spec;
        this.ca = ca;
        this.now = now;
        this.single = BatchPlan.of(spec, null, ca, now, false);
    }

    /**
     * A provisioner of {@code spec}, issuing with {@code ca} (null when the spec issues nothing),
     * certificates valid from {@code now}: what the builder and {@link #fromManifest} both end in.
     *
     * @throws NvsInputException when the layout stores credentials and no CA is given, or the other way
     *     round, or the certificates would outlive the CA
     */
    public static Provisioner of(ProvisioningSpec spec, CertificateAuthority ca, Instant now) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(now, "now");
        if ((spec.issuance() != null) != (ca != null)) {
            throw new NvsInputException(spec.name() + ": "
                    + (ca == null
                            ? "the manifest issues credentials: give the CA that issues them"
                            : "the manifest has no credentials section, so the CA would issue nothing"));
        }
        return new Provisioner(spec, ca, now);
    }

    /** What this provisioner makes of each device. */
    public ProvisioningSpec spec() {
        return spec;
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
        return of(ManifestReader.read(file, file.toString()).provisioning(), ca, Instant.now());
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
        Device d = one.devices().get(0);
        BatchPlan.Made made = single.make(one, d);
        BatchPlan.Credentials c = made.credentials();
        return new ProvisionedDevice(
                device.serial(),
                made.image(),
                c == null ? null : c.certificate(),
                c == null ? null : c.key(),
                made.keyFiles(),
                made.matter());
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
        BatchPlan plan = BatchPlan.of(spec, list, ca, now, options.threads() > 1);
        return Batch.runOrSayResume(
                plan,
                new BatchRun.Options(
                        outDir,
                        outDir.toString(),
                        options.resume(),
                        options.force(),
                        options.threads(),
                        options.progress(),
                        fingerprint(list),
                        java.util.Map.of(),
                        RunFolderException.Words.RUN_OPTIONS));
    }

    /**
     * What defines a run's outputs when it comes from Java rather than a manifest file: the devices and
     * their columns, the CA certificate, the partition and its encryption. A resume with other ones is
     * refused. (What the templates say is not part of it: they are code, not a file that can change
     * between two runs of one program.)
     */
    private RunFingerprint fingerprint(DeviceList list) {
        StringBuilder devices = new StringBuilder();
        for (Device d : list.devices()) {
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
        if (spec.flashEncryption() != null) {
            f.text("the flash encryption", spec.flashEncryption().description());
        }
        if (spec.matter() != null) {
            f.text("the Matter product", spec.matter().description());
            if (spec.matter().certificationDeclaration() != null) {
                var cd = spec.matter().certificationDeclaration();
                f.file("the Certification Declaration " + cd.display(), cd.path());
            }
        }
        return f.text(
                        "the partition",
                        spec.partition().size() + " v"
                                + spec.partition().version().number() + " "
                                + spec.partition().encryption().description()
                                + (spec.partition().encryption() instanceof PartitionSpec.Encryption.None
                                        ? ""
                                        : " encrypted"))
                .build();
    }

    @Override
    public String toString() {
        return "Provisioner[" + spec.partition().size() + ", "
                + spec.layout().namespaces().size() + " namespaces"
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
        private final Map<String, Map<String, Entry>> namespaces = new LinkedHashMap<>();
        private CertificateAuthority ca;
        private KeyAlgorithm keyType = KeyAlgorithm.EC_P256;
        private String csr;
        private String subject = "CN=${serial}";
        private IssuancePolicy.Start start = new IssuancePolicy.Start.Now();
        private IssuancePolicy.End end = new IssuancePolicy.End.WithTheCa();
        private List<String> usages = List.of(CertificateProfile.Usage.CLIENT_AUTH.oid());
        private Set<CertificateProfile.KeyUsage> keyUsages;
        private final List<Template> subjectAltNames = new ArrayList<>();
        private PartitionSpec.Encryption encryption = new PartitionSpec.Encryption.None();
        private PartitionTable table;
        private FlashEncryption flashEncryption;
        private Path dir;
        private Instant now;
        private SecureCert secureCert;
        private MatterSpec matter;
        /** Whether subject, alternative names or (extended) key usages were set: the matter preset fixes them. */
        private boolean profileSet;

        private Builder() {}

        /**
         * The product whose Matter factory data the {@link Preset#MATTER} preset writes; needed with it. The
         * DAC profile is then Matter's: subject CN ({@link MatterSpec#commonName()}), VID, PID; key usage
         * digitalSignature alone; an EC P-256 key; the {@link #authority} is the PAI.
         */
        public Builder matter(MatterSpec matter) {
            this.matter = Objects.requireNonNull(matter, "matter");
            return this;
        }

        /**
         * How the {@link Preset#ESP_SECURE_CERT} preset writes the partition (default: the TLV format for
         * esp32c3, key in plaintext; {@code SecureCert} with {@code SecureCertLayout.NVS} for the legacy
         * NVS layout the preset wrote before).
         */
        public Builder secureCert(SecureCert secureCert) {
            this.secureCert = Objects.requireNonNull(secureCert, "secureCert");
            return this;
        }

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

        /** The folder relative paths of {@link #file} and {@link #csr} start from (default: the working folder). */
        public Builder baseDir(Path dir) {
            this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
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
            Origin where = where(namespace, key);
            ValueEncoding encoding = encoding(type, where);
            Template t = Template.parse(template, where);
            if (t.isConstant()) {
                try {
                    encoding.fromText(template);
                } catch (IllegalArgumentException e) {
                    throw where.error(e.getMessage());
                }
            }
            return put(namespace, new Entry.Value(key, encoding, t, where));
        }

        /**
         * Stores the contents of the file {@code pathTemplate} names ({@code files/${serial}.json};
         * relative to {@link #baseDir}), converted by the ESP-IDF encoding {@code type} ({@code string},
         * {@code binary}, {@code hex2bin}, {@code base64}). A file every device shares is read once.
         */
        public Builder file(String namespace, String key, String type, String pathTemplate) {
            Origin where = where(namespace, key);
            ValueEncoding encoding = encoding(type, where);
            if (pathTemplate.isEmpty()) {
                throw where.error("a file name is needed here");
            }
            return put(namespace, new Entry.FileContents(key, encoding, Template.parse(pathTemplate, where), where));
        }

        /** Stores the device's {@code credential} under {@code namespace}/{@code key}, as DER or PEM. */
        public Builder credential(String namespace, String key, Credential credential, Credential.Format format) {
            return put(namespace, new Entry.DeviceCredential(key, credential, format, where(namespace, key)));
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
         * {@code pathTemplate} names ({@code csrs/${serial}.csr}, PEM or DER; relative to {@link #baseDir}),
         * read and verified once per device. The device keeps its private key, so the layout cannot store one.
         */
        public Builder csr(String pathTemplate) {
            this.csr = Objects.requireNonNull(pathTemplate, "pathTemplate");
            return this;
        }

        /** The certificate subject, a template: {@code CN=${serial},O=Example} (the default is {@code CN=${serial}}). */
        public Builder subject(String subject) {
            profileSet = true;
            this.subject = Objects.requireNonNull(subject, "subject");
            return this;
        }

        /** Certificates valid this many days (default: until the CA certificate expires). */
        public Builder validityDays(int days) {
            if (days < 1) {
                throw new IllegalArgumentException("validity must be at least one day, was " + days);
            }
            return validity(Duration.ofDays(days));
        }

        /** Certificates valid for {@code validity} from their start (default: until the CA certificate expires). */
        public Builder validity(Duration validity) {
            this.end = new IssuancePolicy.End.After(validity);
            return this;
        }

        public Builder notAfter(Instant notAfter) {
            this.end = new IssuancePolicy.End.At(notAfter);
            return this;
        }

        /** The extended key usages of device certificates, exactly these (default: client authentication). */
        public Builder extendedKeyUsages(Set<CertificateProfile.Usage> usages) {
            profileSet = true;
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
            profileSet = true;
            this.usages = namesOrOids.stream()
                    .map(CertificateProfile::extendedKeyUsage)
                    .toList();
            return this;
        }

        /** The key usages of device certificates, exactly these (default: digitalSignature, and keyEncipherment for RSA keys). */
        public Builder keyUsages(Set<CertificateProfile.KeyUsage> keyUsages) {
            profileSet = true;
            this.keyUsages = Set.copyOf(keyUsages);
            return this;
        }

        /** Certificates start to be valid {@code back} before {@link #now(Instant)} (a backdated start; default: now). */
        public Builder notBefore(Duration back) {
            this.start = new IssuancePolicy.Start.Before(back);
            return this;
        }

        /** Certificates start to be valid at {@code notBefore}. */
        public Builder notBefore(Instant notBefore) {
            this.start = new IssuancePolicy.Start.At(notBefore);
            return this;
        }

        /**
         * Adds subject alternative names, each a template as openssl writes them: {@code URI:urn:dev:${serial}},
         * {@code DNS:${serial}.devices.example.com}, {@code IP:...}, {@code email:...}.
         *
         * @throws IllegalArgumentException for a name without a template that is not valid as it stands
         */
        public Builder subjectAltNames(String... templates) {
            profileSet = true;
            for (String t : templates) {
                Template template = Template.parse(t, Origin.code(API, "subjectAltNames"));
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
            this.encryption = new PartitionSpec.Encryption.Given(encryption, description);
            return this;
        }

        /**
         * Keys every image with a fresh nvs_keys file per device (written to {@code keys/SERIAL.bin}); with
         * {@link #flashEncryption} and a table, also pre-encrypted as the device's keys partition.
         */
        public Builder keysPerDevice() {
            this.encryption = new PartitionSpec.Encryption.PerDeviceKeys();
            return this;
        }

        /**
         * Derives every image's keys from a fresh HMAC key per device ({@code keys/SERIAL-hmac-key.bin}),
         * which the eFuse script burns as {@code HMAC_UP} when flash encryption is on.
         */
        public Builder hmacKeyPerDevice() {
            this.encryption = new PartitionSpec.Encryption.PerDeviceHmacKey();
            return this;
        }

        /**
         * The device's partition table: the image goes to its first {@code data,nvs} partition (its size
         * unless {@link #partitionSize} says the same), the keys to its {@code data,nvs_keys} partition.
         */
        public Builder partitionTable(PartitionTable table) {
            this.table = Objects.requireNonNull(table, "table");
            return this;
        }

        /**
         * Pre-encrypts what goes on each device's flash and writes its eFuse script (needs
         * {@link #partitionTable}); see {@link FlashEncryption}. Applies to {@link #writeAll} only.
         */
        public Builder flashEncryption(FlashEncryption flashEncryption) {
            this.flashEncryption = Objects.requireNonNull(flashEncryption, "flashEncryption");
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
            Origin where = Origin.code(API, "");
            if ((preset == Preset.MATTER) != (matter != null)) {
                throw where.error(
                        matter == null
                                ? "preset MATTER needs the product's factory data: matter(MatterSpec)"
                                : "matter(MatterSpec) goes with preset MATTER");
            }
            if (matter != null && profileSet) {
                throw where.error("the matter preset's DAC profile is the Matter specification's (CN, VID, PID;"
                        + " digitalSignature): set MatterSpec.commonName, not subject, subjectAltNames or key usages");
            }
            if (matter != null && csr == null && keyType != KeyAlgorithm.EC_P256) {
                throw where.error("a DAC's key is EC P-256 (prime256v1), not " + keyType);
            }
            Layout layout = preset == null ? Layout.empty() : preset.layout(csr != null, matter, where);
            List<Namespace> given = new ArrayList<>();
            for (Map.Entry<String, Map<String, Entry>> ns : namespaces.entrySet()) {
                given.add(new Namespace(ns.getKey(), List.copyOf(ns.getValue().values()), where(ns.getKey(), "")));
            }
            layout = layout.merge(new Layout(given));
            if (layout.isEmpty()) {
                throw where.error("nothing to store: add values or credentials, or a preset");
            }
            if (layout.storesCredentials() && ca == null) {
                throw where.error("the layout stores credentials: give the CA that issues them (authority)");
            }
            if (csr != null && layout.stores(Credential.PRIVATE_KEY)) {
                throw where.error(
                        "the layout stores the device's private key, but with csr the key stays in the device");
            }
            IssuancePolicy policy = null;
            if (ca != null) {
                policy = new IssuancePolicy(
                        csr == null ? keyType : null,
                        csr == null ? null : Template.parse(csr, Origin.code(API, "csr")),
                        Subject.parse(subject, Origin.code(API, "subject")),
                        subjectAltNames,
                        start,
                        end,
                        matter != null ? Set.of(CertificateProfile.KeyUsage.DIGITAL_SIGNATURE) : keyUsages,
                        matter != null ? List.of() : usages,
                        where);
            }
            SecureCert sc = secureCert;
            if (sc != null && preset != Preset.ESP_SECURE_CERT) {
                throw where.error("secureCert goes with preset ESP_SECURE_CERT");
            }
            if (sc == null && preset == Preset.ESP_SECURE_CERT) {
                sc = SecureCert.tlv(Chip.ESP32C3);
            }
            if (sc != null && !sc.isNvs()) {
                if (!given.isEmpty()) {
                    throw where.error("the " + sc.format().id() + " esp_secure_cert partition holds the preset's"
                            + " certificates and key, not namespaces; use SecureCertLayout.NVS for an NVS partition");
                }
                if (!(encryption instanceof PartitionSpec.Encryption.None)) {
                    throw where.error("the " + sc.format().id() + " esp_secure_cert partition has no NVS encryption"
                            + " (flash encryption protects it); use SecureCertLayout.NVS for an NVS partition");
                }
                if (sc.key() != dev.nvsgen.securecert.KeyProtection.PLAINTEXT && csr != null) {
                    throw where.error(
                            sc.key().id() + " needs the device's private key; with csr it stays in the device");
                }
            }
            NvsTarget target = table == null || (sc != null && !sc.isNvs())
                    ? null
                    : NvsTarget.resolve(table, null, null, !(encryption instanceof PartitionSpec.Encryption.None));
            PartitionSize partitionSize = size != null
                    ? size
                    : target != null
                            ? target.size()
                            : sc != null && !sc.isNvs()
                                    ? new PartitionSize(sc.format().partitionSize())
                                    : preset != null ? preset.partitionSize() : null;
            if (partitionSize == null) {
                throw where.error("give the partition's size (partitionSize), or a preset");
            }
            if (target != null) {
                target.size(partitionSize);
            }
            if (flashEncryption != null && target == null) {
                throw where.error("flash encryption needs the partition table (partitionTable): it says which"
                        + " partitions are encrypted and where");
            }
            ProvisioningSpec spec = new ProvisioningSpec(
                    "provisioning API",
                    dir != null ? dir : Path.of("").toAbsolutePath(),
                    layout,
                    new PartitionSpec(partitionSize, version, encryption, target, sc),
                    policy,
                    flashEncryption,
                    matter);
            return new Provisioner(spec, ca, now != null ? now : Instant.now());
        }

        private Builder put(String namespace, Entry entry) {
            namespaces.computeIfAbsent(namespace, n -> new LinkedHashMap<>()).put(entry.key(), entry);
            return this;
        }

        private static ValueEncoding encoding(String type, Origin where) {
            try {
                return ValueEncoding.named(type);
            } catch (IllegalArgumentException e) {
                throw where.error(e.getMessage().replace("encoding", "type"));
            }
        }

        private static Origin where(String namespace, String key) {
            Origin where = Origin.code(API, key.isEmpty() ? namespace : namespace + "." + key);
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
