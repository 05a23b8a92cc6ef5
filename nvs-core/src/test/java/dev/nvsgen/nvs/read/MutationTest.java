package dev.nvsgen.nvs.read;

import static org.junit.jupiter.api.Assertions.fail;

import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsException;
import dev.nvsgen.nvs.NvsFormatException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.csv.EspIdfCsv;
import dev.nvsgen.nvs.internal.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Thousands of seeded random corruptions of valid images, read, listed and written as CSV: the only
 * exception allowed is the library's own, and every read must finish (the reader's loops are bounded by
 * the image's size, so a hang shows as a test that never ends). The seed and round are in every failure.
 */
class MutationTest {
    private static final int ROUNDS = 2000;

    /** A base image and the cipher it is read with. */
    record Base(String name, byte[] image, TestXts cipher) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Base> bases() throws IOException {
        List<Base> bases = new ArrayList<>();
        for (long seed : new long[] {1, 2, 3, 4, 5}) {
            Random r = new Random(seed);
            NvsPartition p = RandomPartitions.partition(r);
            bases.add(new Base("random " + seed + " " + p.version(), RandomPartitions.image(p), null));
        }
        Random r = new Random(99);
        byte[] keys = new byte[64];
        r.nextBytes(keys);
        TestXts cipher = new TestXts(keys);
        bases.add(new Base(
                "random 99 encrypted",
                RandomPartitions.encrypt(RandomPartitions.image(RandomPartitions.partition(r)), cipher),
                cipher));
        Path devices = SharedFixtures.dir("device-images");
        if (Files.isDirectory(devices)) {
            try (Stream<Path> dirs = Files.list(devices)) {
                for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                    Path keysFile = d.resolve("keys.bin");
                    bases.add(new Base(
                            d.getFileName().toString(),
                            Files.readAllBytes(d.resolve("image.bin")),
                            Files.exists(keysFile) ? new TestXts(Files.readAllBytes(keysFile)) : null));
                }
            }
        }
        return bases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bases")
    // A reader that loops on a damaged image must fail this test, not stall the build: one base takes
    // well under a second here, so a minute is only reached by a hang.
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void corruptedImagesFailOnlyWithFindings(Base base) {
        long seed = Arrays.hashCode(base.image());
        Random r = new Random(seed);
        IntStream.range(0, ROUNDS).forEach(round -> {
            byte[] image = mutate(base.image(), r);
            try {
                exercise(image, base.cipher());
            } catch (NvsFormatException expected) {
                // the library's own exception: an image too short, or keys nothing decrypts with
            } catch (Throwable t) {
                AssertionError e = new AssertionError(base + ", seed " + seed + ", round " + round + ": " + t, t);
                fail(e);
            }
        });
    }

    private static void exercise(byte[] image, TestXts cipher) {
        NvsImage read = NvsReader.read(image, cipher);
        for (NvsEntry e : read.entries()) {
            e.toString();
        }
        for (Finding f : read.findings()) {
            f.toString();
        }
        read.pages().forEach(Object::toString);
        try {
            EspIdfCsv.write(read.toPartition());
        } catch (NvsException refused) {
            // some images hold what no generated partition or CSV can: refused with a message
            if (refused.getMessage() == null || refused.getMessage().isBlank()) {
                throw new AssertionError("an exception without a message", refused);
            }
        }
    }

    /** One to eight random damages: flipped bits, overwritten bytes and runs, moved entries and pages. */
    static byte[] mutate(byte[] original, Random r) {
        byte[] b = original.clone();
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(9)) {
                case 0, 1, 2 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 3 -> b[at] = (byte) r.nextInt(256);
                case 4 ->
                    Arrays.fill(b, at, Math.min(b.length, at + 1 + r.nextInt(64)), (byte) (r.nextBoolean() ? 0 : 0xFF));
                case 5 -> {
                    // a bitmap byte of some page
                    int page = r.nextInt(b.length / Page.SIZE);
                    b[page * Page.SIZE + Page.BITMAP_OFFSET + r.nextInt(32)] = (byte) r.nextInt(256);
                }
                case 6 -> {
                    // an item header field: type, span, chunk index or a size byte
                    int page = r.nextInt(b.length / Page.SIZE);
                    int entry = page * Page.SIZE + Page.entryOffset(r.nextInt(Page.ENTRY_COUNT));
                    int[] fields = {1, 2, 3, 24, 25, 28, 29};
                    b[entry + fields[r.nextInt(fields.length)]] = (byte) r.nextInt(256);
                }
                case 7 -> {
                    int pages = b.length / Page.SIZE;
                    int from = r.nextInt(pages) * Page.SIZE + Page.entryOffset(r.nextInt(Page.ENTRY_COUNT));
                    int to = r.nextInt(pages) * Page.SIZE + Page.entryOffset(r.nextInt(Page.ENTRY_COUNT));
                    System.arraycopy(original, from, b, to, Page.ENTRY_SIZE);
                }
                default -> {
                    int pages = b.length / Page.SIZE;
                    int x = r.nextInt(pages) * Page.SIZE;
                    int y = r.nextInt(pages) * Page.SIZE;
                    byte[] tmp = Arrays.copyOfRange(b, x, x + Page.SIZE);
                    System.arraycopy(b, y, b, x, Page.SIZE);
                    System.arraycopy(tmp, 0, b, y, Page.SIZE);
                }
            }
        }
        if (r.nextInt(50) == 0) {
            b = Arrays.copyOf(b, r.nextInt(b.length + 1));
        }
        return b;
    }
}
