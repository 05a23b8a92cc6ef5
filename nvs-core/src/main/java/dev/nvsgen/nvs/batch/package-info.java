/**
 * Many devices, one NVS image each: a streaming engine that makes images on every core and writes each
 * one atomically, with a per-device record (image, SHA-256, keys file) for the factory's books.
 *
 * <p>Devices come in as an {@link java.util.Iterator} of {@link dev.nvsgen.nvs.batch.DeviceJob}s and
 * are pulled only as fast as the workers finish them, so memory stays flat however many there are.
 * {@link dev.nvsgen.nvs.batch.BatchRunner} runs them; a {@link dev.nvsgen.nvs.batch.BatchListener}
 * hears of every device written; {@link dev.nvsgen.nvs.batch.SummaryFile} keeps the run's record. The
 * engine knows nothing of where devices come from (mfg_gen's CSV files, a manifest) or of encryption,
 * which plugs in through {@link dev.nvsgen.nvs.batch.DeviceEncryption}.
 */
package dev.nvsgen.nvs.batch;
