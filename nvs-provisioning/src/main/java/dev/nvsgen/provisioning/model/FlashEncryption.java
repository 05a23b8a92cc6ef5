package dev.nvsgen.provisioning.model;

import dev.nvsgen.crypto.flash.Chip;
import dev.nvsgen.crypto.flash.FlashCipher;
import java.util.List;
import java.util.Objects;

/**
 * Flash encryption of each device (release mode, host-generated keys): the chip, which decides the
 * scheme, key size and eFuse blocks; the key (a fresh one per device, or {@code keyFile} for every
 * device); ESP32's {@code FLASH_CRYPT_CONFIG}; and the firmware's binaries, when the device's whole
 * flash is to be written pre-encrypted ({@code firmware}, null for only the partitions nvsgen writes).
 * Needs the partition table of the partition spec: it says which partitions are {@code encrypted} and where.
 *
 * @param keyFile null for a key per device
 * @param reservedBlocks eFuse key blocks already used on these devices (a Secure Boot digest): no key goes there
 * @param merged one merged image per device instead of per-partition files and an esptool argument file
 */
public record FlashEncryption(
        Chip chip,
        FileRef keyFile,
        int flashCryptConfig,
        List<String> reservedBlocks,
        Firmware firmware,
        boolean merged,
        Origin origin) {
    public FlashEncryption {
        Objects.requireNonNull(chip, "chip");
        reservedBlocks = List.copyOf(reservedBlocks);
        if (flashCryptConfig < 0 || flashCryptConfig > 0xF) {
            throw new IllegalArgumentException("FLASH_CRYPT_CONFIG is 4 bits, not " + flashCryptConfig);
        }
    }

    /** A fresh key per device for {@code chip}, the default {@code FLASH_CRYPT_CONFIG}, no firmware. */
    public static FlashEncryption perDevice(Chip chip) {
        return new FlashEncryption(chip, null, FlashCipher.DEFAULT_FLASH_CRYPT_CONFIG, List.of(), null, false, null);
    }

    public boolean keyPerDevice() {
        return keyFile == null;
    }

    /**
     * The firmware's binaries, written encrypted at their places: the bootloader at the chip's bootloader
     * offset, the app in the table's first app partition, otadata in its {@code data,ota} partition (if
     * the table flags it {@code encrypted}, else plain). {@code partitionTable} null: nvsgen writes the
     * table's binary. Any of them may be null.
     */
    public record Firmware(FileRef bootloader, FileRef partitionTable, FileRef app, FileRef otadata) {}

    /** What the run record says of it. */
    public String description() {
        return chip.id() + ", " + (keyFile == null ? "key per device" : "key file " + keyFile.display())
                + (firmware == null ? "" : merged ? ", whole flash merged" : ", whole flash");
    }
}
