package dev.nvsgen.bench;

import dev.nvsgen.nvs.NvsPartition;
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

/** Images per second for the factory-style device, in process, on one thread. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GenerateBenchmark {
    private final FactoryImages factory = new FactoryImages();
    private NvsPartition prebuilt;
    private int n;

    @Setup
    public void setUp() {
        prebuilt = factory.device(0);
    }

    /** Layout only: an immutable partition to a 0x6000 image. */
    @Benchmark
    public byte[] imageFromPartition() {
        return prebuilt.toImage(FactoryImages.SIZE);
    }

    /** What a batch does per device: build the partition from its values, then lay it out. */
    @Benchmark
    public byte[] buildAndImage() {
        return factory.device(n++).toImage(FactoryImages.SIZE);
    }
}
