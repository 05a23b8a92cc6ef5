package dev.nvsgen.bench;

import dev.nvsgen.crypto.NvsEncryption;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.nvs.EntryCipher;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.read.NvsImage;
import dev.nvsgen.nvs.read.NvsReader;
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
 * Reading and verifying a 1 MiB partition, in process, on one thread (what {@code nvsgen dump} and
 * {@code nvsgen verify} do after loading the file): ops/s × 1.048576 = MB/s.
 *
 * <ul>
 *   <li>{@code entries*}: the partition full of small entries (about 19,000: integers, short strings and
 *       small blobs), the worst case: every item is looked up, hashed and read back;
 *   <li>{@code blob*}: two blobs of 500,000 bytes over 250 pages, payload-bound;
 *   <li>{@code *Encrypted}: the same images encrypted, read with their keys (XTS-AES per entry).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReadBenchmark {
    private static final PartitionSize MIB = PartitionSize.parse("0x100000");

    private byte[] entries;
    private byte[] blob;
    private byte[] entriesEncrypted;
    private byte[] blobEncrypted;
    private EntryCipher cipher;

    @Setup
    public void setUp() {
        Random r = new Random(42);
        entries = fullOfEntries(r);
        // Two blobs: nvs_flash reads at most 127 chunks (508,000 bytes) of one blob.
        blob = NvsPartition.builder()
                .namespace("bulk")
                .put("data1", NvsValue.blob(random(r, 500_000)))
                .put("data2", NvsValue.blob(random(r, 500_000)))
                .build()
                .toImage(MIB);
        NvsKeys keys = NvsKeys.of(random(r, 32), random(r, 32));
        cipher = keys.cipher();
        entriesEncrypted = NvsEncryption.encrypt(entries, keys);
        blobEncrypted = NvsEncryption.encrypt(blob, keys);
        check(NvsReader.read(entries));
        check(NvsReader.read(blobEncrypted, cipher));
    }

    private static void check(NvsImage image) {
        if (!image.isSound() || image.entries().isEmpty()) {
            throw new IllegalStateException("benchmark image is not sound: " + image.findings());
        }
    }

    /** As many mixed entries as fit the partition, found by halving. */
    private static byte[] fullOfEntries(Random r) {
        int low = 1;
        int high = 40_000;
        byte[] best = null;
        long seed = r.nextLong();
        while (low <= high) {
            int mid = (low + high) >>> 1;
            try {
                best = mixed(new Random(seed), mid).toImage(MIB);
                low = mid + 1;
            } catch (NvsInputException tooMany) {
                high = mid - 1;
            }
        }
        return best;
    }

    private static NvsPartition mixed(Random r, int count) {
        NvsPartition.Builder b = NvsPartition.builder().namespace("bench");
        for (int i = 0; i < count; i++) {
            String key = "k" + i;
            switch (i % 4) {
                case 0, 1 -> b.put(key, NvsValue.u32(r.nextInt() & 0xFFFF_FFFFL));
                case 2 -> b.put(key, NvsValue.string("value " + r.nextLong()));
                default -> b.put(key, NvsValue.blob(random(r, 8 + r.nextInt(56))));
            }
        }
        return b.build();
    }

    @Benchmark
    public NvsImage entries() {
        return NvsReader.read(entries);
    }

    @Benchmark
    public NvsImage blob() {
        return NvsReader.read(blob);
    }

    @Benchmark
    public NvsImage entriesEncrypted() {
        return NvsReader.read(entriesEncrypted, cipher);
    }

    @Benchmark
    public NvsImage blobEncrypted() {
        return NvsReader.read(blobEncrypted, cipher);
    }

    private static byte[] random(Random r, int size) {
        byte[] b = new byte[size];
        r.nextBytes(b);
        return b;
    }
}
