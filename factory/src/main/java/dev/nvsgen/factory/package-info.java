/**
 * Factory runs on top of the formats. Many devices, one NVS image each: a streaming engine that makes
 * images on every core and writes each one atomically, with a per-device record (image, SHA-256, keys
 * file) for the factory's books.
 *
 * <p>Devices come in as an {@link java.util.Iterator} of {@link dev.nvsgen.factory.DeviceJob}s and
 * are pulled only as fast as the workers finish them, so memory stays flat however many there are.
 * {@link dev.nvsgen.factory.BatchRunner} runs them; a {@link dev.nvsgen.factory.BatchListener}
 * hears of every device written; {@link dev.nvsgen.factory.SummaryFile} keeps the run's record;
 * {@link dev.nvsgen.factory.RunLock} and {@link dev.nvsgen.factory.RunFingerprint} keep one run to a
 * folder and a resumed run to its inputs. The engine knows nothing of where devices come from (mfg_gen's
 * CSV files, a manifest); encryption plugs in through {@link dev.nvsgen.factory.DeviceEncryption}, whose
 * implementations on nvs-crypto are {@link dev.nvsgen.factory.DeviceEncryptions}.
 *
 * <p>The files around a run follow one set of rules: outputs are checked as a whole before the first
 * byte is written, so that none replaces an input, a key file, another output of the run, or a file
 * nvsgen did not write ({@link dev.nvsgen.factory.OutputPlan}, which asks each format's module whether
 * a file is one of its own); temporary files are removed on an interrupt, or by the next run after a
 * crash ({@link dev.nvsgen.factory.TempFiles}, whose shutdown hook is installed here and by the command
 * line, never by the format modules). {@link dev.nvsgen.factory.NvsTarget} places an NVS image (and its
 * keys image) in a partition table.
 */
package dev.nvsgen.factory;
