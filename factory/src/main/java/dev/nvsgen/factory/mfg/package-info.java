/**
 * ESP-IDF's mass-manufacturing format, as {@code mfg_gen} reads it: a config CSV of
 * {@code key,type,encoding[,REPEAT]} rows and a values CSV of one device per row, turned into one NVS
 * image per device on the {@link dev.nvsgen.factory batch engine}, byte for byte as mfg_gen makes them.
 */
package dev.nvsgen.factory.mfg;
