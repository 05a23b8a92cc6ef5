package dev.nvsgen.cli;

import dev.nvsgen.matter.MfgToolOptions;
import dev.nvsgen.matter.MfgToolRun;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nvsgen matter-mfg}: the drop-in for esp-matter-mfg-tool. Maps its options onto {@link
 * MfgToolOptions} and prints where the run went; the run itself is {@link MfgToolRun}'s.
 */
@Command(
        name = "matter-mfg",
        sortOptions = false,
        description = {
            "Matter factory partitions, as esp-matter-mfg-tool makes them: per device a chip-factory NVS image with"
                    + " DAC, PAI, Certification Declaration, SPAKE2+ verifier and discriminator, its onboarding"
                    + " codes and QR image, under OUTDIR/<vid>_<pid>/<uuid>/; staging/, summary and CN/DAC CSVs"
                    + " beside them. Devices are made on every core.",
            "Files holding DAC keys or passcodes are written readable by their owner only; passcodes are never"
                    + " printed."
        })
final class MatterMfgCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    /** Integers as the tool reads them: decimal, or 0x / 0o / 0b prefixed. */
    static final class AnyBase implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String s) {
            String t = s.strip().replace("_", "");
            boolean neg = t.startsWith("-");
            if (neg || t.startsWith("+")) {
                t = t.substring(1);
            }
            int radix = 10;
            String lower = t.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("0x")) {
                radix = 16;
                t = t.substring(2);
            } else if (lower.startsWith("0o")) {
                radix = 8;
                t = t.substring(2);
            } else if (lower.startsWith("0b")) {
                radix = 2;
                t = t.substring(2);
            }
            try {
                long v = Long.parseLong(t, radix);
                return neg ? -v : v;
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + s + "' is not an integer (decimal, or 0x…, 0o…, 0b…)");
            }
        }
    }

    // General
    @Option(
            names = {"-n", "--count"},
            paramLabel = "N",
            converter = AnyBase.class,
            description = "Number of devices (default 1; with --csv/--mcsv, the --mcsv rows).")
    Long count;

    @Option(names = "--target", paramLabel = "CHIP", defaultValue = "esp32", description = "Chip (accepted, not used).")
    String target;

    @Option(
            names = {"-s", "--size"},
            paramLabel = "BYTES",
            converter = AnyBase.class,
            defaultValue = "0x6000",
            description = "Partition size (default 0x6000).")
    long size;

    @Option(
            names = {"-e", "--encrypt"},
            description = "NVS-encrypt each image with fresh keys (<uuid>-keys-partition.bin).")
    boolean encrypt;

    @Option(
            names = "--log-level",
            paramLabel = "LEVEL",
            defaultValue = "info",
            description = "debug, info or error (accepted; nvsgen prints one summary line).")
    String logLevel;

    @Option(names = "--outdir", paramLabel = "DIR", description = "Output folder (default: ./out).")
    String outdir;

    @Option(names = "--no-bin", description = "Write everything but the partition images.")
    boolean noBin;

    @Option(names = "--no-secure-cert-bin", description = "Accepted: nvsgen makes no secure-cert partition here.")
    boolean noSecureCertBin;

    @Option(names = "--threads", paramLabel = "N", description = "Devices made at once (default: every core).")
    Integer threads;

    // Commissioning
    @Option(
            names = "--passcode",
            paramLabel = "N",
            converter = AnyBase.class,
            description = "Setup passcode, 1 to 99999998 but not a trivial one (default: random per device).")
    Long passcode;

    @Option(
            names = "--discriminator",
            paramLabel = "N",
            converter = AnyBase.class,
            description = "Discriminator, 0 to 4095 (default: random per device).")
    Long discriminator;

    @Option(
            names = {"-cf", "--commissioning-flow"},
            paramLabel = "0|1|2",
            converter = AnyBase.class,
            defaultValue = "0",
            description = "0 standard, 1 user intent, 2 custom (21-digit manual code).")
    long flow;

    @Option(
            names = {"-dm", "--discovery-mode"},
            paramLabel = "2|4|6",
            converter = AnyBase.class,
            defaultValue = "2",
            description = "2 BLE, 4 on-network, 6 both.")
    long discoveryMode;

    @Option(names = "--enable-dynamic-passcode", description = "No verifier and no onboarding codes in the images.")
    boolean dynamicPasscode;

    @Option(
            names = "--salt",
            paramLabel = "B64",
            description = "SPAKE2+ salt, 16 to 32 bytes in base64 (with --verifier, --passcode).")
    String salt;

    @Option(
            names = "--verifier",
            paramLabel = "B64",
            description = "SPAKE2+ verifier in base64 (with --salt, --passcode).")
    String verifier;

    @Option(
            names = "--iteration-count",
            paramLabel = "N",
            converter = AnyBase.class,
            defaultValue = "10000",
            description = "PBKDF2 iterations, 1000 to 100000 (default 10000).")
    long iterations;

    @Option(names = "--commissionable-data-in-secure-cert", description = "Not supported (secure-cert partition).")
    boolean commissionableInSecureCert;

    // Attestation
    @Option(names = "--dac-in-secure-cert", description = "Not supported (secure-cert partition).")
    boolean dacInSecureCert;

    @Option(
            names = {"-lt", "--lifetime"},
            paramLabel = "DAYS",
            converter = AnyBase.class,
            defaultValue = "36500",
            description = "Validity of generated certificates in days (default 36500).")
    long lifetime;

    @Option(
            names = {"-vf", "--valid-from"},
            paramLabel = "DATE",
            description = "Start of validity: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, UTC (default: now).")
    String validFrom;

    @Option(
            names = {"-cn", "--cn-prefix"},
            paramLabel = "TEXT",
            defaultValue = "ESP32",
            description = "CN prefix of a generated PAI (\"<prefix> PAI 00\").")
    String cnPrefix;

    @Option(
            names = {"-c", "--cert"},
            paramLabel = "FILE",
            description = "PAI (--pai) or PAA (--paa) certificate, PEM or DER.")
    String cert;

    @Option(
            names = {"-k", "--key"},
            paramLabel = "FILE",
            description = "Its private key, PEM or DER.")
    String key;

    @Option(
            names = {"-cd", "--cert-dclrn"},
            paramLabel = "FILE",
            description = "Certification Declaration (DER, stored as is).")
    String certDeclaration;

    @Option(
            names = "--dac-cert",
            paramLabel = "FILE",
            description = "A given DAC (one device; a UUID CN names its folder).")
    String dacCert;

    @Option(names = "--dac-key", paramLabel = "FILE", description = "The given DAC's private key.")
    String dacKey;

    @Option(
            names = {"-ds", "--ds-peripheral"},
            description = "Not supported (secure-cert partition).")
    boolean dsPeripheral;

    @Option(
            names = "--efuse-key-id",
            paramLabel = "N",
            defaultValue = "-1",
            description = "Not supported (secure-cert partition).")
    int efuseKeyId;

    @Option(names = "--port", paramLabel = "PORT", description = "Not supported (secure-cert partition).")
    String port;

    @Option(
            names = {"--pwd", "--password"},
            paramLabel = "TEXT",
            description = "Not supported: give unencrypted keys.")
    String password;

    @Option(names = "--paa", description = "-c/-k are a PAA: a PAI is made from it, then the DACs.")
    boolean paa;

    @Option(names = "--pai", description = "-c/-k are a PAI: the DACs are issued by it.")
    boolean pai;

    // Device instance information
    @Option(
            names = {"-v", "--vendor-id"},
            paramLabel = "VID",
            converter = AnyBase.class,
            required = true,
            description = "Vendor ID.")
    Long vendorId;

    @Option(names = "--vendor-name", paramLabel = "TEXT", description = "Vendor name (1 to 32 characters).")
    String vendorName;

    @Option(
            names = {"-p", "--product-id"},
            paramLabel = "PID",
            converter = AnyBase.class,
            required = true,
            description = "Product ID.")
    Long productId;

    @Option(names = "--product-name", paramLabel = "TEXT", description = "Product name (1 to 32 characters).")
    String productName;

    @Option(
            names = "--hw-ver",
            paramLabel = "N",
            converter = AnyBase.class,
            description = "Hardware version (0 to 65535).")
    Long hwVer;

    @Option(names = "--hw-ver-str", paramLabel = "TEXT", description = "Hardware version string (1 to 64 characters).")
    String hwVerStr;

    @Option(
            names = "--mfg-date",
            paramLabel = "DATE",
            description = "Manufacturing date: YYYYMMDD (or YYYY-MM-DD), up to 8 characters more.")
    String mfgDate;

    @Option(
            names = "--serial-num",
            paramLabel = "TEXT",
            description = "Serial number, 1 to 32 characters (default: 32 random hex digits).")
    String serialNum;

    @Option(names = "--enable-rotating-device-id", description = "Store a rotating device ID unique ID (rd-id-uid).")
    boolean rotatingDeviceId;

    @Option(names = "--rd-id-uid", paramLabel = "HEX", description = "The unique ID, 32 hex digits (default: random).")
    String rdIdUid;

    @Option(
            names = "--product-finish",
            paramLabel = "FINISH",
            description = "other, matte, satin, polished, rugged, fabric.")
    String productFinish;

    @Option(names = "--rd-id-uid-in-secure-cert", description = "Not supported (secure-cert partition).")
    boolean rdIdUidInSecureCert;

    @Option(names = "--product-color", paramLabel = "COLOR", description = "black, navy, green, … gold.")
    String productColor;

    @Option(names = "--part-number", paramLabel = "TEXT", description = "Part number (1 to 32 characters).")
    String partNumber;

    // Device instance
    @Option(names = "--calendar-types", paramLabel = "TYPE", arity = "1..*", description = "Supported calendar types.")
    List<String> calendarTypes;

    @Option(names = "--locales", paramLabel = "TAG", arity = "1..*", description = "Supported locales (BCP 47).")
    List<String> locales;

    @Option(names = "--fixed-labels", paramLabel = "EP/LABEL/VALUE", arity = "1..*", description = "Fixed labels.")
    List<String> fixedLabels;

    @Option(
            names = "--supported-modes",
            paramLabel = "MODE/LABEL/EP[/V\\MFG, …]",
            arity = "1..*",
            description = "Supported modes.")
    List<String> supportedModes;

    @Option(names = "--product-label", paramLabel = "TEXT", description = "Product label (1 to 64 characters).")
    String productLabel;

    @Option(names = "--product-url", paramLabel = "URL", description = "Product URL (1 to 256 characters).")
    String productUrl;

    @Option(
            names = "--csv",
            paramLabel = "FILE",
            description = "Extra keys: key,type,encoding rows (NAME,namespace, for a namespace).")
    String csv;

    @Option(names = "--mcsv", paramLabel = "FILE", description = "Their values, one row per device.")
    String mcsv;

    @Override
    public Integer call() throws Exception {
        Main main = Main.of(spec);
        MfgToolOptions o = new MfgToolOptions();
        o.workingDir = main.workingDir();
        o.count = count == null ? null : Math.toIntExact(count);
        o.size = Math.toIntExact(size);
        o.encrypt = encrypt;
        o.outdir = outdir;
        o.generateBin = !noBin;
        o.passcode = passcode;
        o.discriminator = discriminator;
        o.commissioningFlow = (int) flow;
        o.discoveryMode = (int) discoveryMode;
        o.dynamicPasscode = dynamicPasscode;
        o.salt = salt;
        o.verifier = verifier;
        o.iterationCount = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, iterations));
        o.lifetimeDays = lifetime;
        o.validFrom = validFrom;
        o.cnPrefix = cnPrefix;
        o.cert = cert;
        o.key = key;
        o.certDeclaration = certDeclaration;
        o.dacCert = dacCert;
        o.dacKey = dacKey;
        o.paa = paa;
        o.pai = pai;
        o.vendorId = vendorId;
        o.productId = productId;
        o.vendorName = vendorName;
        o.productName = productName;
        o.hardwareVersion = hwVer;
        o.hardwareVersionString = hwVerStr;
        o.mfgDate = mfgDate;
        o.serialNumber = serialNum;
        o.rotatingDeviceId = rotatingDeviceId;
        o.rotatingDeviceIdUniqueId = rdIdUid;
        o.productFinish = productFinish;
        o.productColor = productColor;
        o.partNumber = partNumber;
        o.calendarTypes = calendarTypes;
        o.locales = locales;
        o.fixedLabels = fixedLabels;
        o.supportedModes = supportedModes;
        o.productLabel = productLabel;
        o.productUrl = productUrl;
        o.csv = csv;
        o.mcsv = mcsv;
        List<String> unsupported = new ArrayList<>();
        if (dacInSecureCert) {
            unsupported.add("--dac-in-secure-cert");
        }
        if (commissionableInSecureCert) {
            unsupported.add("--commissionable-data-in-secure-cert");
        }
        if (rdIdUidInSecureCert) {
            unsupported.add("--rd-id-uid-in-secure-cert");
        }
        if (dsPeripheral) {
            unsupported.add("-ds/--ds-peripheral");
        }
        if (port != null) {
            unsupported.add("--port");
        }
        if (password != null) {
            throw new CliException(
                    "--pwd/--password: give an unencrypted PAI/PAA key file (nvsgen matter-mfg does not"
                            + " read passwords from the command line)",
                    ExitCode.INPUT);
        }
        o.unsupported.addAll(unsupported);
        MfgToolRun run = MfgToolRun.prepare(o);
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        MfgToolRun.Result r = run.run(n, Clock.systemDefaultZone());
        PrintWriter out = spec.commandLine().getOut();
        out.println(run.deviceCount() + (run.deviceCount() == 1 ? " device" : " devices") + " in " + r.folder());
        out.println("summary: " + r.summary());
        out.println("CN and DAC list: " + r.dacList());
        return ExitCode.OK;
    }
}
