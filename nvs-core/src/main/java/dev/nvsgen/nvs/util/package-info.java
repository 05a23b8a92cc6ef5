/**
 * Small general helpers nvsgen's modules share, public so that no module reaches into another's
 * internals: files written whole or not at all ({@link dev.nvsgen.nvs.util.AtomicFiles}), inputs read only
 * when they are regular files of a bounded size ({@link dev.nvsgen.nvs.util.InputFiles}), CSV read as
 * ESP-IDF's Python tools read it and written with RFC 4180 quoting, JSON string literals, strict UTF-8
 * decoding, little-endian fields ({@link dev.nvsgen.nvs.util.LittleEndian}) and the CRC32 that NVS and
 * {@code nvs_keys} partitions store ({@link dev.nvsgen.nvs.util.Crc32}). Nothing here starts a thread or
 * installs a hook.
 */
package dev.nvsgen.nvs.util;
