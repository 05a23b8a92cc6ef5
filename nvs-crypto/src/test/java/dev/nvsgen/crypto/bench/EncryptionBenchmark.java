package dev.nvsgen.crypto.bench;

import dev.nvsgen.crypto.NvsEncryption;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.crypto.internal.XtsAes;
import dev.nvsgen.nvs.EntryCipher;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.internal.EntryState;
import dev.nvsgen.nvs.internal.EntryStateBitmap;
import dev.nvsgen.nvs.internal.Page;
import java.util.Base64;
import java.util.Random;

/**
 * Throughput of NVS encryption: encrypted factory images per second, and MB/s of XTS over a 1 MiB
 * partition. A plain {@code main}, not a test: timings vary with the machine and never fail a build.
 *
 * <pre>
 * mvn -B -q -pl nvs-crypto -am test-compile
 * java -cp nvs-crypto/target/test-classes:nvs-crypto/target/classes:nvs-core/target/classes \
 *     dev.nvsgen.crypto.bench.EncryptionBenchmark [seconds per measurement, default 3]
 * </pre>
 */
public final class EncryptionBenchmark {
    private static final int MIB = 1024 * 1024;
    private static volatile int sink;

    private EncryptionBenchmark() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        Random r = new Random(42);
        NvsKeys keys = NvsKeys.of(bytes(r, 32), bytes(r, 32));
        PartitionSize factorySize = PartitionSize.parse("0x6000");
        NvsPartition factory = factoryPartition(r);
        byte[] factoryImage = factory.toImage(factorySize);

        System.out.printf(
                "Java %s, %s; ops/s and MB/s of whole images (blank space included) or raw data%n",
                System.getProperty("java.version"), System.getProperty("os.arch"));
        System.out.printf(
                "factory image: %d of %d entries written (encrypted)%n",
                writtenEntries(factoryImage), factoryImage.length / Page.SIZE * Page.ENTRY_COUNT);
        report("factory image (0x6000): encrypt only", seconds, factoryImage.length, () -> {
            sink += NvsEncryption.encrypt(factoryImage, keys)[100];
        });
        report("factory image (0x6000): build + lay out + encrypt", seconds, factoryImage.length, () -> {
            sink += NvsEncryption.encrypt(factoryPartition(new Random(42)).toImage(factorySize), keys)[100];
        });

        byte[] full = NvsPartition.builder()
                .namespace("bulk")
                .put("data", NvsValue.blob(bytes(r, 1_000_000)))
                .build()
                .toImage(PartitionSize.parse("0x100000"));
        report("1 MiB image, ~1 MB blob: NvsEncryption.encrypt", seconds, full.length, () -> {
            sink += NvsEncryption.encrypt(full, keys)[100];
        });

        byte[] raw = bytes(r, MIB);
        int units = MIB / Page.ENTRY_SIZE;
        int[] offsets = new int[units];
        long[] tweaks = new long[units];
        for (int k = 0; k < units; k++) {
            offsets[k] = k * Page.ENTRY_SIZE;
            tweaks[k] = offsets[k];
        }
        XtsAes xts = new XtsAes(bytes(r, 32), bytes(r, 32));
        report("raw XTS-AES-256, 1 MiB as 32-byte units (batched)", seconds, MIB, () -> {
            xts.encryptUnits(raw, offsets, tweaks, units, Page.ENTRY_SIZE);
            sink += raw[7];
        });
        EntryCipher cipher = keys.cipher();
        report("raw XTS-AES-256, 1 MiB through EntryCipher, one entry per call", seconds, MIB, () -> {
            for (int off = 0; off < MIB; off += Page.ENTRY_SIZE) {
                cipher.encryptEntry(raw, off, off);
            }
            sink += raw[7];
        });
        if (sink == 42) {
            System.out.println();
        }
    }

    /**
     * A factory partition: a few integers and strings, a ~400-byte DER certificate, a ~120-byte key and a
     * ~700-byte PEM certificate.
     */
    static NvsPartition factoryPartition(Random r) {
        return NvsPartition.builder()
                .namespace("factory")
                .put("serial", NvsValue.string("SN-2026-000123"))
                .put("hw_rev", NvsValue.u8(3))
                .put("mfg_date", NvsValue.u32(1_767_225_600L))
                .put("region", NvsValue.string("EU868"))
                .put("boot_count", NvsValue.i32(0))
                .put("mac_suffix", NvsValue.u16(0x3A7F))
                .namespace("certs")
                .put("device_cert", NvsValue.blob(bytes(r, 400)))
                .put("device_key", NvsValue.blob(bytes(r, 121)))
                .put("ca_cert", NvsValue.string(pem(r, 500)))
                .build();
    }

    private static int writtenEntries(byte[] image) {
        int n = 0;
        for (int page = 0; page < image.length; page += Page.SIZE) {
            for (int slot = 0; slot < Page.ENTRY_COUNT; slot++) {
                if (EntryStateBitmap.state(image, page, slot) == EntryState.WRITTEN) {
                    n++;
                }
            }
        }
        return n;
    }

    private static String pem(Random r, int derBytes) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(bytes(r, derBytes));
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** Warms up for a second, then runs {@code op} for {@code seconds} and prints ops/s and MB/s. */
    private static void report(String what, double seconds, int bytesPerOp, Runnable op) {
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            op.run();
        }
        long ops = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            op.run();
            ops++;
            now = System.nanoTime();
        } while (now < end);
        double elapsed = (now - start) / 1e9;
        System.out.printf(
                "%-62s %10.0f ops/s %8.1f MB/s%n", what, ops / elapsed, ops * (double) bytesPerOp / elapsed / 1e6);
    }
}
