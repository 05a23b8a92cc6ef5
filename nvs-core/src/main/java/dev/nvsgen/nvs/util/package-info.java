/**
 * Small general helpers nvsgen's modules share, public so that no module reaches into another's
 * internals: files written whole or not at all ({@link dev.nvsgen.nvs.util.AtomicFiles}), CSV read as
 * ESP-IDF's Python tools read it and written with RFC 4180 quoting, JSON string literals, strict UTF-8
 * decoding, and the CRC32 that NVS and {@code nvs_keys} partitions store.
 */
package dev.nvsgen.nvs.util;
