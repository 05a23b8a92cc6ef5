/**
 * Reading NVS partition images back: {@link dev.nvsgen.nvs.read.NvsReader} gives an
 * {@link dev.nvsgen.nvs.read.NvsImage} holding the entries ESP-IDF's {@code nvs_flash} reads from the
 * image, an overview of its pages and every problem found in it, each located by page, entry and byte.
 */
package dev.nvsgen.nvs.read;
