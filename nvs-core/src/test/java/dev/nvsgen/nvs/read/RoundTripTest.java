package dev.nvsgen.nvs.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.csv.EspIdfCsv;
import dev.nvsgen.nvs.csv.EspIdfRows;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round trips over seeded random partitions (the seed is in the test name and every message): partition
 * → image → read gives the partition back; image → CSV → image gives the same bytes; an encrypted
 * image reads like the plain one.
 */
class RoundTripTest {
    static LongStream seeds() {
        return LongStream.range(0, 300).map(i -> 0x5EED_0000L + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void imageToPartitionAndBack(long seed) {
        NvsPartition p = RandomPartitions.partition(new Random(seed));
        byte[] image = RandomPartitions.image(p);
        NvsImage read = NvsReader.read(image);
        assertTrue(read.isSound(), () -> "seed " + seed + ": " + read.findings());
        assertEquals(p.entries(), read.entries(), "seed " + seed);
        assertEquals(p, read.toPartition(), "seed " + seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void imageToCsvToSameImage(long seed) {
        NvsPartition p = RandomPartitions.partition(new Random(seed));
        byte[] image = RandomPartitions.image(p);
        String csv = EspIdfCsv.write(NvsReader.read(image).toPartition());
        NvsPartition.Builder b = NvsPartition.builder(p.version());
        EspIdfCsv.readInto(new EspIdfRows(b, Path.of("")), "seed " + seed, csv);
        byte[] again = RandomPartitions.image(b.build());
        assertArrayEquals(image, again, () -> "seed " + seed + ", CSV:\n" + csv);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void encryptedImageReadsLikeThePlainOne(long seed) {
        Random r = new Random(seed);
        NvsPartition p = RandomPartitions.partition(r);
        byte[] keys = new byte[64];
        r.nextBytes(keys);
        TestXts cipher = new TestXts(keys);
        NvsImage read = NvsReader.read(RandomPartitions.encrypt(RandomPartitions.image(p), cipher), cipher);
        assertTrue(read.isSound(), () -> "seed " + seed + ": " + read.findings());
        assertEquals(p.entries(), read.entries(), "seed " + seed);
    }
}
