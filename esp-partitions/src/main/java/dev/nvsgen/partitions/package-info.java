/**
 * ESP-IDF partition tables and flashing: {@link dev.nvsgen.partitions.PartitionTable} reads and writes
 * {@code partitions.csv} and {@code partition-table.bin} exactly as ESP-IDF's {@code gen_esp32part.py};
 * {@link dev.nvsgen.partitions.FlashLayout} says how esptool writes images: an argument file
 * ({@link dev.nvsgen.partitions.FlashArgsFiles}), a {@code write_flash} command line, a merged file.
 * Errors are {@link dev.nvsgen.partitions.PartitionTableException}s naming the file and row. Which
 * partition an NVS image goes to is the factory module's {@code NvsTarget}: this module knows no NVS.
 */
package dev.nvsgen.partitions;
