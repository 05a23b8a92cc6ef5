package dev.nvsgen.provisioning;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.crypto.credentials.CertificateProfile;
import dev.nvsgen.crypto.credentials.CertificateRequest;
import dev.nvsgen.crypto.credentials.CredentialReader;
import dev.nvsgen.crypto.credentials.DeviceKey;
import dev.nvsgen.crypto.credentials.DistinguishedName;
import dev.nvsgen.crypto.credentials.IssuedCertificate;
import dev.nvsgen.crypto.credentials.Pem;
import dev.nvsgen.crypto.credentials.SubjectAltName;
import dev.nvsgen.factory.DeviceEncryption;
import dev.nvsgen.factory.DeviceEncryptions;
import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.util.MessageText;
import dev.nvsgen.provisioning.model.BatchSpec;
import dev.nvsgen.provisioning.model.CaSource;
import dev.nvsgen.provisioning.model.Credential;
import dev.nvsgen.provisioning.model.Entry;
import dev.nvsgen.provisioning.model.IssuancePolicy;
import dev.nvsgen.provisioning.model.Namespace;
import dev.nvsgen.provisioning.model.PartitionSpec;
import dev.nvsgen.provisioning.model.ProvisioningSpec;
import dev.nvsgen.provisioning.model.Secret;
import dev.nvsgen.provisioning.model.SecureCert;
import dev.nvsgen.provisioning.model.Subject;
import dev.nvsgen.provisioning.model.Template;
import dev.nvsgen.securecert.CertificateFile;
import dev.nvsgen.securecert.EfuseKeyBurn;
import dev.nvsgen.securecert.KeyProtection;
import dev.nvsgen.securecert.PrivateKeyFile;
import dev.nvsgen.securecert.SecureCertGenerator;
import dev.nvsgen.securecert.SecureCertImage;
import dev.nvsgen.securecert.SecureCertItem;
import dev.nvsgen.securecert.SecureCertLayout;
import dev.nvsgen.securecert.SecureCertRequest;
import dev.nvsgen.securecert.TlvSubtype;
import dev.nvsgen.securecert.TlvType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A provisioning spec checked against its devices and CA, ready to make images. {@link #prepare} does every check
 * that can fail for a reason in the inputs (unknown columns, values that do not fit their type, a CA
 * that cannot issue, CSRs that do not verify, images that would not fit) for every device, before a run
 * writes its first file. Immutable and safe to use from many threads.
 */
final class BatchPlan {
    private final ProvisioningSpec spec;
    private final DeviceList devices;
    private final FileCache files;
    private final CertificateAuthority ca;
    /** Shapes of images that fitted in {@link #checkDevices}; see {@link #checkFits}. */
    private final Set<List<Object>> fittingShapes = ConcurrentHashMap.newKeySet();

    private final CertificateProfile profile;
    private final DeviceEncryption encryption;
    private final String caCertificatePem;
    private final String caChainPem;
    private final boolean storesPrivateKey;
    /**
     * CSR mode: each device's verified request key, kept from the check so that the run neither reads
     * nor verifies a CSR a second time; taken (and cleared) when the device is issued.
     */
    private final AtomicReferenceArray<PublicKey> checkedCsrKeys;
    /**
     * CSR mode: the device whose request brought each public key (its SubjectPublicKeyInfo encoding), so
     * that two devices sending one key are refused: two certificates for one key make two identities
     * that are one. A concurrent map, because the check runs on every core.
     */
    private final Map<ByteBuffer, Device> csrKeyOwners;
    /** The esp_secure_cert partition's CA certificate TLV, the same for every device; null for NVS. */
    private final CertificateFile secureCertCa;
    /** The HMAC key every device's DS data is made with, when one is given; null for one per device. */
    private final HmacKey sharedHmacKey;
    /** Bytes of the first device's TLVs, learnt by {@link #checkDevices}; what the others are measured by. */
    private int secureCertSampleLength;
    /** The matter preset's per-device factory data; null for other layouts. */
    private final MatterFactoryData matter;

    /** The randomness of DS data (IV, per-device HMAC keys); SecureRandom is safe on many threads. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private BatchPlan(
            ProvisioningSpec spec,
            DeviceList devices,
            FileCache files,
            CertificateAuthority ca,
            CertificateProfile profile,
            DeviceEncryption encryption,
            MatterFactoryData matter) {
        this.spec = spec;
        this.matter = matter;
        this.devices = devices;
        this.files = files;
        this.ca = ca;
        this.profile = profile;
        this.encryption = encryption;
        this.caCertificatePem =
                ca == null ? null : Pem.certificates(ca.chainDer().subList(0, 1));
        this.caChainPem = ca == null ? null : Pem.certificates(ca.chainDer());
        this.storesPrivateKey = spec.layout().stores(Credential.PRIVATE_KEY)
                || spec.layout().entries().stream()
                        .anyMatch(e -> e instanceof Entry.FactoryData f
                                && f.key().equals(dev.nvsgen.matter.ChipFactory.DAC_KEY));
        this.checkedCsrKeys =
                devices != null && spec.issuance() != null && spec.issuance().csrMode()
                        ? new AtomicReferenceArray<>(devices.devices().size())
                        : null;
        this.csrKeyOwners = checkedCsrKeys == null ? null : new ConcurrentHashMap<>();
        SecureCert sc = spec.partition().secureCert();
        this.secureCertCa =
                spec.partition().isSecureCert() && ca != null ? CertificateFile.of(ca.certificate(), true) : null;
        this.sharedHmacKey = sc != null && sc.hmacKey() != null
                ? HmacKey.read(sc.hmacKey().path(), sc.hmacKey().display())
                : null;
    }

    /** The credentials issued to one device: its key (none when it sent a CSR) and its certificate. */
    record Credentials(DeviceKey key, IssuedCertificate certificate) {}

    /**
     * Checks {@code batch} against its devices and CA at {@code now}.
     *
     * @param secrets gives the CA's passphrase, PIN or password when it is needed (a file key's only if
     *     the key is encrypted); the arrays are wiped after use
     * @param parallel whether the per-device checks may use every core
     */
    static BatchPlan prepare(BatchSpec batch, Function<Secret, char[]> secrets, Instant now, boolean parallel) {
        ProvisioningSpec spec = batch.provisioning();
        FileCache files = new FileCache();
        DeviceList devices = DeviceList.load(batch.devices(), files);
        checkColumns(spec, devices);
        CertificateAuthority ca = null;
        CertificateProfile profile = null;
        IssuancePolicy c = spec.issuance();
        if (c != null) {
            ca = loadCa(batch.ca(), files, secrets, now);
            profile = profile(c, ca, now);
            checkDerChains(spec, ca);
        }
        DeviceEncryption encryption = encryption(spec.partition().encryption());
        BatchPlan plan = new BatchPlan(spec, devices, files, ca, profile, encryption, matter(spec, ca, files));
        plan.checkDevices(parallel);
        return plan;
    }

    /** The CA: a key file, a key in a PKCS#11 token, or a PKCS#12 key store; checked before anything is written. */
    private static CertificateAuthority loadCa(
            CaSource source, FileCache files, Function<Secret, char[]> secrets, Instant now) {
        if (source instanceof CaSource.KeyFile f) {
            return CertificateAuthority.load(
                    files.read(f.certificate().path(), f.certificate().display(), 1 << 20, "a CA certificate"),
                    f.certificate().display(),
                    files.read(f.key().path(), f.key().display(), 1 << 20, "a CA key"),
                    f.key().display(),
                    () -> secrets.apply(f.passphrase()),
                    now);
        }
        if (source instanceof CaSource.Pkcs11 p) {
            List<X509Certificate> chain = CredentialReader.certificates(
                    files.read(p.certificate().path(), p.certificate().display(), 1 << 20, "a CA certificate"),
                    p.certificate().display());
            char[] pin = secrets.apply(p.pin());
            try {
                return CertificateAuthority.fromPkcs11(
                        chain, p.certificate().display(), p.uri(), p.library().path(), pin, now);
            } finally {
                Arrays.fill(pin, '\0');
            }
        }
        CaSource.KeyStore k = (CaSource.KeyStore) source;
        byte[] data = files.read(k.file().path(), k.file().display(), 1 << 20, "a PKCS#12 key store");
        char[] password = secrets.apply(k.password());
        try {
            KeyStore store = CredentialReader.pkcs12(data, k.file().display(), password);
            return CertificateAuthority.fromKeyStore(store, k.file().display(), k.alias(), password, now);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * A plan with the CA and the encryption in hand (the provisioning API): checked against
     * {@code devices} as {@link #prepare} checks, or, with {@code devices} null, a plan that makes one
     * device at a time with {@link #make}.
     */
    static BatchPlan of(
            ProvisioningSpec spec, DeviceList devices, CertificateAuthority ca, Instant now, boolean parallel) {
        if (devices != null) {
            checkColumns(spec, devices);
        }
        CertificateProfile profile = null;
        if (ca != null) {
            profile = profile(spec.issuance(), ca, now);
            checkDerChains(spec, ca);
        }
        FileCache files = new FileCache();
        BatchPlan plan = new BatchPlan(
                spec, devices, files, ca, profile, encryption(spec.partition().encryption()), matter(spec, ca, files));
        if (devices != null) {
            plan.checkDevices(parallel);
        }
        return plan;
    }

    private static MatterFactoryData matter(ProvisioningSpec spec, CertificateAuthority ca, FileCache files) {
        return spec.matter() == null ? null : MatterFactoryData.of(spec, ca, files);
    }

    /**
     * A device made in memory: its image (encrypted if the plan encrypts), credentials and key files; for an
     * esp_secure_cert partition whose key needs an eFuse key, the espefuse command that burns it (else null);
     * for the matter preset, its onboarding codes and other files (else null).
     */
    record Made(
            byte[] image,
            Credentials credentials,
            List<DeviceEncryption.KeyFile> keyFiles,
            String burnKey,
            MatterFactoryData.Made matter) {
        Made(byte[] image, Credentials credentials, List<DeviceEncryption.KeyFile> keyFiles, String burnKey) {
            this(image, credentials, keyFiles, burnKey, null);
        }
    }

    /**
     * Makes {@code d} (the only device of {@code list}) in memory, with the checks a run makes before it
     * starts: its columns, values, subject and CSR, and that its image fits and can be read back.
     */
    Made make(DeviceList list, Device d) {
        checkColumns(spec, list);
        Credentials credentials = issuesCredentials() ? issue(d) : null;
        if (spec.partition().isSecureCert()) {
            checkSubject(d);
            return secureCert(d, credentials);
        }
        if (matter != null) {
            matter.check(d);
        }
        return sealed(d, credentials, true);
    }

    /** The device's NVS image of {@code credentials}, its matter factory data made around them. */
    private Made sealed(Device d, Credentials credentials, boolean check) {
        MatterFactoryData.Made m =
                matter == null ? null : matter.make(d, credentials.certificate(), credentials.key(), false);
        NvsPartition p = partition(d, c -> credential(c, credentials), f -> m.value(f.key()));
        Made made = seal(d, credentials, check ? readable(d, p) : p);
        return m == null ? made : new Made(made.image(), credentials, made.keyFiles(), null, m);
    }

    /** Makes {@code d} as a run does, its devices checked before it started. */
    Made make(Device d) {
        Credentials credentials = issuesCredentials() ? issue(d) : null;
        if (spec.partition().isSecureCert()) {
            return secureCert(d, credentials);
        }
        return sealed(d, credentials, false);
    }

    /** The per-device key file of an ECDSA peripheral key, as configure_esp_secure_cert.py's ecdsa_key.bin. */
    static final String ECDSA_KEY_FILE = "%s-ecdsa-key.bin";

    /** The port espefuse commands name: the operator fills in the device's. */
    static final String PORT = "PORT";

    /**
     * The device's esp_secure_cert partition (TLV or cust_flash) as configure_esp_secure_cert.py writes it for
     * the same certificates and key: the CA certificate, the device's certificate, its key (plaintext, as DS
     * data made from its HMAC key, or for the ECDSA peripheral). The eFuse key it needs comes back as a key
     * file (owner-only) and the espefuse line that burns it.
     */
    private Made secureCert(Device d, Credentials credentials) {
        SecureCert sc = spec.partition().secureCert();
        SecureCertRequest.Builder b = SecureCertRequest.builder(sc.format(), sc.chip());
        if (sc.format() == SecureCertLayout.CUST_FLASH_TLV) {
            b.partitionSize(spec.partition().size().bytes());
        }
        b.add(new SecureCertItem.Certificate(TlvType.CA_CERT, TlvSubtype.SUBTYPE_0, secureCertCa));
        b.add(new SecureCertItem.Certificate(
                TlvType.DEV_CERT,
                TlvSubtype.SUBTYPE_0,
                CertificateFile.of(credentials.certificate().toX509Certificate(), true)));
        if (credentials.key() != null && storesPrivateKey) {
            PrivateKeyFile key = PrivateKeyFile.of(credentials.key().exportPrivateKey(), true, d.serial());
            b.add(new SecureCertItem.PrivateKey(
                    TlvSubtype.SUBTYPE_0,
                    key,
                    sc.key(),
                    sc.key() == KeyProtection.PLAINTEXT ? -1 : sc.efuseKeyId(),
                    Optional.ofNullable(sharedHmacKey)));
        }
        SecureCertImage image;
        try {
            image = SecureCertGenerator.generate(b.build(), RANDOM);
        } catch (NvsInputException e) {
            throw new NvsInputException(d + ": " + e.getMessage());
        }
        List<DeviceEncryption.KeyFile> keyFiles = new ArrayList<>(1);
        String burnKey = null;
        for (EfuseKeyBurn burn : image.efuseKeys()) {
            String file;
            if (burn.isEcdsa()) {
                file = ECDSA_KEY_FILE.replace("%s", d.serial());
                byte[] key = burn.exportEcdsaKey();
                try {
                    keyFiles.add(new DeviceEncryption.KeyFile(file, key));
                } finally {
                    Arrays.fill(key, (byte) 0);
                }
                file = BatchRun.KEYS + "/" + file;
            } else if (burn.generated()) {
                file = KEY_FILES.get(1).replace("%s", d.serial());
                byte[] key = burn.hmacKey().orElseThrow().unsafeExportRawKeyBytes();
                try {
                    keyFiles.add(new DeviceEncryption.KeyFile(file, key));
                } finally {
                    Arrays.fill(key, (byte) 0);
                }
                file = BatchRun.KEYS + "/" + file;
            } else {
                file = sc.hmacKey().display();
            }
            burnKey = burn.commandLine(sc.chip(), PORT, file);
        }
        return new Made(image.bytes(), credentials, keyFiles, burnKey);
    }

    /** The espefuse line of the run record: {@code ${serial}} stands for each device's serial; null if none. */
    String burnKeyTemplate() {
        SecureCert sc = spec.partition().secureCert();
        if (sc == null || sc.key() == KeyProtection.PLAINTEXT) {
            return null;
        }
        String file = sc.key() == KeyProtection.ECDSA_PERIPHERAL
                ? BatchRun.KEYS + "/" + ECDSA_KEY_FILE
                : sc.hmacKey() == null
                        ? BatchRun.KEYS + "/" + KEY_FILES.get(1)
                        : sc.hmacKey().display();
        String purpose = sc.key() == KeyProtection.RSA_DS ? EfuseKeyBurn.HMAC_DOWN_DIGITAL_SIGNATURE : "ECDSA_KEY";
        return "espefuse.py --chip " + sc.chip().id() + " -p " + PORT + " burn_key BLOCK_KEY" + sc.efuseKeyId() + " "
                + file.replace("%s", "${serial}") + " " + purpose;
    }

    /** The image of {@code partition}, encrypted if the plan encrypts, with the device's key files. */
    private Made seal(Device d, Credentials credentials, NvsPartition partition) {
        byte[] image = image(d, partition);
        List<DeviceEncryption.KeyFile> keyFiles =
                encryption == null ? List.of() : encryption.encrypt(d.serial(), image);
        return new Made(image, credentials, keyFiles, null);
    }

    ProvisioningSpec spec() {
        return spec;
    }

    List<Device> devices() {
        return devices.devices();
    }

    /** The per-device key files under {@code keys/}, {@code %s} for the serial: a keys file, an HMAC key. */
    static final List<String> KEY_FILES = List.of("%s.bin", "%s-hmac-key.bin", "%s-ecdsa-key.bin");

    /**
     * The encryption {@code e} asks for, or null for none; every file it needs is read here, before
     * anything is written. Per-device secrets are kept as {@code keys/SERIAL.bin} (a keys file) or
     * {@code keys/SERIAL-hmac-key.bin} (an HMAC key, from which the device derives its keys).
     */
    static DeviceEncryption encryption(PartitionSpec.Encryption e) {
        if (e instanceof PartitionSpec.Encryption.Given g) {
            return g.encryption();
        }
        if (e instanceof PartitionSpec.Encryption.KeysFile k) {
            return DeviceEncryptions.sharedKeys(
                    NvsKeys.read(k.file().path(), k.file().display()));
        }
        if (e instanceof PartitionSpec.Encryption.HmacKeyFile h) {
            return DeviceEncryptions.sharedKeys(
                    HmacKey.read(h.file().path(), h.file().display()).deriveNvsKeys());
        }
        if (e instanceof PartitionSpec.Encryption.PerDeviceKeys) {
            return DeviceEncryptions.keysPerDevice(KEY_FILES.get(0));
        }
        if (e instanceof PartitionSpec.Encryption.PerDeviceHmacKey) {
            return DeviceEncryptions.hmacKeyPerDevice(null, KEY_FILES.get(1));
        }
        return null;
    }

    CertificateAuthority ca() {
        return ca;
    }

    /** True if images hold a private key: they are then written readable by their owner only. */
    boolean storesPrivateKey() {
        return storesPrivateKey;
    }

    boolean issuesCredentials() {
        return ca != null;
    }

    /** Issues the device's credentials: a fresh key pair and certificate, or a certificate for its CSR. */
    Credentials issue(Device d) {
        IssuancePolicy c = spec.issuance();
        DistinguishedName subject = subject(d);
        List<SubjectAltName> altNames = altNames(d);
        if (c.csrMode()) {
            PublicKey checked = checkedCsrKeys == null ? null : checkedCsrKeys.getAndSet(d.index(), null);
            PublicKey key = checked != null ? checked : readCsr(d).publicKey();
            if (matter != null) {
                MatterFactoryData.checkCsrKey(d, key);
            }
            return new Credentials(null, ca.issue(subject, key, altNames, profile));
        }
        DeviceKey key = c.keyType().generate();
        return new Credentials(key, ca.issue(subject, key.publicKey(), altNames, profile));
    }

    /** The device's partition, with {@code credentials} in the credential entries (null if there are none). */
    NvsPartition partition(Device d, Credentials credentials) {
        return partition(d, c -> credential(c, credentials), null);
    }

    private NvsPartition partition(
            Device d,
            Function<Entry.DeviceCredential, NvsValue> credentials,
            Function<Entry.FactoryData, NvsValue> factoryData) {
        NvsPartition.Builder b = NvsPartition.builder(spec.partition().version());
        for (Namespace ns : spec.layout().namespaces()) {
            b.namespace(ns.name());
            for (Entry e : ns.entries()) {
                NvsValue v = e instanceof Entry.DeviceCredential c
                        ? credentials.apply(c)
                        : e instanceof Entry.FactoryData f ? factoryData.apply(f) : value(d, e);
                try {
                    b.put(e.key(), v);
                } catch (NvsInputException x) {
                    throw deviceError(d, e, x.getMessage());
                }
            }
        }
        return b.build();
    }

    /** The plain image of the device's partition. */
    byte[] image(Device d, NvsPartition partition) {
        try {
            return partition.toImage(spec.partition().size());
        } catch (NvsInputException e) {
            throw new NvsInputException(d + ": the image does not fit: " + e.getMessage());
        }
    }

    // ---- values ---------------------------------------------------------------------------------

    private NvsValue value(Device d, Entry e) {
        try {
            if (e instanceof Entry.Value v) {
                return v.encoding().fromText(v.value().render(d.columns()));
            }
            Entry.FileContents f = (Entry.FileContents) e;
            return f.encoding().fromFile(fileBytes(f.path(), d));
        } catch (IllegalArgumentException x) {
            throw deviceError(d, e, x.getMessage());
        }
    }

    private byte[] fileBytes(Template path, Device d) {
        String rendered = path.render(d.columns());
        Path file = spec.dir().resolve(rendered).normalize();
        String display = Path.of(rendered).isAbsolute()
                ? rendered
                : Path.of(spec.name()).resolveSibling(rendered).normalize().toString();
        try {
            return path.isConstant() ? files.shared(file, display) : files.value(file, display);
        } catch (NvsInputException x) {
            throw new NvsInputException(d + ": " + x.getMessage() + " (named at " + path.origin() + ")");
        }
    }

    private NvsValue credential(Entry.DeviceCredential c, Credentials credentials) {
        boolean der = c.format() == Credential.Format.DER;
        return switch (c.credential()) {
            case CERTIFICATE ->
                der
                        ? NvsValue.blob(credentials.certificate().der())
                        : NvsValue.string(credentials.certificate().pem());
            case PRIVATE_KEY ->
                der
                        ? NvsValue.secretBlob(credentials.key().exportPkcs8Der())
                        : NvsValue.secretString(credentials.key().exportPkcs8Pem());
            case CA_CERTIFICATE -> der ? NvsValue.blob(ca.chainDer().get(0)) : NvsValue.string(caCertificatePem);
            case CA_CHAIN -> der ? NvsValue.blob(ca.chainDer().get(0)) : NvsValue.string(caChainPem);
            case CERTIFICATE_CHAIN -> {
                if (der) {
                    throw new IllegalStateException("a DER chain should have been refused by checkDerChains");
                }
                yield NvsValue.string(credentials.certificate().pem() + caChainPem);
            }
        };
    }

    private CertificateRequest readCsr(Device d) {
        Template t = spec.issuance().csr();
        byte[] data = fileBytes(t, d);
        String name = Path.of(spec.name())
                .resolveSibling(t.render(d.columns()))
                .normalize()
                .toString();
        try {
            return CertificateRequest.parse(data, name);
        } catch (NvsInputException x) {
            throw new NvsInputException(d + ": " + x.getMessage());
        }
    }

    private static NvsInputException deviceError(Device d, Entry e, String message) {
        return new NvsInputException(d + ": key '" + e.key() + "' (" + e.origin() + "): " + message);
    }

    // ---- checks ---------------------------------------------------------------------------------

    /** Every {@code ${column}} of the spec must be a column of the device list. */
    private static void checkColumns(ProvisioningSpec m, DeviceList devices) {
        List<Template> templates = new ArrayList<>();
        for (Entry e : m.layout().entries()) {
            if (e instanceof Entry.Value v) {
                templates.add(v.value());
            } else if (e instanceof Entry.FileContents f) {
                templates.add(f.path());
            }
        }
        IssuancePolicy c = m.issuance();
        if (c != null) {
            templates.addAll(c.subject().templates());
            templates.addAll(c.subjectAltNames());
            if (c.csrMode()) {
                templates.add(c.csr());
            }
        }
        for (Template t : templates) {
            for (String column : t.columns()) {
                if (!devices.columns().contains(column)) {
                    throw t.origin()
                            .error("'${" + column + "}' names no column of " + devices.source() + " (columns: "
                                    + String.join(", ", devices.columns()) + ")");
                }
            }
        }
    }

    private static CertificateProfile profile(IssuancePolicy c, CertificateAuthority ca, Instant now) {
        Instant notBefore = c.start().resolve(now);
        Instant notAfter = c.end() instanceof IssuancePolicy.End.At at
                ? at.instant()
                : c.end() instanceof IssuancePolicy.End.After after ? notBefore.plus(after.validity()) : ca.notAfter();
        CertificateProfile profile;
        try {
            profile = new CertificateProfile(notBefore, notAfter, c.keyUsages(), c.extendedKeyUsages());
            ca.checkProfile(profile);
        } catch (IllegalArgumentException e) {
            boolean start = e.getMessage().contains("would be valid from");
            throw c.origin()
                    .error(e.getMessage()
                            + (!start
                                    ? " (set validity-days or not-after)"
                                    : c.start() instanceof IssuancePolicy.Start.Now
                                            ? ""
                                            : " (not-before: " + shown(c.start()) + ")"));
        }
        return profile;
    }

    /** A start as a manifest writes it: {@code -90m} back, or the time. */
    private static String shown(IssuancePolicy.Start start) {
        if (start instanceof IssuancePolicy.Start.Before b) {
            long s = b.back().toSeconds();
            return s % 86_400 == 0
                    ? "-" + s / 86_400 + "d"
                    : s % 3600 == 0 ? "-" + s / 3600 + "h" : s % 60 == 0 ? "-" + s / 60 + "m" : "-" + s + "s";
        }
        return ((IssuancePolicy.Start.At) start).instant().toString();
    }

    /** DER holds one certificate; a chain of more must be stored as PEM. */
    private static void checkDerChains(ProvisioningSpec m, CertificateAuthority ca) {
        for (Namespace ns : m.layout().namespaces()) {
            for (Entry e : ns.entries()) {
                if (e instanceof Entry.DeviceCredential c && c.format() == Credential.Format.DER) {
                    int n = switch (c.credential()) {
                        case CA_CHAIN -> ca.chain().size();
                        case CERTIFICATE_CHAIN -> ca.chain().size() + 1;
                        default -> 1;
                    };
                    if (n > 1) {
                        throw e.origin()
                                .error("a chain of " + n + " certificates cannot be one DER blob: use format: pem");
                    }
                }
            }
        }
    }

    /**
     * For every device: its values convert, its subject is a valid name, its CSR verifies, and its image
     * fits the partition with credentials of the size a sample issuance gives, grown by the device's
     * longer subject, if any, and by a few bytes for what varies between issuances (the encoded lengths
     * of signature, serial number and RSA key).
     */
    private void checkDevices(boolean parallel) {
        Credentials sample = null;
        int sampleSubject = 0;
        if (ca != null) {
            // A real issuance for the first device, to learn the credentials' sizes; it never leaves memory.
            Device first = devices.devices().get(0);
            checkSubject(first);
            sample = issue(first);
            sampleSubject = subjectLength(first);
            if (spec.partition().isSecureCert()) {
                secureCertSampleLength = secureCert(first, sample).image().length;
            }
        }
        Credentials sampleCredentials = sample;
        int baseSubject = sampleSubject;
        // In parallel the devices finish in any order; report the first one in the list that fails.
        AtomicInteger firstFailed = new AtomicInteger(Integer.MAX_VALUE);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        IntStream indexes = IntStream.range(0, devices.devices().size());
        if (parallel) {
            indexes = indexes.parallel();
        }
        indexes.forEach(i -> {
            if (i > firstFailed.get()) {
                return;
            }
            try {
                checkDevice(devices.devices().get(i), sampleCredentials, baseSubject);
            } catch (RuntimeException e) {
                synchronized (failure) {
                    if (i < firstFailed.get()) {
                        firstFailed.set(i);
                        failure.set(e);
                    }
                }
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private void checkDevice(Device d, Credentials sample, int baseSubject) {
        if (sample == null) {
            checkFits(d, readable(d, partition(d, (Credentials) null)));
            return;
        }
        checkSubject(d);
        if (matter != null) {
            matter.check(d);
        }
        if (spec.issuance().csrMode()) {
            PublicKey key = readCsr(d).publicKey();
            Device owner = csrKeyOwners.putIfAbsent(ByteBuffer.wrap(key.getEncoded()), d);
            if (owner != null && owner != d) {
                Device first = owner.index() < d.index() ? owner : d;
                Device second = first == d ? owner : d;
                throw deviceError(
                        second,
                        "its certificate request is for the same public key as that of " + first
                                + ": each device needs a key of its own (is a CSR file copied?)");
            }
            if (matter != null) {
                MatterFactoryData.checkCsrKey(d, key);
            }
            checkedCsrKeys.set(d.index(), key);
        }
        int extra = Math.max(0, subjectLength(d) - baseSubject);
        if (spec.partition().isSecureCert()) {
            checkSecureCertFits(d, extra);
            return;
        }
        // The matter preset's values with the sample DAC, grown as a credential would be; no verifier derived.
        MatterFactoryData.Made m = matter == null ? null : matter.make(d, sample.certificate(), sample.key(), true);
        checkFits(
                d,
                readable(
                        d,
                        partition(
                                d,
                                c -> padded(c, credential(c, sample), extra),
                                f -> f.key().equals(dev.nvsgen.matter.ChipFactory.DAC_CERT)
                                        ? padded(m.value(f.key()), extra + SLACK)
                                        : m.value(f.key()))));
    }

    /**
     * Lays out the device's image unless one with the same shape fitted: where entries go depends only on
     * their namespaces, keys, types and lengths, never on the bytes, and most devices of a batch share a
     * shape. Laying out every device took a 10,000-device batch over a second before its first image.
     */
    private void checkFits(Device d, NvsPartition partition) {
        List<Object> shape = new ArrayList<>(partition.entries().size() * 4);
        for (NvsEntry e : partition.entries()) {
            NvsValue v = e.value();
            shape.add(e.namespace());
            shape.add(e.key());
            shape.add(v.getClass());
            if (v instanceof NvsValue.IntValue i) {
                shape.add(i.type());
            } else if (v instanceof NvsValue.StringValue t) {
                shape.add(t.utf8().length());
            } else if (v instanceof NvsValue.BlobValue b) {
                shape.add(b.data().length());
            }
        }
        if (!fittingShapes.contains(shape)) {
            image(d, partition);
            fittingShapes.add(shape);
        }
    }

    /**
     * Refuses what a device could not read back (a blob larger than nvs_flash reads). The drop-in
     * commands write such images with a warning, as the reference does; a batch is nvsgen's own, and
     * a factory run of images the devices cannot use helps nobody.
     */
    private static NvsPartition readable(Device d, NvsPartition partition) {
        List<String> warnings = partition.deviceWarnings();
        if (!warnings.isEmpty()) {
            throw new NvsInputException(d + ": " + warnings.get(0));
        }
        return partition;
    }

    private static final int SLACK = 4;

    /**
     * A TLV partition fits if the first device's did with room for this device's longer subject and what
     * varies between issuances (each TLV padded to 16 bytes). The cust_flash layout has regions of fixed
     * size, checked by the generator for the sample and again for each device as it is made.
     */
    private void checkSecureCertFits(Device d, int subjectExtra) {
        if (spec.partition().secureCert().format() != SecureCertLayout.CUST_FLASH_TLV) {
            return;
        }
        int worst = secureCertSampleLength + subjectExtra + 2 * (SLACK + 16);
        int size = spec.partition().size().bytes();
        if (worst > size) {
            throw new NvsInputException(d + ": its TLVs may take " + worst + " bytes but the esp_secure_cert"
                    + " partition holds " + size + " (0x" + Integer.toHexString(size) + ")");
        }
    }

    private static NvsValue padded(Entry.DeviceCredential c, NvsValue sample, int subjectExtra) {
        int der = switch (c.credential()) {
            case CERTIFICATE, CERTIFICATE_CHAIN -> subjectExtra + SLACK;
            case PRIVATE_KEY -> SLACK;
            case CA_CERTIFICATE, CA_CHAIN -> 0;
        };
        return padded(sample, der);
    }

    /** {@code sample} grown by {@code der} bytes of DER (a blob), or their PEM (a string). */
    private static NvsValue padded(NvsValue sample, int der) {
        if (sample instanceof NvsValue.BlobValue b) {
            return NvsValue.blob(Arrays.copyOf(b.data().toByteArray(), b.data().length() + der));
        }
        // PEM: base64 takes 4 characters per 3 bytes, and a line break per 48 bytes.
        int pem = der == 0 ? 0 : (der + 2) / 3 * 4 + der / 48 + 1;
        String text = ((NvsValue.StringValue) sample).text();
        return NvsValue.string(text + "x".repeat(pem));
    }

    private void checkSubject(Device d) {
        subject(d);
        altNames(d);
    }

    /** The device's subject alternative names, filled in from its row. */
    private List<SubjectAltName> altNames(Device d) {
        List<Template> templates = spec.issuance().subjectAltNames();
        if (templates.isEmpty()) {
            return List.of();
        }
        List<SubjectAltName> out = new ArrayList<>(templates.size());
        for (Template t : templates) {
            SubjectAltName name;
            try {
                name = SubjectAltName.parse(t.render(d.columns()));
            } catch (IllegalArgumentException e) {
                throw deviceError(
                        d, "subject-alt-names (" + t.origin() + "): " + columnsOf(t, d, null) + e.getMessage());
            }
            if (name.isWildcard() && t.literals().stream().noneMatch(l -> l.contains("*"))) {
                // A wildcard from per-device data is almost surely an attack or a slip; one the manifest
                // writes itself is the manifest's decision.
                throw deviceError(
                        d,
                        "subject-alt-names (" + t.origin() + "): " + columnsOf(t, d, "*") + "the device data makes"
                                + " the wildcard name '" + name + "'; a wildcard in a device certificate must be"
                                + " written in the template itself");
            }
            out.add(name);
        }
        return out;
    }

    /**
     * {@code column 'host': } for the column of {@code t} whose value holds {@code text} (a control
     * character when null), else for all the columns {@code t} fills in; empty for none.
     */
    private static String columnsOf(Template t, Device d, String text) {
        for (String column : t.columns()) {
            String v = d.columns().get(column);
            if (text == null ? MessageText.firstControl(v) >= 0 : v.contains(text)) {
                return "column '" + column + "': ";
            }
        }
        return t.columns().isEmpty()
                ? ""
                : (t.columns().size() == 1 ? "column '" : "columns '") + String.join("', '", t.columns()) + "': ";
    }

    private DistinguishedName subject(Device d) {
        if (matter != null) {
            return matter.subject(d);
        }
        Subject subject = spec.issuance().subject();
        try {
            return subject.render(d.columns());
        } catch (IllegalArgumentException e) {
            throw deviceError(d, "subject (" + subject.origin() + "): " + e.getMessage());
        }
    }

    /** An error in {@code d}'s row: the message leads with its place, the exception carries file and line. */
    private static NvsInputException deviceError(Device d, String message) {
        return new NvsInputException(d + ": " + message, d.line() > 0 ? d.file() : null, d.line(), null, null, null);
    }

    /** The bytes of the device's subject and alternative names: what makes one certificate longer than another. */
    private int subjectLength(Device d) {
        if (matter != null) {
            return matter.subjectLength(d);
        }
        int n = 0;
        for (Subject.Part p : spec.issuance().subject().parts()) {
            n += p.value().render(d.columns()).getBytes(StandardCharsets.UTF_8).length;
        }
        for (Template t : spec.issuance().subjectAltNames()) {
            n += t.render(d.columns()).getBytes(StandardCharsets.UTF_8).length;
        }
        return n;
    }
}
