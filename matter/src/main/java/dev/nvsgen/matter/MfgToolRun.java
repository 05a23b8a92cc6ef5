package dev.nvsgen.matter;

import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.crypto.credentials.CertificateProfile;
import dev.nvsgen.crypto.credentials.CredentialReader;
import dev.nvsgen.crypto.credentials.DeviceKey;
import dev.nvsgen.crypto.credentials.P256Keys;
import dev.nvsgen.matter.internal.PyCsv;
import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.util.AtomicFiles;
import dev.nvsgen.nvs.util.CsvParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * An esp-matter-mfg-tool run: the same output tree ({@code OUTDIR/<vid>_<pid>/}: per device
 * {@code <uuid>/} with its partition image, onboarding codes, QR PNG and {@code internal/} files;
 * {@code staging/}; the summary and CN/DAC CSVs), with the Matter specification's rules where the tool
 * departs from them (README). {@link #prepare} checks every option and loads the certificates;
 * {@link #run} makes the devices on all cores and writes the files. Files holding private keys or
 * passcodes are owner-only from their first byte; every file is written atomically.
 */
public final class MfgToolRun {
    private static final Pattern UUID_TEXT =
            Pattern.compile("(?i)(urn:uuid:)?\\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\\}?");
    private static final int SERIAL_BYTES = 16;
    /** The Basic Information cluster's SerialNumber: up to 32 characters. */
    private static final int MAX_SERIAL = 32;

    private static final List<String> FINISHES = List.of("other", "matte", "satin", "polished", "rugged", "fabric");
    private static final List<String> COLORS = List.of(
            "black", "navy", "green", "teal", "maroon", "purple", "olive", "gray", "blue", "lime", "aqua", "red",
            "fuchsia", "yellow", "white", "nickel", "chrome", "brass", "copper", "silver", "gold");
    private static final List<String> CALENDARS = List.of(
            "Buddhist",
            "Chinese",
            "Coptic",
            "Ethiopian",
            "Gregorian",
            "Hebrew",
            "Indian",
            "Islamic",
            "Japanese",
            "Korean",
            "Persian",
            "Taiwanese");

    private final MfgToolOptions o;
    private final int count;
    private final int vid;
    private final int pid;
    private final Path top;
    private final Passcode passcode;
    private final Discriminator discriminator;
    private final byte[] salt;
    private final Spake2pVerifier verifier;
    private final CommissioningFlow flow;
    private final Instant notBefore;
    private final Instant notAfter;
    private final PartitionSize size;
    private final ChipFactory layout;
    private final List<Map<String, String>> mcsvRows;
    private final List<String[]> csvKeys; // namespace, key of --csv, in order
    private final Map<String, String> fixedValues; // chip-factory texts common to every device
    private final X509Certificate caCert;
    private final DeviceKey caKey;
    private final X509Certificate givenDac;
    private final DeviceKey givenDacKey;
    private final Bytes certDeclaration;
    private final String certDeclarationPath;
    private final String mfgDate;
    private final RotatingDeviceIdUniqueId rdIdUid;

    private MfgToolRun(MfgToolOptions o) {
        this.o = o;
        require(o.vendorId != null, "-v/--vendor-id is required");
        require(o.productId != null, "-p/--product-id is required");
        for (String u : o.unsupported) {
            throw new NvsInputException(u + " is not supported by nvsgen matter-mfg (it needs esp-secure-cert-tool and"
                    + " a device on a serial port)");
        }
        vid = id(o.vendorId, "vendor ID");
        pid = id(o.productId, "product ID");
        require((o.csv == null) == (o.mcsv == null), "csv and mcsv should be both present or none");
        if (o.mcsv != null) {
            mcsvRows = readMcsv(o.resolve(o.mcsv), o.mcsv);
            count = mcsvRows.size();
        } else {
            mcsvRows = List.of();
            count = o.count == null ? 1 : o.count;
        }
        require(count >= 1, "the number of devices (-n) must be 1 or more, was " + count);
        csvKeys = o.csv == null ? List.of() : readCsvKeys(o.resolve(o.csv), o.csv);
        try {
            passcode = o.passcode == null ? null : Passcode.of(o.passcode);
            discriminator = o.discriminator == null
                    ? null
                    : new Discriminator(Math.toIntExact(Math.min(o.discriminator, Integer.MAX_VALUE)));
            flow = CommissioningFlow.of(o.commissioningFlow);
            Spake2pVerifier.checkIterations(o.iterationCount);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new NvsInputException(e.getMessage());
        }
        require(
                o.discoveryMode == 2 || o.discoveryMode == 4 || o.discoveryMode == 6,
                "discovery mode (-dm) " + o.discoveryMode + " is not one of 2 (BLE), 4 (on-network), 6 (both)");
        checkLength(o.serialNumber, 1, MAX_SERIAL, "serial number");
        checkLength(o.vendorName, 1, 32, "vendor name");
        checkLength(o.productName, 1, 32, "product name");
        checkLength(o.hardwareVersionString, 1, 64, "hardware version string");
        checkLength(o.partNumber, 1, 32, "part number");
        checkLength(o.productLabel, 1, 64, "product label");
        checkLength(o.productUrl, 1, 256, "product URL");
        if (o.hardwareVersion != null) {
            require(
                    o.hardwareVersion >= 0 && o.hardwareVersion <= 0xFFFF,
                    "hardware version " + o.hardwareVersion + " is out of range: 0 to 65535");
        }
        mfgDate = o.mfgDate == null ? null : mfgDate(o.mfgDate);
        try {
            rdIdUid = o.rotatingDeviceIdUniqueId == null
                    ? null
                    : RotatingDeviceIdUniqueId.parseHex(o.rotatingDeviceIdUniqueId);
        } catch (IllegalArgumentException e) {
            throw new NvsInputException(e.getMessage());
        }
        require(
                o.rotatingDeviceIdUniqueId == null || o.rotatingDeviceId,
                "--rd-id-uid needs --enable-rotating-device-id");
        require(
                o.productFinish == null || FINISHES.contains(o.productFinish),
                "product finish '" + o.productFinish + "' is not one of " + String.join(", ", FINISHES));
        require(
                o.productColor == null || COLORS.contains(o.productColor),
                "product color '" + o.productColor + "' is not one of " + String.join(", ", COLORS));
        if (o.calendarTypes != null) {
            for (String c : o.calendarTypes) {
                require(
                        CALENDARS.contains(c),
                        "unknown calendar type '" + c + "' (supported: " + String.join(", ", CALENDARS) + ")");
            }
        }

        // SPAKE2+ parameters given together, and consistent.
        if (o.salt != null || o.verifier != null) {
            require(o.salt != null && o.verifier != null, "--salt and --verifier must be provided together");
            require(o.passcode != null, "--passcode is required when --salt and --verifier are provided");
            require(!o.dynamicPasscode, "--salt and --verifier cannot be used with --enable-dynamic-passcode");
            salt = base64(o.salt, "--salt");
            try {
                Spake2pVerifier.checkSalt(salt.length);
                verifier = Spake2pVerifier.of(base64(o.verifier, "--verifier"));
            } catch (IllegalArgumentException e) {
                throw new NvsInputException(e.getMessage());
            }
            require(
                    verifier.matches(passcode, salt, o.iterationCount),
                    "--verifier is not the SPAKE2+ verifier of --passcode with --salt and --iteration-count "
                            + o.iterationCount);
        } else {
            salt = null;
            verifier = null;
        }
        boolean perDevice = o.discriminator != null
                || o.passcode != null
                || o.dacKey != null
                || o.serialNumber != null
                || o.rotatingDeviceIdUniqueId != null
                || o.salt != null
                || o.verifier != null;
        require(
                !perDevice || count == 1,
                "Number of partitions should be 1 when discriminator or passcode or DAC or"
                        + " serial number or rotating device id or salt or verifier is present (-n is " + count + ")");

        // Attestation.
        require(!(o.paa && o.pai), "--paa and --pai are mutually exclusive");
        require((o.dacKey == null) == (o.dacCert == null), "dac_key and dac_cert should be both present or none");
        require(o.dacKey == null || o.pai, "Please provide PAI certificate along with DAC certificate and DAC key");
        require(!(o.paa || o.pai) || o.cert != null, (o.paa ? "PAA" : "PAI") + " certificate (-c) is required");
        require(
                !(o.paa || o.pai) || o.key != null || o.dacCert != null,
                "CA key and certificate are required to generate DAC key and certificate");
        Instant now = Instant.now();
        try {
            notBefore = o.validFrom == null ? now : validFrom(o.validFrom);
            notAfter = notBefore.plus(Duration.ofDays(o.lifetimeDays));
        } catch (ArithmeticException e) {
            throw new NvsInputException("lifetime (-lt) " + o.lifetimeDays + " days is too long");
        }
        require(o.lifetimeDays >= 1, "lifetime (-lt) must be 1 day or more, was " + o.lifetimeDays);
        try {
            if (o.paa || o.pai) {
                caCert = readCertificate(o.cert);
                if (o.pai) {
                    AttestationCertificates.checkPai(caCert);
                    int caVid = AttestationCertificates.vendorId(caCert.getSubjectX500Principal())
                            .orElseThrow();
                    require(
                            caVid == vid,
                            "VID 0x" + AttestationCertificates.hex4(caVid)
                                    + " in the PAI certificate does not match -v 0x"
                                    + AttestationCertificates.hex4(vid));
                    AttestationCertificates.productId(caCert.getSubjectX500Principal())
                            .ifPresent(p -> require(
                                    p == pid,
                                    "PID 0x" + AttestationCertificates.hex4(p)
                                            + " in the PAI certificate does not match -p 0x"
                                            + AttestationCertificates.hex4(pid)));
                } else {
                    AttestationCertificates.checkPaa(caCert);
                }
                caKey = o.key == null ? null : P256Keys.readPrivateKey(read(o.key), o.key);
                if (caKey != null) {
                    AttestationCertificates.checkKeyMatches(caCert, caKey, o.paa ? "PAA" : "PAI");
                }
                checkCovers(caCert, o.paa ? "PAA" : "PAI");
            } else {
                caCert = null;
                caKey = null;
            }
            if (o.dacCert != null) {
                givenDac = readCertificate(o.dacCert);
                givenDacKey = P256Keys.readPrivateKey(read(o.dacKey), o.dacKey);
                AttestationCertificates.checkDac(givenDac, caCert);
                AttestationCertificates.checkKeyMatches(givenDac, givenDacKey, "DAC");
                if (o.validFrom != null) {
                    checkCovers(givenDac, "DAC");
                }
            } else {
                givenDac = null;
                givenDacKey = null;
            }
        } catch (IllegalArgumentException e) {
            throw new NvsInputException(e.getMessage());
        }
        if (o.certDeclaration != null) {
            // Stored verbatim, never parsed: the tool does the same, and the device checks it at attestation.
            certDeclaration = Bytes.of(read(o.certDeclaration));
            require(certDeclaration.length() > 0, o.certDeclaration + " (-cd) is empty");
            certDeclarationPath =
                    o.workingDir.relativize(o.resolve(o.certDeclaration)).toString();
        } else {
            certDeclaration = null;
            certDeclarationPath = null;
        }
        try {
            size = new PartitionSize(o.size);
        } catch (IllegalArgumentException e) {
            throw new NvsInputException("partition size (-s) " + o.size + ": " + e.getMessage());
        }
        Path outdir = o.outdir == null ? o.workingDir.resolve("out") : o.resolve(o.outdir);
        top = outdir.toAbsolutePath().normalize().resolve(Integer.toHexString(vid) + "_" + Integer.toHexString(pid));
        fixedValues = new LinkedHashMap<>();
        layout = layout();
    }

    /**
     * Checks {@code options} and loads the certificates and keys they name.
     *
     * @throws NvsInputException with one line saying what is wrong
     */
    public static MfgToolRun prepare(MfgToolOptions options) {
        return new MfgToolRun(options);
    }

    /** How many devices the run makes. */
    public int deviceCount() {
        return count;
    }

    /** {@code OUTDIR/<vid>_<pid>}, where everything goes. */
    public Path folder() {
        return top;
    }

    /** What a run wrote. */
    public record Result(Path folder, List<String> deviceIds, Path summary, Path dacList) {}

    /** One device's results, in device order. */
    private record Device(
            String uuid,
            String commonName,
            int passcode,
            int discriminator,
            String saltB64,
            String verifierB64,
            List<String> masterCells,
            String dacPem) {}

    /**
     * Makes every device on {@code threads} threads and writes the tree.
     *
     * @throws NvsInputException for a value that does not fit its key (named) or a file that cannot be written
     */
    public Result run(int threads, Clock clock) throws IOException {
        Files.createDirectories(top.resolve("staging"));
        String cnDacsName = "cn_dacs-"
                + DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss-SSSSSS").format(LocalDateTime.now(clock)) + ".csv";
        Path staging = top.resolve("staging");
        Bytes paiDer = null;
        CertificateAuthority ca = null;
        if (o.paa) {
            CertificateAuthority paaCa = CertificateAuthority.of(List.of(caCert), caKey.exportPrivateKey(), notBefore);
            String cn = o.cnPrefix == null || o.cnPrefix.isEmpty()
                    ? "MATTER TEST PAI " + (10 + new SecureRandom().nextInt(90))
                    : o.cnPrefix + " PAI 00";
            DeviceAttestation pai = AttestationCertificates.issuePai(paaCa, cn, vid, pid, notBefore, notAfter);
            paiDer = pai.certificateDer();
            write(staging.resolve("pai_cert.pem"), pai.certificatePem().getBytes(StandardCharsets.US_ASCII), false);
            write(staging.resolve("pai_key.pem"), pai.exportPkcs8Pem().getBytes(StandardCharsets.US_ASCII), true);
            X509Certificate paiCert = x509(paiDer);
            ca = CertificateAuthority.of(
                    List.of(paiCert, caCert), pai.exportKey().exportPrivateKey(), notBefore);
        } else if (o.pai) {
            paiDer = Bytes.of(der(caCert));
            if (caKey != null && givenDac == null) {
                ca = CertificateAuthority.of(List.of(caCert), caKey.exportPrivateKey(), notBefore);
            }
        }
        if (paiDer != null) {
            write(staging.resolve("pai_cert.der"), paiDer.toByteArray(), false);
        }
        CertificateProfile dacProfile = AttestationCertificates.dacProfile(notBefore, notAfter);
        final Bytes paiBytes = paiDer;
        final CertificateAuthority issuer = ca;

        List<String> uuids = new ArrayList<>();
        String givenCn = givenDac == null
                ? null
                : AttestationCertificates.commonName(givenDac).orElse(null);
        for (int i = 0; i < count; i++) {
            uuids.add(givenCn != null && UUID_TEXT.matcher(givenCn).matches() ? givenCn : randomUuid());
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, count)), r -> {
            Thread t = new Thread(r, "matter-device");
            t.setDaemon(true);
            return t;
        });
        List<Device> devices = new ArrayList<>();
        try {
            List<Future<Device>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> device(index, uuids.get(index), issuer, dacProfile, paiBytes, givenCn)));
            }
            for (Future<Device> f : futures) {
                devices.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }

        // staging/
        String config = layout.configCsv();
        write(staging.resolve("config.csv"), utf8(config), false);
        write(staging.resolve("config_tmp.csv"), utf8(stripBlankLines(config)), false);
        StringBuilder master = new StringBuilder(layout.masterHeaderLine()).append('\n');
        for (Device d : devices) {
            master.append(PyCsv.row(d.masterCells())).append('\n');
        }
        write(staging.resolve("master.csv"), utf8(master.toString()), false);
        write(staging.resolve("master_tmp.csv"), utf8(stripBlankLines(master.toString())), false);
        StringBuilder pins = new StringBuilder(
                o.dynamicPasscode
                        ? "Index,Iteration Count,Salt,Discriminator\n"
                        : "Index,PIN Code,Iteration Count,Salt,Verifier,Discriminator\n");
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            pins.append(i).append(',');
            if (!o.dynamicPasscode) {
                pins.append(d.passcode()).append(',');
            }
            pins.append(o.iterationCount).append(',').append(d.saltB64()).append(',');
            if (!o.dynamicPasscode) {
                pins.append(d.verifierB64()).append(',');
            }
            pins.append(d.discriminator()).append('\n');
        }
        write(staging.resolve("pin_disc.csv"), utf8(pins.toString()), true);

        // cn_dacs-<t>.csv and summary-<t>.csv
        StringBuilder cn = new StringBuilder("CN,certs\r\n");
        for (Device d : devices) {
            if (d.dacPem() != null && d.commonName() != null) {
                cn.append(PyCsv.row(List.of(d.commonName(), d.dacPem()))).append("\r\n");
            }
        }
        Path dacList = top.resolve(cnDacsName);
        write(dacList, utf8(cn.toString()), false);
        List<String> header = new ArrayList<>(layout.masterHeader());
        if (!o.dynamicPasscode) {
            header.addAll(List.of("pincode", "qrcode", "manualcode"));
        }
        StringBuilder summary = new StringBuilder(PyCsv.row(header)).append("\r\n");
        for (Device d : devices) {
            List<String> row = new ArrayList<>(d.masterCells());
            if (!o.dynamicPasscode) {
                SetupPayload p = payload(d.discriminator(), d.passcode());
                row.addAll(List.of(Integer.toString(d.passcode()), p.qrCode(), p.formattedManualCode()));
            }
            summary.append(PyCsv.row(row)).append("\r\n");
        }
        Path summaryFile = top.resolve("summary-"
                + DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").format(LocalDateTime.now(clock)) + ".csv");
        write(summaryFile, utf8(summary.toString()), true);
        return new Result(top, List.copyOf(uuids), summaryFile, dacList);
    }

    private Device device(
            int index,
            String uuid,
            CertificateAuthority issuer,
            CertificateProfile dacProfile,
            Bytes paiDer,
            String givenCn)
            throws IOException {
        SecureRandom random = RANDOM.get();
        Path dir = top.resolve(uuid);
        Path internal = dir.resolve("internal");
        Files.createDirectories(internal);
        ChipFactoryRecord r = new ChipFactoryRecord(layout);
        fixedValues.forEach(r::set);

        Passcode code = passcode != null ? passcode : o.dynamicPasscode ? null : Passcode.random(random);
        Discriminator disc = discriminator != null ? discriminator : Discriminator.random(random);
        byte[] s = salt;
        Spake2pVerifier v = verifier;
        if (s == null) {
            s = new byte[32];
            random.nextBytes(s);
            v = code == null ? null : Spake2pVerifier.derive(code, s, o.iterationCount);
        }
        String saltB64 = Base64.getEncoder().encodeToString(s);
        r.set(ChipFactory.DISCRIMINATOR, disc.value());
        r.set(ChipFactory.ITERATION_COUNT, o.iterationCount);
        r.set(ChipFactory.SALT, saltB64);
        if (v != null) {
            r.set(ChipFactory.VERIFIER, v.base64());
        }
        if (o.rotatingDeviceId) {
            r.set(
                    ChipFactory.ROTATING_DEVICE_ID_UNIQUE_ID,
                    (rdIdUid != null ? rdIdUid : RotatingDeviceIdUniqueId.random(random)).hex());
        }
        if (o.serialNumber == null) {
            byte[] sn = new byte[SERIAL_BYTES];
            random.nextBytes(sn);
            r.set(ChipFactory.SERIAL_NUMBER, HexFormat.of().formatHex(sn));
        }

        String dacPem = null;
        String commonName = null;
        if (o.paa || o.pai) {
            DeviceAttestation dac;
            if (givenDac != null) {
                dac = DeviceAttestation.of(Bytes.of(der(givenDac)), givenDac.getSerialNumber(), givenDacKey);
                commonName = givenCn;
            } else {
                dac = AttestationCertificates.issueDac(issuer, uuid, vid, pid, dacProfile);
                commonName = uuid;
                write(internal.resolve("DAC_cert.pem"), utf8(dac.certificatePem()), false);
                write(internal.resolve("DAC_key.pem"), utf8(dac.exportPkcs8Pem()), true);
            }
            dacPem = dac.certificatePem();
            byte[] scalar = dac.exportPrivateScalar();
            Path certDer = internal.resolve("DAC_cert.der");
            Path privBin = internal.resolve("DAC_private_key.bin");
            Path pubBin = internal.resolve("DAC_public_key.bin");
            write(certDer, dac.certificateDer().toByteArray(), false);
            write(privBin, scalar, true);
            write(pubBin, dac.publicPoint(), false);
            write(internal.resolve("DAC_key.der"), dac.exportSec1Der(), true);
            write(internal.resolve("PAI_cert.der"), paiDer.toByteArray(), false);
            r.setFile(ChipFactory.DAC_CERT, certDer.toString(), dac.certificateDer());
            r.setFile(ChipFactory.DAC_KEY, privBin.toString(), Bytes.of(scalar));
            r.setFile(ChipFactory.DAC_PUBLIC_KEY, pubBin.toString(), Bytes.of(dac.publicPoint()));
            r.setFile(
                    ChipFactory.PAI_CERT,
                    top.resolve("staging").resolve("pai_cert.der").toString(),
                    paiDer);
            java.util.Arrays.fill(scalar, (byte) 0);
        }
        if (certDeclaration != null) {
            r.setFile(ChipFactory.CERTIFICATION_DECLARATION, certDeclarationPath, certDeclaration);
        }
        if (!mcsvRows.isEmpty()) {
            Map<String, String> row = mcsvRows.get(index);
            for (String[] k : csvKeys) {
                String value = row.get(k[1]);
                if (value == null) {
                    throw new NvsInputException(o.mcsv + " has no column " + k[1] + ", a key of " + o.csv);
                }
                r.set(k[0], k[1], value);
            }
        }
        String partitionCsv = r.partitionCsv();
        write(internal.resolve("partition.csv"), utf8(partitionCsv), false);
        if (o.generateBin) {
            byte[] image;
            try {
                image = r.toPartition().toImage(size);
            } catch (IllegalArgumentException e) {
                throw new NvsInputException("device " + index + " (" + uuid + "): " + e.getMessage());
            }
            if (o.encrypt) {
                NvsKeys keys = NvsKeys.generate(random);
                image = keys.encryptImage(image);
                write(dir.resolve(uuid + "-keys-partition.bin"), keys.toKeysPartition(), true);
            }
            write(dir.resolve(uuid + "-partition.bin"), image, true);
        }
        if (code != null) {
            SetupPayload p = payload(disc.value(), code.reveal());
            String manual = flow == CommissioningFlow.STANDARD
                    ? p.formattedManualCode()
                    : "\"" + p.formattedManualCode() + "\"";
            String onb = "qrcode,manualcode,discriminator,passcode\n" + p.qrCode() + "," + manual + "," + disc.value()
                    + "," + code.reveal() + "\n";
            write(dir.resolve(uuid + "-onb_codes.csv"), utf8(onb), true);
            write(dir.resolve(uuid + "-qrcode.png"), QrImage.of(p.qrCode()).png(), true);
        }
        return new Device(
                uuid,
                commonName,
                code == null ? 0 : code.reveal(),
                disc.value(),
                saltB64,
                v == null ? null : v.base64(),
                r.masterCells(),
                dacPem);
    }

    /**
     * Each thread's DRBG: the default NativePRNG reads /dev/urandom under one lock for all threads,
     * which a run on every core contends for.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(MfgToolRun::drbg);

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** A version 4 UUID from this thread's DRBG (UUID.randomUUID shares one lock-guarded generator). */
    private static String randomUuid() {
        byte[] b = new byte[16];
        RANDOM.get().nextBytes(b);
        b[6] = (byte) (b[6] & 0x0f | 0x40);
        b[8] = (byte) (b[8] & 0x3f | 0x80);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = hi << 8 | (b[i] & 0xFF);
            lo = lo << 8 | (b[8 + i] & 0xFF);
        }
        return new UUID(hi, lo).toString();
    }

    private SetupPayload payload(int disc, int code) {
        return new SetupPayload(vid, pid, flow, o.discoveryMode, new Discriminator(disc), code);
    }

    /** The chip-factory layout of this run, in esp-matter-mfg-tool's order, and the values every device shares. */
    private ChipFactory layout() {
        ChipFactory.Builder b = ChipFactory.builder();
        b.data(ChipFactory.DISCRIMINATOR, "u32")
                .data(ChipFactory.ITERATION_COUNT, "u32")
                .data(ChipFactory.SALT, "string");
        fixed(b, ChipFactory.VENDOR_ID, "u32", Integer.toString(vid));
        fixed(b, ChipFactory.VENDOR_NAME, "string", o.vendorName);
        fixed(b, ChipFactory.PRODUCT_ID, "u32", Integer.toString(pid));
        fixed(b, ChipFactory.PRODUCT_NAME, "string", o.productName);
        fixed(b, ChipFactory.HARDWARE_VERSION, "u32", o.hardwareVersion == null ? null : o.hardwareVersion.toString());
        fixed(b, ChipFactory.HARDWARE_VERSION_STRING, "string", o.hardwareVersionString);
        fixed(b, ChipFactory.MANUFACTURING_DATE, "string", mfgDate);
        if (o.rotatingDeviceId) {
            b.data(ChipFactory.ROTATING_DEVICE_ID_UNIQUE_ID, "hex2bin");
        }
        fixed(
                b,
                ChipFactory.PRODUCT_FINISH,
                "u32",
                o.productFinish == null ? null : Integer.toString(FINISHES.indexOf(o.productFinish)));
        fixed(
                b,
                ChipFactory.PRODUCT_COLOR,
                "u32",
                o.productColor == null ? null : Integer.toString(COLORS.indexOf(o.productColor)));
        fixed(b, ChipFactory.PART_NUMBER, "string", o.partNumber);
        b.data(ChipFactory.SERIAL_NUMBER, "string");
        if (o.serialNumber != null) {
            fixedValues.put(ChipFactory.SERIAL_NUMBER, o.serialNumber);
        }
        if (o.paa || o.pai) {
            b.file(ChipFactory.DAC_CERT)
                    .file(ChipFactory.DAC_KEY)
                    .file(ChipFactory.DAC_PUBLIC_KEY)
                    .file(ChipFactory.PAI_CERT);
        }
        if (!o.dynamicPasscode) {
            b.data(ChipFactory.VERIFIER, "string");
        }
        if (o.certDeclaration != null) {
            b.file(ChipFactory.CERTIFICATION_DECLARATION);
        }
        for (String[] k : csvKeys) {
            try {
                b.add(k[0], k[1], ChipFactory.Kind.of(k[2]), k[3]);
            } catch (IllegalArgumentException e) {
                throw new NvsInputException(o.csv + ": key " + k[1] + ": " + e.getMessage());
            }
        }
        if (o.calendarTypes != null) {
            int bits = 0;
            for (String c : o.calendarTypes) {
                bits |= 1 << CALENDARS.indexOf(c);
            }
            fixed(b, ChipFactory.CALENDAR_TYPES, "u32", Integer.toString(bits));
        }
        if (o.locales != null) {
            fixed(b, ChipFactory.LOCALE_COUNT, "u32", Integer.toString(o.locales.size()));
            for (int i = 0; i < o.locales.size(); i++) {
                fixed(b, "locale/" + Integer.toHexString(i), "string", o.locales.get(i));
            }
        }
        if (o.fixedLabels != null) {
            Map<Integer, List<String[]>> byEndpoint = new LinkedHashMap<>();
            for (String fl : o.fixedLabels) {
                String[] p = fl.split("/", -1);
                require(
                        p.length == 3
                                && p[0].matches("[0-9]{1,5}")
                                && !p[1].isEmpty()
                                && p[1].length() < 16
                                && !p[2].isEmpty()
                                && p[2].length() < 16,
                        "fixed label '" + fl
                                + "' is not ENDPOINT/LABEL/VALUE (a decimal endpoint, label and value of 1 to 15"
                                + " characters)");
                byEndpoint
                        .computeIfAbsent(Integer.parseInt(p[0]), e -> new ArrayList<>())
                        .add(p);
            }
            byEndpoint.forEach((ep, labels) -> {
                String e = Integer.toHexString(ep);
                fixed(b, "fl-sz/" + e, "u32", Integer.toString(labels.size()));
                for (int i = 0; i < labels.size(); i++) {
                    fixed(b, "fl-k/" + e + "/" + Integer.toHexString(i), "string", labels.get(i)[1]);
                    fixed(b, "fl-v/" + e + "/" + Integer.toHexString(i), "string", labels.get(i)[2]);
                }
            });
        }
        if (o.supportedModes != null) {
            supportedModes(b);
        }
        fixed(b, ChipFactory.PRODUCT_LABEL, "string", o.productLabel);
        fixed(b, ChipFactory.PRODUCT_URL, "string", o.productUrl);
        return b.build();
    }

    private void supportedModes(ChipFactory.Builder b) {
        Map<Integer, List<String[]>> byEndpoint = new LinkedHashMap<>();
        for (String m : o.supportedModes) {
            String[] p = m.split("/", -1);
            require(
                    (p.length == 3 || p.length == 4) && p[0].matches("[0-9]+") && p[2].matches("[0-9]+"),
                    "supported mode '" + m
                            + "' is not MODE/LABEL/ENDPOINT[/VALUE\\MFGCODE, …] (decimal mode and endpoint)");
            byEndpoint
                    .computeIfAbsent(Integer.parseInt(p[2]), e -> new ArrayList<>())
                    .add(p);
        }
        byEndpoint.forEach((ep, modes) -> {
            String e = Integer.toHexString(ep);
            fixed(b, "sm-sz/" + e, "u32", Integer.toString(modes.size()));
            for (int i = 0; i < modes.size(); i++) {
                String[] p = modes.get(i);
                String ix = e + "/" + Integer.toHexString(i);
                List<String[]> tags = new ArrayList<>();
                if (p.length == 4) {
                    for (String t : p[3].split(", ", -1)) {
                        String[] vm = t.split("\\\\", -1);
                        require(
                                vm.length == 2 && vm[0].matches("[0-9]+") && vm[1].matches("(0[xX])?[0-9a-fA-F]+"),
                                "semantic tag '" + t + "' of supported mode '" + String.join("/", p)
                                        + "' is not VALUE\\MFGCODE");
                        tags.add(vm);
                    }
                }
                fixed(b, "sm-label/" + ix, "string", p[1]);
                fixed(b, "sm-mode/" + ix, "u32", Integer.toString(Integer.parseInt(p[0])));
                fixed(b, "sm-st-sz/" + ix, "u32", Integer.toString(tags.size()));
                for (int j = 0; j < tags.size(); j++) {
                    String jx = ix + "/" + Integer.toHexString(j);
                    fixed(b, "st-v/" + jx, "u32", Integer.toString(Integer.parseInt(tags.get(j)[0])));
                    fixed(
                            b,
                            "st-mfg/" + jx,
                            "u32",
                            Long.toString(Long.parseLong(tags.get(j)[1].replaceFirst("^0[xX]", ""), 16)));
                }
            }
        });
    }

    private void fixed(ChipFactory.Builder b, String key, String encoding, String value) {
        if (value != null) {
            b.data(key, encoding);
            fixedValues.put(key, value);
        }
    }

    // ---- inputs

    private byte[] read(String path) {
        try {
            return Files.readAllBytes(o.resolve(path));
        } catch (IOException e) {
            throw new NvsInputException(path + ": " + AtomicFiles.reason(e));
        }
    }

    private X509Certificate readCertificate(String path) {
        List<X509Certificate> certs = CredentialReader.certificates(read(path), path);
        return certs.get(0);
    }

    private void checkCovers(X509Certificate c, String what) {
        Instant from = c.getNotBefore().toInstant();
        Instant to = c.getNotAfter().toInstant();
        require(
                !notBefore.isBefore(from)
                        && !notBefore.isAfter(to)
                        && !notAfter.isBefore(from)
                        && !notAfter.isAfter(to),
                what + " certificate validity (" + from + " to " + to + ") does not cover the certificates' validity ("
                        + notBefore.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " to "
                        + notAfter.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "; set -vf and -lt)");
    }

    /** {@code --csv}: {@code key,type,encoding} rows; a {@code NAME,namespace,} row starts a namespace. */
    private List<String[]> readCsvKeys(Path file, String shown) {
        List<String[]> out = new ArrayList<>();
        String ns = ChipFactory.NAMESPACE;
        int line = 0;
        for (List<String> row : csvRows(file, shown)) {
            line++;
            if (row.isEmpty() || row.size() == 1 && row.get(0).isBlank()) {
                continue;
            }
            if (row.contains("namespace")) {
                ns = row.get(0);
                continue;
            }
            if (row.size() < 3) {
                throw new NvsInputException(shown + " line " + line + ": expected key,type,encoding");
            }
            out.add(new String[] {ns, row.get(0), row.get(1), row.get(2)});
        }
        return out;
    }

    private List<Map<String, String>> readMcsv(Path file, String shown) {
        List<List<String>> rows = csvRows(file, shown);
        require(!rows.isEmpty(), shown + " (--mcsv) is empty");
        List<String> header = rows.get(0);
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                m.put(header.get(c), c < rows.get(i).size() ? rows.get(i).get(c) : null);
            }
            out.add(m);
        }
        return out;
    }

    private List<List<String>> csvRows(Path file, String shown) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NvsInputException(shown + ": " + AtomicFiles.reason(e));
        }
        List<List<String>> rows = new ArrayList<>();
        try {
            CsvParser.parse(text, false).forEach(r -> rows.add(r.fields()));
        } catch (CsvParser.MalformedCsvException e) {
            throw new NvsInputException(shown + " line " + e.line() + ": " + e.getMessage());
        }
        return rows;
    }

    // ---- values

    /** {@code --mfg-date}: the Basic Information cluster's ManufacturingDate, 8 to 16 characters, the first 8 YYYYMMDD. */
    private static String mfgDate(String text) {
        String t = text;
        if (t.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}.{0,8}")) {
            // The tool's help asks for YYYY-MM-DD, which it then refuses; the specification's form is YYYYMMDD.
            t = t.substring(0, 4) + t.substring(5, 7) + t.substring(8);
        }
        require(
                t.length() >= 8 && t.length() <= 16 && t.substring(0, 8).matches("[0-9]{8}"),
                "manufacturing date '" + text + "' must be YYYYMMDD (or YYYY-MM-DD), optionally followed by up to 8"
                        + " characters of the manufacturer's");
        try {
            LocalDate.parse(t.substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            throw new NvsInputException("manufacturing date '" + text + "' is not a date");
        }
        return t;
    }

    /** {@code -vf}: YYYY-MM-DD, or with a time after T or a space (UTC). */
    private static Instant validFrom(String text) {
        try {
            if (text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new NvsInputException("valid-from (-vf) '" + text
                    + "' must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS (UTC); a space for the T is accepted too");
        }
    }

    private static byte[] base64(String text, String option) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new NvsInputException(option + " is not base64: " + e.getMessage());
        }
    }

    private static int id(long v, String what) {
        require(v >= 0 && v <= 0xFFFF, what + " " + v + " is out of range: 16 bits, 0 to 0xFFFF");
        return (int) v;
    }

    private static void checkLength(String s, int min, int max, String what) {
        if (s != null) {
            require(
                    s.length() >= min && s.length() <= max,
                    what + " must be between " + min + " and " + max + " characters, is " + s.length());
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new NvsInputException(message);
        }
    }

    // ---- output

    private static void write(Path file, byte[] data, boolean ownerOnly) throws IOException {
        // Each file is new in a folder that exists: create, write, rename; no folder checks per file.
        AtomicFiles.writeInFolder(file, data, ownerOnly);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String stripBlankLines(String s) {
        StringBuilder out = new StringBuilder();
        for (String line : s.split("(?<=\n)")) {
            if (!line.isBlank()) {
                out.append(line);
            }
        }
        return out.toString();
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    private static X509Certificate x509(Bytes der) {
        return CredentialReader.certificates(der.toByteArray(), "the generated PAI")
                .get(0);
    }

    @Override
    public String toString() {
        return "MfgToolRun[" + count + " devices, vid 0x"
                + Integer.toHexString(vid).toUpperCase(Locale.ROOT) + "]";
    }
}
