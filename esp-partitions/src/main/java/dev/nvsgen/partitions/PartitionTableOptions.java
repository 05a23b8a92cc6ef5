package dev.nvsgen.partitions;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How a partition table is read and checked: the arguments of ESP-IDF's {@code gen_esp32part.py}.
 *
 * @param tableOffset where the table itself sits in flash ({@code --offset}, default 0x8000); the first
 *     partition may start one sector after it
 * @param secureBoot {@code --secure}: the size alignment app partitions need
 * @param md5 write and check the MD5 row ({@code --disable-md5sum} turns it off)
 * @param primaryBootloaderOffset {@code --primary-bootloader-offset}, needed by bootloader partitions
 * @param recoveryBootloaderOffset {@code --recovery-bootloader-offset}, for a bootloader,recovery row
 * @param flashSize {@code --flash-size} in bytes: the partitions must end within it
 * @param variables what {@code $NAME} and {@code ${NAME}} in a CSV expand to (gen_esp32part uses the
 *     environment); unset variables stay as written
 */
public record PartitionTableOptions(
        long tableOffset,
        SecureBoot secureBoot,
        boolean md5,
        OptionalLong primaryBootloaderOffset,
        OptionalLong recoveryBootloaderOffset,
        OptionalLong flashSize,
        Map<String, String> variables) {
    public static final long DEFAULT_TABLE_OFFSET = 0x8000;
    private static final long U32 = 0xFFFF_FFFFL;

    public PartitionTableOptions {
        Objects.requireNonNull(secureBoot, "secureBoot");
        Objects.requireNonNull(primaryBootloaderOffset, "primaryBootloaderOffset");
        Objects.requireNonNull(recoveryBootloaderOffset, "recoveryBootloaderOffset");
        Objects.requireNonNull(flashSize, "flashSize");
        variables = Map.copyOf(variables);
        if (tableOffset < 0 || tableOffset > U32 - PartitionTable.SECTOR_SIZE) {
            throw new PartitionTableException("partition table offset " + PartitionEntry.hex(tableOffset)
                    + " is outside the 32-bit flash address space");
        }
        if (primaryBootloaderOffset.isPresent()
                && (primaryBootloaderOffset.getAsLong() < 0 || primaryBootloaderOffset.getAsLong() >= tableOffset)) {
            throw new PartitionTableException("primary bootloader offset "
                    + PartitionEntry.hex(primaryBootloaderOffset.getAsLong())
                    + " must be below the partition table at " + PartitionEntry.hex(tableOffset));
        }
        if (recoveryBootloaderOffset.isPresent()
                && (recoveryBootloaderOffset.getAsLong() < 0 || recoveryBootloaderOffset.getAsLong() > U32)) {
            throw new PartitionTableException("recovery bootloader offset "
                    + PartitionEntry.hex(recoveryBootloaderOffset.getAsLong())
                    + " is outside the 32-bit flash address space");
        }
    }

    /** gen_esp32part's defaults: table at 0x8000, no secure boot, MD5 row on, no variables. */
    public static PartitionTableOptions defaults() {
        return new PartitionTableOptions(
                DEFAULT_TABLE_OFFSET,
                SecureBoot.NONE,
                true,
                OptionalLong.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                Map.of());
    }

    public PartitionTableOptions withTableOffset(long offset) {
        return new PartitionTableOptions(
                offset, secureBoot, md5, primaryBootloaderOffset, recoveryBootloaderOffset, flashSize, variables);
    }

    public PartitionTableOptions withSecureBoot(SecureBoot secure) {
        return new PartitionTableOptions(
                tableOffset, secure, md5, primaryBootloaderOffset, recoveryBootloaderOffset, flashSize, variables);
    }

    public PartitionTableOptions withMd5(boolean on) {
        return new PartitionTableOptions(
                tableOffset, secureBoot, on, primaryBootloaderOffset, recoveryBootloaderOffset, flashSize, variables);
    }

    public PartitionTableOptions withPrimaryBootloaderOffset(long offset) {
        return new PartitionTableOptions(
                tableOffset, secureBoot, md5, OptionalLong.of(offset), recoveryBootloaderOffset, flashSize, variables);
    }

    public PartitionTableOptions withRecoveryBootloaderOffset(long offset) {
        return new PartitionTableOptions(
                tableOffset, secureBoot, md5, primaryBootloaderOffset, OptionalLong.of(offset), flashSize, variables);
    }

    public PartitionTableOptions withFlashSize(long bytes) {
        return new PartitionTableOptions(
                tableOffset,
                secureBoot,
                md5,
                primaryBootloaderOffset,
                recoveryBootloaderOffset,
                OptionalLong.of(bytes),
                variables);
    }

    public PartitionTableOptions withVariables(Map<String, String> vars) {
        return new PartitionTableOptions(
                tableOffset, secureBoot, md5, primaryBootloaderOffset, recoveryBootloaderOffset, flashSize, vars);
    }

    /** The first address a partition may use: one sector after the table's own offset. */
    public long firstPartitionOffset() {
        return tableOffset + PartitionTable.SECTOR_SIZE;
    }
}
