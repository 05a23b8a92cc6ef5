package dev.nvsgen.provisioning;

import dev.nvsgen.crypto.flash.Chip;
import dev.nvsgen.crypto.flash.EfuseScript;
import dev.nvsgen.crypto.flash.FlashCipher;
import dev.nvsgen.crypto.flash.FlashEncryptionKey;
import dev.nvsgen.factory.DeviceEncryption;
import dev.nvsgen.factory.DeviceOutput;
import dev.nvsgen.factory.NvsTarget;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.InputFiles;
import dev.nvsgen.partitions.FlashImage;
import dev.nvsgen.partitions.FlashLayout;
import dev.nvsgen.partitions.PartitionEntry;
import dev.nvsgen.partitions.PartitionTable;
import dev.nvsgen.provisioning.model.FileRef;
import dev.nvsgen.provisioning.model.FlashEncryption;
import dev.nvsgen.provisioning.model.PartitionSpec;
import dev.nvsgen.provisioning.model.ProvisioningSpec;
import dev.nvsgen.provisioning.model.SecureCert;
import dev.nvsgen.securecert.KeyProtection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-device flash encryption in a run: each device's folder {@code flash/SERIAL/} gets its flash key
 * ({@code flash_key.bin}, owner-only, when a key per device), every partition nvsgen writes that the
 * table flags {@code encrypted} (the {@code nvs_keys} partition) pre-encrypted at its offset, the
 * firmware's binaries encrypted at theirs, an esptool argument file {@code flash_args} (or one
 * {@code merged.bin}) and the eFuse script {@code espefuse.sh}. The NVS data partition stays plain (NVS
 * encryption protects it) and is named from {@code bin/}. Everything that can fail on the inputs fails
 * in the constructor, before the first device.
 */
final class FlashEncryptionRun {
    static final String FOLDER = "flash";
    static final String KEY_FILE = "flash_key.bin";
    static final String SCRIPT = "espefuse.sh";
    static final String ARGS = "flash_args";
    static final String MERGED = "merged.bin";

    /** Bytes each encrypted firmware binary is padded to with 0xFF, as esptool pads what it encrypts. */
    private static final int PAD = 32;

    private final FlashEncryption spec;
    private final PartitionSpec.Encryption nvsEncryption;
    /** The esp_secure_cert preset's settings when the run writes a TLV or cust_flash partition; else null. */
    private final SecureCert secureCert;

    private final NvsTarget target;
    private final FlashEncryptionKey sharedKey;
    private final byte[] sharedNvsKeys;
    private final List<Plain> firmware;
    private final Map<String, String> purposesByBlock;

    /** A binary to be written at {@code offset}, encrypted if {@code encrypted}, as {@code name} in the device's folder. */
    private record Plain(String name, long offset, byte[] data, boolean encrypted) {}

    FlashEncryptionRun(ProvisioningSpec provisioning) {
        this.spec = provisioning.flashEncryption();
        this.nvsEncryption = provisioning.partition().encryption();
        this.target = provisioning.partition().target();
        this.secureCert = provisioning.partition().isSecureCert()
                ? provisioning.partition().secureCert()
                : null;
        Chip chip = spec.chip();
        if (secureCert != null && secureCert.key() != KeyProtection.PLAINTEXT && secureCert.chip() != chip) {
            throw error("flash encryption is for " + chip + ", but the esp_secure_cert partition's"
                    + (secureCert.key() == KeyProtection.RSA_DS ? " DS" : " ECDSA") + " key is for "
                    + secureCert.chip() + ": one device, one chip");
        }
        PartitionTable table = target.table();
        if ((nvsEncryption instanceof PartitionSpec.Encryption.PerDeviceHmacKey
                        || nvsEncryption instanceof PartitionSpec.Encryption.HmacKeyFile)
                && !chip.hasHmac()) {
            throw error(chip + " has no HMAC peripheral: NVS keys cannot derive from an HMAC key on it");
        }
        if (target.keys().isPresent()
                && !target.keys().get().encrypted()
                && nvsEncryption instanceof PartitionSpec.Encryption.PerDeviceKeys) {
            throw error(table.origin(target.keys().get()) + ": the nvs_keys partition '"
                    + target.keys().get().name() + "' has no 'encrypted' flag: with flash encryption on, the"
                    + " device reads it through the cipher, so it must be flagged (and is written encrypted)");
        }
        this.sharedKey = spec.keyFile() == null
                ? null
                : read(
                        spec.keyFile(),
                        64,
                        f -> FlashEncryptionKey.parse(chip, f, spec.keyFile().display()));
        this.sharedNvsKeys = nvsEncryption instanceof PartitionSpec.Encryption.KeysFile k
                ? read(k.file(), NvsTarget.KEYS_IMAGE_LENGTH, f -> f)
                : null;
        this.firmware = firmware(spec.firmware(), table, chip);
        this.purposesByBlock = script(FlashEncryptionKey.generate(chip), "d").purposesByBlock();
    }

    private NvsInputException error(String message) {
        return spec.origin() == null
                ? new NvsInputException(message)
                : spec.origin().error(message);
    }

    private interface Parse<T> {
        T parse(byte[] file);
    }

    private <T> T read(FileRef f, long max, Parse<T> parse) {
        try {
            return parse.parse(InputFiles.read(f.path(), f.display(), max, "a key file"));
        } catch (NvsInputException | IllegalArgumentException e) {
            throw f.origin() == null
                    ? new NvsInputException(e.getMessage())
                    : f.origin().error(e.getMessage());
        }
    }

    /** The firmware binaries, checked against the table: each fits its place. */
    private static List<Plain> firmware(FlashEncryption.Firmware fw, PartitionTable table, Chip chip) {
        List<Plain> out = new ArrayList<>();
        if (fw == null) {
            return out;
        }
        if (fw.bootloader() != null) {
            long offset = chip.bootloaderOffset();
            out.add(binary("bootloader.bin", offset, table.tableOffset() - offset, fw.bootloader(), true));
        }
        byte[] tableBinary = fw.partitionTable() == null
                ? table.toBinary()
                : InputFiles.read(
                        fw.partitionTable().path(),
                        fw.partitionTable().display(),
                        InputFiles.MAX_PARTITION_TABLE,
                        "a partition table");
        out.add(new Plain("partition-table.bin", table.tableOffset(), tableBinary, true));
        if (fw.app() != null) {
            PartitionEntry app = table.entries().stream()
                    .filter(e -> e.type() == PartitionEntry.TYPE_APP)
                    .findFirst()
                    .orElseThrow(() -> new NvsInputException(fw.app().display() + ": the partition table has no app"
                            + " partition to write the app to"));
            // Flash encryption always covers app partitions, flagged or not.
            out.add(binary(app.name() + ".bin", app.offset(), app.size(), fw.app(), true));
        }
        if (fw.otadata() != null) {
            PartitionEntry ota = table.entries().stream()
                    .filter(e -> e.type() == PartitionEntry.TYPE_DATA && e.subtype() == 0x00)
                    .findFirst()
                    .orElseThrow(() -> new NvsInputException(fw.otadata().display()
                            + ": the partition table has no data,ota partition to write otadata to"));
            out.add(binary(ota.name() + ".bin", ota.offset(), ota.size(), fw.otadata(), ota.encrypted()));
        }
        return out;
    }

    private static Plain binary(String name, long offset, long room, FileRef f, boolean encrypted) {
        byte[] data = InputFiles.read(f.path(), f.display(), InputFiles.MAX_IMAGE, "a firmware binary");
        int padded = encrypted ? (data.length + PAD - 1) / PAD * PAD : data.length;
        if (padded > room) {
            throw new NvsInputException(f.display() + ": " + data.length + " bytes do not fit the " + hex(room)
                    + " bytes at " + hex(offset));
        }
        byte[] out = Arrays.copyOf(data, padded);
        Arrays.fill(out, data.length, padded, (byte) 0xFF);
        return new Plain(name, offset, out, encrypted);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** The eFuse script of a device whose flash key is {@code key}, as its folder names the files. */
    private EfuseScript script(FlashEncryptionKey key, String serial) {
        EfuseScript.Builder b = EfuseScript.builder(spec.chip())
                .reserveBlocks(spec.reservedBlocks().toArray(String[]::new));
        b.flashEncryptionKey(
                sharedKey == null ? KEY_FILE : fromDeviceFolder(spec.keyFile().path()), key);
        if (spec.chip() == Chip.ESP32) {
            b.flashCryptConfig(spec.flashCryptConfig());
        }
        if (nvsEncryption instanceof PartitionSpec.Encryption.PerDeviceHmacKey) {
            b.hmacUpKey(
                    "../../" + BatchRun.KEYS + "/" + BatchPlan.KEY_FILES.get(1).replace("%s", serial));
        } else if (nvsEncryption instanceof PartitionSpec.Encryption.HmacKeyFile h) {
            b.hmacUpKey(fromDeviceFolder(h.file().path()));
        }
        if (secureCert != null && secureCert.key() == KeyProtection.RSA_DS) {
            // The DS data names its eFuse key id: the key goes to that block, the others around it.
            String file = secureCert.hmacKey() == null
                    ? "../../" + BatchRun.KEYS + "/"
                            + BatchPlan.KEY_FILES.get(1).replace("%s", serial)
                    : fromDeviceFolder(secureCert.hmacKey().path());
            b.digitalSignatureKey(file, "BLOCK_KEY" + secureCert.efuseKeyId());
        }
        return b.build();
    }

    private static String fromDeviceFolder(Path file) {
        return file.toAbsolutePath().toString();
    }

    /** The eFuse blocks every device's script burns, and their purposes: the same for the whole batch. */
    Map<String, String> purposesByBlock() {
        return purposesByBlock;
    }

    String description() {
        return spec.description();
    }

    /** The files under the output folder a device's flash encryption writes. */
    static List<Path> files(Path out, Device d) {
        Path dir = out.resolve(FOLDER).resolve(d.serial());
        return List.of(dir.resolve(KEY_FILE), dir.resolve(SCRIPT), dir.resolve(ARGS), dir.resolve(MERGED));
    }

    /**
     * Adds {@code d}'s flash-encryption files to {@code output}: its key (fresh unless one key is given),
     * its encrypted partitions and firmware, the argument file or merged image, the eFuse script.
     */
    DeviceOutput add(DeviceOutput output, Device d, BatchPlan.Made made, Path out, Path imageFile) {
        Path dir = out.resolve(FOLDER).resolve(d.serial());
        FlashEncryptionKey key = sharedKey != null ? sharedKey : FlashEncryptionKey.generate(spec.chip());
        if (sharedKey == null) {
            output = output.withSecretFile(dir.resolve(KEY_FILE), key.unsafeExportKeyFile());
        }
        FlashCipher cipher = key.cipher(spec.flashCryptConfig());
        List<Plain> parts = new ArrayList<>(firmware);
        nvsKeys(made).ifPresent(bytes -> {
            PartitionEntry k = target.keys().orElseThrow();
            parts.add(new Plain(k.name() + ".bin", k.offset(), bytes, k.encrypted()));
        });
        // An esp_secure_cert partition flagged 'encrypted' is read through the cipher: written encrypted
        // here, beside the device's other encrypted files. An NVS partition stays plain in bin/.
        boolean imageEncrypted = secureCert != null && target.nvs().encrypted();
        if (imageEncrypted) {
            parts.add(new Plain(target.nvs().name() + ".bin", target.nvs().offset(), made.image(), true));
        }
        List<FlashImage> images = new ArrayList<>();
        for (Plain p : parts) {
            byte[] data = p.encrypted() ? cipher.encrypt(p.data(), p.offset()) : p.data();
            Path file = dir.resolve(p.name());
            images.add(new FlashImage(p.offset(), file, data));
        }
        FlashLayout layout = imageEncrypted ? FlashLayout.of(images) : layout(images, imageFile, made.image());
        if (spec.merged()) {
            output = output.withFile(dir.resolve(MERGED), layout.merged());
            layout = FlashLayout.of(List.of(new FlashImage(layout.start(), dir.resolve(MERGED), new byte[0])));
        } else {
            for (FlashImage i : images) {
                output = output.withFile(i.file(), i.data());
            }
        }
        output = output.withFile(dir.resolve(ARGS), argsFile(layout, dir).getBytes(StandardCharsets.UTF_8));
        return output.withFile(
                dir.resolve(SCRIPT), script(key, d.serial()).render().getBytes(StandardCharsets.UTF_8));
    }

    /** esptool's argument file, every file named relative to the device's folder (the NVS image as {@code ../../bin/…}). */
    private static String argsFile(FlashLayout layout, Path dir) {
        StringBuilder b = new StringBuilder(FlashLayout.ARGS_OPTIONS).append('\n');
        for (FlashImage i : layout.images()) {
            b.append(hex(i.offset()))
                    .append(' ')
                    .append(dir.relativize(i.file()).toString().replace(java.io.File.separatorChar, '/'))
                    .append('\n');
        }
        return b.toString();
    }

    /** {@code images} with the (plain) NVS image at its partition. */
    private FlashLayout layout(List<FlashImage> images, Path imageFile, byte[] image) {
        List<FlashImage> all = new ArrayList<>(images);
        all.add(new FlashImage(target.nvs().offset(), imageFile, image));
        return FlashLayout.of(all);
    }

    /** The device's keys partition in the clear, when its images are encrypted with one (not HMAC-derived keys). */
    private Optional<byte[]> nvsKeys(BatchPlan.Made made) {
        if (target.keys().isEmpty()) {
            return Optional.empty();
        }
        if (sharedNvsKeys != null) {
            return Optional.of(sharedNvsKeys);
        }
        if (nvsEncryption instanceof PartitionSpec.Encryption.PerDeviceKeys) {
            for (DeviceEncryption.KeyFile k : made.keyFiles()) {
                byte[] content = k.exportContent();
                if (content.length == NvsTarget.KEYS_IMAGE_LENGTH) {
                    return Optional.of(content);
                }
            }
        }
        return Optional.empty();
    }
}
