/**
 * The on-flash structures (page header, entry-state bitmap, item) and the page writer.
 * Not API: the module does not export this package.
 */
package dev.nvsgen.nvs.internal;
