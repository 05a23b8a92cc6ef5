/**
 * How partition tables are read and checked: the binary row layout, the CSV reader with gen_esp32part's
 * rules for offsets and numbers, the whole-table checks, and the Python text rules they depend on.
 * Not API: the module does not export this package.
 */
package dev.nvsgen.partitions.internal;
