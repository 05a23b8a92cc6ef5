/**
 * The on-flash structures (page header, entry-state bitmap, item), the NVS CRC32 and the page writer.
 * Not API: exported only to nvsgen's own modules.
 */
package dev.nvsgen.nvs.internal;
