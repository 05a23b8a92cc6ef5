/** ESP-IDF's CSV input format for NVS partitions, as {@code nvs_partition_gen} reads it. */
package dev.nvsgen.nvs.csv;
