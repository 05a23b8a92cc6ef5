package dev.nvsgen.cli;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.flash.Chip;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.AtomicFiles;
import dev.nvsgen.securecert.CertificateFile;
import dev.nvsgen.securecert.EfuseKeyBurn;
import dev.nvsgen.securecert.KeyProtection;
import dev.nvsgen.securecert.PrivateKeyFile;
import dev.nvsgen.securecert.SecureCertCsv;
import dev.nvsgen.securecert.SecureCertGenerator;
import dev.nvsgen.securecert.SecureCertImage;
import dev.nvsgen.securecert.SecureCertItem;
import dev.nvsgen.securecert.SecureCertLayout;
import dev.nvsgen.securecert.SecureCertRequest;
import dev.nvsgen.securecert.TlvPartition;
import dev.nvsgen.securecert.TlvReader;
import dev.nvsgen.securecert.TlvSubtype;
import dev.nvsgen.securecert.TlvType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nvsgen secure-cert}: the drop-in for esp_secure_cert_mgr's {@code configure_esp_secure_cert.py} run on a
 * host. Same options, same output folder and file; everything that needs a device is refused with the
 * esptool/espefuse command to run instead.
 */
@Command(
        name = "secure-cert",
        description = {
            "Write an esp_secure_cert partition (TLV, or legacy cust_flash/nvs) byte for byte as"
                    + " esp_secure_cert_mgr's configure_esp_secure_cert.py does, without a device.",
            "Writes esp_secure_cert_data/esp_secure_cert.bin; DS peripheral data is computed on the host from the"
                    + " HMAC key (--efuse_key_file, or a new one in esp_secure_cert_data/hmac_key.bin).",
            "nvsgen never talks to a device: flash the partition with esptool and burn eFuse keys with espefuse"
                    + " (the commands are printed). Key files are written readable by their owner only."
        })
final class SecureCertCommand implements Callable<Integer> {
    /** Where the tool writes, relative to the working folder. */
    static final String DATA_DIR = "esp_secure_cert_data";

    /** Randomness for DS IVs and generated HMAC keys; tests pin it to the cases' bytes. */
    static Supplier<SecureRandom> random = SecureRandom::new;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--private-key", paramLabel = "FILE", description = "Device private key (PEM or DER).")
    String privateKey;

    @Option(
            names = {"--pwd", "--password"},
            paramLabel = "PASSWORD",
            description = "Password of an encrypted key.")
    String password;

    @Option(names = "--device-cert", paramLabel = "FILE", description = "Device certificate (PEM or DER).")
    String deviceCert;

    @Option(names = "--ca-cert", paramLabel = "FILE", description = "CA certificate (PEM or DER).")
    String caCert;

    @Option(
            names = "--target_chip",
            paramLabel = "CHIP",
            defaultValue = "esp32c3",
            description = "Target chip (default: ${DEFAULT-VALUE}): esp32, esp32s2, esp32c3, esp32s3, esp32c6,"
                    + " esp32h2, esp32p4, esp32c5, esp32c61, esp32s31.")
    String targetChip;

    @Option(
            names = "--secure_cert_type",
            paramLabel = "TYPE",
            defaultValue = "cust_flash_tlv",
            description = "cust_flash_tlv (default), or the legacy cust_flash or nvs.")
    String secureCertType;

    @Option(names = "--configure_ds", description = "Protect the key with the DS (RSA) or ECDSA peripheral.")
    boolean configureDs;

    @Option(
            names = "--priv_key_algo",
            arity = "2",
            paramLabel = "ALGO BITS",
            description = "With --configure_ds: RSA 2048|3072|4096 or ECDSA 256|384 (as the key is).")
    List<String> privKeyAlgo;

    @Option(
            names = "--efuse_key_id",
            paramLabel = "ID",
            description = "eFuse key block 0 to 5 of the peripheral's key.")
    Integer efuseKeyId;

    @Option(names = "--efuse_key_file", paramLabel = "FILE", description = "The 32-byte HMAC key of the DS peripheral.")
    String efuseKeyFile;

    @Option(names = "--esp_secure_cert_csv", paramLabel = "CSV", description = "More TLVs, as the tool's CSV.")
    String csv;

    @Option(names = "--skip_flash", description = "Accepted: nvsgen never flashes.")
    boolean skipFlash;

    @Option(
            names = {"--keep_ds_data_on_host", "-keep_ds_data"},
            description = "Accepted: key files are always kept.")
    boolean keepDsData;

    @Option(
            names = "--sec_cert_part_offset",
            paramLabel = "OFFSET",
            defaultValue = "0xD000",
            description = "Partition offset, for the esptool command printed (default: ${DEFAULT-VALUE}).")
    String partOffset;

    @Option(
            names = {"-p", "--port"},
            paramLabel = "PORT",
            description = "Refused: nvsgen does not talk to devices.")
    String port;

    @Option(names = "--summary", description = "Refused: the eFuse summary needs the device.")
    boolean summary;

    @Option(
            names = "--append-integrity",
            paramLabel = "BIN",
            description = "Append an INTEGRITY TLV to an existing partition file.")
    String appendIntegrity;

    @Option(names = "--parse_bin", paramLabel = "BIN", description = "Refused: use nvsgen dump.")
    String parseBin;

    @Option(names = "--secure-sign", description = "Refused: signature blocks are not written by nvsgen yet.")
    boolean secureSign;

    @Option(names = "--signing-scheme", paramLabel = "SCHEME", hidden = true)
    String signingScheme;

    @Option(names = "--signing-key-file", paramLabel = "FILE", arity = "1..*", hidden = true)
    List<String> signingKeyFile;

    @Option(names = "--esp-secure-cert-file", paramLabel = "BIN", hidden = true)
    String signFile;

    @Override
    public Integer call() throws IOException {
        Main main = Main.of(spec);
        Chip chip = chip();
        refuseDeviceOptions(chip);
        PrintWriter out = spec.commandLine().getOut();
        if (appendIntegrity != null) {
            return appendIntegrity(main, out);
        }
        SecureCertLayout layout = layout();
        SecureCertRequest request = request(main, layout, chip);
        Path dataDir = main.resolve(DATA_DIR);
        Path bin = dataDir.resolve("esp_secure_cert.bin");
        Path hmacFile = dataDir.resolve("hmac_key.bin");
        boolean generatesHmac = request.items().stream()
                .anyMatch(i -> i instanceof SecureCertItem.PrivateKey k
                        && k.protection() == KeyProtection.RSA_DS
                        && k.hmacKey().isEmpty());
        if (generatesHmac && Files.exists(hmacFile)) {
            throw new CliException(
                    DATA_DIR + "/hmac_key.bin exists and may already be burnt into a device: pass it"
                            + " with --efuse_key_file to use it, or move it away for a new key",
                    ExitCode.INPUT);
        }
        SecureCertImage image = SecureCertGenerator.generate(request, random.get());
        Files.createDirectories(dataDir);
        // Owner-only: a plaintext key is in the partition unless the DS peripheral holds it.
        AtomicFiles.write(bin, image.bytes(), true);
        out.println("Wrote " + DATA_DIR + "/esp_secure_cert.bin (" + image.length() + " bytes, " + layout.id() + " for "
                + chip.id() + ")");
        for (EfuseKeyBurn burn : image.efuseKeys()) {
            String keyFile;
            if (burn.isEcdsa()) {
                byte[] k = burn.exportEcdsaKey();
                try {
                    AtomicFiles.write(dataDir.resolve("ecdsa_key.bin"), k, true);
                } finally {
                    Arrays.fill(k, (byte) 0);
                }
                keyFile = privateKey;
                out.println("Wrote " + DATA_DIR + "/ecdsa_key.bin (the ECDSA peripheral's key, owner-only)");
            } else if (burn.generated()) {
                burn.hmacKey().orElseThrow().writeTo(hmacFile);
                keyFile = DATA_DIR + "/hmac_key.bin";
                out.println("Wrote " + keyFile + " (a new HMAC key, owner-only: keep it, and burn it into the device)");
            } else {
                keyFile = efuseKeyFile;
            }
            out.println("Burn the key: " + burn.commandLine(chip, "PORT", keyFile));
        }
        out.println("Flash it: esptool.py --chip " + chip.id() + " -p PORT write_flash " + partOffset + " " + DATA_DIR
                + "/esp_secure_cert.bin");
        out.flush();
        return ExitCode.OK;
    }

    private Chip chip() {
        try {
            return Chip.of(targetChip);
        } catch (NvsInputException e) {
            throw new CliException("--target_chip: " + e.getMessage());
        }
    }

    private SecureCertLayout layout() {
        try {
            return SecureCertLayout.of(secureCertType);
        } catch (NvsInputException e) {
            throw new CliException("--secure_cert_type: " + e.getMessage());
        }
    }

    private void refuseDeviceOptions(Chip chip) {
        String flash = "esptool.py --chip " + chip.id() + " -p " + (port == null ? "PORT" : port) + " write_flash "
                + partOffset + " " + DATA_DIR + "/esp_secure_cert.bin";
        if (summary) {
            throw new CliException("--summary reads the device's eFuses; run: espefuse.py --chip " + chip.id() + " -p "
                    + (port == null ? "PORT" : port) + " summary");
        }
        if (port != null) {
            throw new CliException("nvsgen does not flash or burn eFuses: drop -p/--port, then run " + flash
                    + (configureDs ? " and the espefuse.py burn_key command it prints" : ""));
        }
        if (parseBin != null) {
            throw new CliException("--parse_bin: use nvsgen dump " + parseBin + " (it lists every TLV)");
        }
        if (secureSign || signingScheme != null || signingKeyFile != null || signFile != null) {
            throw new CliException("--secure-sign: nvsgen does not write signature blocks (TLV 8) yet");
        }
    }

    private SecureCertRequest request(Main main, SecureCertLayout layout, Chip chip) {
        if (csv != null && layout != SecureCertLayout.CUST_FLASH_TLV) {
            throw new CliException("--esp_secure_cert_csv needs --secure_cert_type cust_flash_tlv");
        }
        KeyProtection protection = KeyProtection.PLAINTEXT;
        String algorithm = "";
        int bits = 0;
        if (privKeyAlgo != null) {
            algorithm = privKeyAlgo.get(0);
            if (!algorithm.equals("RSA") && !algorithm.equals("ECDSA")) {
                throw new CliException("--priv_key_algo: RSA or ECDSA, not '" + algorithm + "'");
            }
            try {
                bits = Integer.parseInt(privKeyAlgo.get(1));
            } catch (NumberFormatException e) {
                throw new CliException(
                        "--priv_key_algo: the key size is a number of bits, not '" + privKeyAlgo.get(1) + "'");
            }
        }
        if (configureDs) {
            if (privKeyAlgo == null) {
                throw new CliException("--configure_ds needs --priv_key_algo RSA BITS or ECDSA BITS");
            }
            if (efuseKeyId == null) {
                throw new CliException("--configure_ds needs --efuse_key_id (the eFuse key block, 0 to 5)");
            }
            if (privateKey == null) {
                throw new CliException("--configure_ds needs --private-key");
            }
            protection = algorithm.equals("RSA") ? KeyProtection.RSA_DS : KeyProtection.ECDSA_PERIPHERAL;
        } else if (efuseKeyFile != null) {
            throw new CliException("--efuse_key_file is the DS peripheral's HMAC key: it needs --configure_ds");
        }
        if (efuseKeyId != null && (efuseKeyId < 0 || efuseKeyId > 5)) {
            throw new CliException("--efuse_key_id: 0 to 5, not " + efuseKeyId);
        }
        SecureCertRequest.Builder b = SecureCertRequest.builder(layout, chip);
        if (caCert != null) {
            b.add(new SecureCertItem.Certificate(
                    TlvType.CA_CERT, TlvSubtype.SUBTYPE_0, CertificateFile.read(read(main, caCert), caCert)));
        }
        if (deviceCert != null) {
            b.add(new SecureCertItem.Certificate(
                    TlvType.DEV_CERT, TlvSubtype.SUBTYPE_0, CertificateFile.read(read(main, deviceCert), deviceCert)));
        }
        if (privateKey != null) {
            byte[] data = read(main, privateKey);
            PrivateKeyFile key;
            try {
                key = PrivateKeyFile.read(data, privateKey, password == null ? null : password::toCharArray);
            } finally {
                Arrays.fill(data, (byte) 0);
            }
            Optional<HmacKey> hmac = Optional.empty();
            if (protection == KeyProtection.RSA_DS && efuseKeyFile != null) {
                hmac = Optional.of(HmacKey.read(main.resolve(efuseKeyFile), efuseKeyFile));
            }
            b.add(SecureCertCsv.keyItem(
                    TlvSubtype.SUBTYPE_0,
                    key,
                    protection,
                    algorithm,
                    bits,
                    efuseKeyId == null ? -1 : efuseKeyId,
                    hmac));
        }
        if (csv != null) {
            b.addAll(SecureCertCsv.read(main.resolve(csv), main.workingDir()));
        }
        return b.build();
    }

    private static byte[] read(Main main, String file) {
        try {
            return Files.readAllBytes(main.resolve(file));
        } catch (NoSuchFileException e) {
            throw new CliException(file + ": no such file", ExitCode.INPUT);
        } catch (IOException e) {
            throw new CliException(file + ": cannot be read: " + ErrorHandler.describe(e), ExitCode.INPUT);
        }
    }

    private int appendIntegrity(Main main, PrintWriter out) throws IOException {
        byte[] image = read(main, appendIntegrity);
        if (!TlvReader.isTlvPartition(image)) {
            throw new CliException(
                    appendIntegrity + ": not an esp_secure_cert TLV partition (no TLV magic at 0)", ExitCode.INPUT);
        }
        var read = TlvReader.read(image);
        int end = (int) read.end();
        byte[] body = Arrays.copyOf(image, end);
        byte[] tlv = new byte[TlvPartition.integrityOf(body, end).totalLength()];
        TlvPartition.integrityOf(body, end).writeTo(tlv, 0);
        byte[] result = Arrays.copyOf(body, end + tlv.length);
        System.arraycopy(tlv, 0, result, end, tlv.length);
        AtomicFiles.write(main.resolve(appendIntegrity), result, true);
        out.println("Appended an INTEGRITY TLV at offset " + String.format("0x%x", end) + " to " + appendIntegrity);
        out.flush();
        return ExitCode.OK;
    }
}
