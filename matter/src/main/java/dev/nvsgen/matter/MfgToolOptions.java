package dev.nvsgen.matter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an esp-matter-mfg-tool run is asked for, option by option (the tool's names in the comments).
 * A plain settings object: {@link MfgToolRun#prepare} validates all of it at once and copies what it
 * needs, so a caller may fill it field by field. Paths are as the user gave them, resolved against
 * {@link #workingDir}.
 */
public final class MfgToolOptions {
    public Path workingDir = Path.of("").toAbsolutePath();
    /** {@code -n}; null: 1, or the {@code --mcsv} row count. */
    public Integer count;
    /** {@code -s}. */
    public int size = 0x6000;
    /** {@code -e}. */
    public boolean encrypt;
    /** {@code --outdir}; null: {@code out} in the working folder. */
    public String outdir;
    /** Not {@code --no-bin}. */
    public boolean generateBin = true;

    public Long passcode;
    public Long discriminator;
    /** {@code -cf}: 0 standard, 1 user intent, 2 custom. */
    public int commissioningFlow;
    /** {@code -dm}: 2 BLE, 4 on-network, 6 both. */
    public int discoveryMode = 2;

    public boolean dynamicPasscode;
    public String salt;
    public String verifier;
    public int iterationCount = 10_000;

    /** {@code -lt}, days. */
    public long lifetimeDays = 36_500;
    /** {@code -vf}. */
    public String validFrom;
    /** {@code -cn}. */
    public String cnPrefix = "ESP32";
    /** {@code -c}, {@code -k}. */
    public String cert;

    public String key;
    /** {@code -cd}. */
    public String certDeclaration;

    public String dacCert;
    public String dacKey;
    public boolean paa;
    public boolean pai;

    /** {@code -v}, {@code -p} (required). */
    public Long vendorId;

    public Long productId;
    public String vendorName;
    public String productName;
    public Long hardwareVersion;
    public String hardwareVersionString;
    public String mfgDate;
    public String serialNumber;
    public boolean rotatingDeviceId;
    public String rotatingDeviceIdUniqueId;
    public String productFinish;
    public String productColor;
    public String partNumber;
    public List<String> calendarTypes;
    public List<String> locales;
    public List<String> fixedLabels;
    public List<String> supportedModes;
    public String productLabel;
    public String productUrl;
    /** {@code --csv}, {@code --mcsv}. */
    public String csv;

    public String mcsv;

    /** Options of the reference nvsgen does not implement, by name, refused with one message each. */
    public final List<String> unsupported = new ArrayList<>();

    /** Defaults throughout: fill in what the run is asked for. */
    public MfgToolOptions() {}

    Path resolve(String path) {
        return workingDir.resolve(path).normalize();
    }
}
