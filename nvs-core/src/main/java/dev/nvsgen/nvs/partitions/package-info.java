/**
 * ESP-IDF partition tables and flashing: {@link dev.nvsgen.nvs.partitions.PartitionTable} reads and writes
 * {@code partitions.csv} and {@code partition-table.bin} exactly as ESP-IDF's {@code gen_esp32part.py};
 * {@link dev.nvsgen.nvs.partitions.NvsTarget} picks the NVS (and keys) partition an image goes to; and
 * {@link dev.nvsgen.nvs.partitions.FlashLayout} says how esptool writes the images: an argument file,
 * a {@code write_flash} command line, a merged file.
 */
package dev.nvsgen.nvs.partitions;
