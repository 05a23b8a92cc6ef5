package dev.nvsgen.bench;

import dev.nvsgen.crypto.NvsEncryption;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.crypto.internal.XtsAes;
import dev.nvsgen.nvs.EntryCipher;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * NVS encryption, in process, on one thread: encrypted factory images per second, and XTS-AES-256 over a
 * 1 MiB partition (the {@code mib*} benchmarks: ops/s × 1.048576 = MB/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EncryptBenchmark {
    private static final int MIB = 1024 * 1024;
    private static final int ENTRY = 32;

    private final FactoryImages factory = new FactoryImages();
    private NvsKeys keys;
    private byte[] factoryImage;
    private byte[] fullImage;
    private byte[] raw;
    private int[] offsets;
    private long[] tweaks;
    private XtsAes xts;
    private EntryCipher cipher;
    private int n;

    @Setup
    public void setUp() {
        Random r = new Random(42);
        keys = NvsKeys.of(random(r, 32), random(r, 32));
        factoryImage = factory.device(0).toImage(FactoryImages.SIZE);
        // A 1 MiB partition nearly full: one v2 blob over 250 pages.
        fullImage = NvsPartition.builder()
                .namespace("bulk")
                .put("data", NvsValue.blob(random(r, 1_000_000)))
                .build()
                .toImage(PartitionSize.parse("0x100000"));
        raw = random(r, MIB);
        offsets = new int[MIB / ENTRY];
        tweaks = new long[MIB / ENTRY];
        for (int k = 0; k < offsets.length; k++) {
            offsets[k] = k * ENTRY;
            tweaks[k] = offsets[k];
        }
        xts = new XtsAes(random(r, 32), random(r, 32));
        cipher = keys.cipher();
    }

    /** Encrypting a laid-out factory image (0x6000). */
    @Benchmark
    public byte[] factoryEncrypt() {
        return NvsEncryption.encrypt(factoryImage, keys);
    }

    /** What {@code encrypt} does per device: build the partition, lay it out, encrypt it. */
    @Benchmark
    public byte[] factoryBuildImageEncrypt() {
        return NvsEncryption.encrypt(factory.device(n++).toImage(FactoryImages.SIZE), keys);
    }

    /** A whole 1 MiB image: page walk, bitmap, CRC check and XTS of every written entry. */
    @Benchmark
    public byte[] mibImageEncrypt() {
        return NvsEncryption.encrypt(fullImage, keys);
    }

    /** Raw XTS: 1 MiB as 32-byte units, batched as image encryption does it. */
    @Benchmark
    public byte[] mibXtsBatched() {
        xts.encryptUnits(raw, offsets, tweaks, offsets.length, ENTRY);
        return raw;
    }

    /** Raw XTS: 1 MiB through {@link EntryCipher}, one entry per call. */
    @Benchmark
    public byte[] mibEntryCipher() {
        for (int off = 0; off < MIB; off += ENTRY) {
            cipher.encryptEntry(raw, off, off);
        }
        return raw;
    }

    private static byte[] random(Random r, int size) {
        byte[] b = new byte[size];
        r.nextBytes(b);
        return b;
    }
}
