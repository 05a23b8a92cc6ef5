/**
 * nvsgen's public API for ESP-IDF NVS partitions: {@link dev.nvsgen.nvs.NvsPartition} and its builder,
 * the values it holds, partition sizes and the exceptions the library throws.
 */
package dev.nvsgen.nvs;
