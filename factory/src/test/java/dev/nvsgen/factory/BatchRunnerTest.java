package dev.nvsgen.factory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BatchRunnerTest {
    private static final PartitionSize SIZE = PartitionSize.parse("0x3000");

    @TempDir
    Path dir;

    private DeviceJob device(int n) {
        return DeviceJob.of("dev-" + n, dir.resolve("bin/dev-" + n + ".bin"), SIZE, () -> partition(n));
    }

    private static NvsPartition partition(int n) {
        return NvsPartition.builder()
                .namespace("factory")
                .put("serial", NvsValue.string("SN-" + n))
                .put("n", NvsValue.u32(n))
                .build();
    }

    static LongStream seeds() {
        return LongStream.range(0, 12).map(i -> 7919L * i + 1);
    }

    /** Jobs that finish in a random order are still reported in input order, each with its image's hash. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void reportsInInputOrder(long seed) throws Exception {
        Random random = new Random(seed);
        int count = 40 + random.nextInt(40);
        List<DeviceJob> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            int delay = random.nextInt(3);
            DeviceJob inner = device(n);
            jobs.add(new DeviceJob() {
                @Override
                public String id() {
                    return inner.id();
                }

                @Override
                public DeviceOutput make() throws IOException {
                    sleep(delay);
                    return inner.make();
                }
            });
        }
        List<DeviceRecord> records = new ArrayList<>();
        BatchSummary s = BatchRunner.builder()
                .threads(1 + random.nextInt(4))
                .window(1 + random.nextInt(8))
                .build()
                .run(jobs.iterator(), records::add);
        assertEquals(count, s.devices(), "seed " + seed);
        assertEquals(count * (long) SIZE.bytes(), s.imageBytes());
        for (int i = 0; i < count; i++) {
            DeviceRecord r = records.get(i);
            assertEquals(i, r.index(), "seed " + seed);
            assertEquals("dev-" + i, r.id());
            byte[] written = Files.readAllBytes(r.image());
            assertArrayEquals(partition(i).toImage(SIZE), written);
            assertEquals(sha256(written), r.imageSha256());
            assertNull(r.keysFile());
        }
    }

    @Test
    void unorderedReportsEveryDevice() {
        List<DeviceRecord> records = new ArrayList<>();
        BatchRunner.builder()
                .ordered(false)
                .build()
                .run(IntStream.range(0, 30).mapToObj(this::device).iterator(), records::add);
        assertEquals(
                IntStream.range(0, 30).boxed().toList(),
                records.stream().map(r -> (int) r.index()).sorted().toList());
    }

    /**
     * A failing device stops the run: no job after the window is started, the devices reported are
     * exactly the written images, the failed device leaves no file, and the error is that device's.
     */
    @Test
    void firstFailureStopsTheRunAndLeavesNoHalfImage() throws Exception {
        AtomicInteger started = new AtomicInteger();
        Iterator<DeviceJob> jobs = IntStream.range(0, 1000)
                .mapToObj(n -> (DeviceJob) new DeviceJob() {
                    @Override
                    public String id() {
                        return "dev-" + n;
                    }

                    @Override
                    public DeviceOutput make() throws IOException {
                        started.incrementAndGet();
                        if (n == 25) {
                            throw new NvsInputException("values.csv:27: column 3: bad value");
                        }
                        return device(n).make();
                    }
                })
                .iterator();
        List<DeviceRecord> records = new ArrayList<>();
        NvsInputException e = assertThrows(
                NvsInputException.class,
                () -> BatchRunner.builder().threads(2).window(4).build().run(jobs, records::add));
        assertEquals("values.csv:27: column 3: bad value", e.getMessage());
        assertTrue(
                started.get() < 40, "started " + started.get() + " jobs; the run should stop soon after the failure");
        List<String> files;
        try (Stream<Path> s = Files.list(dir.resolve("bin"))) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(
                records.stream()
                        .map(r -> r.image().getFileName().toString())
                        .sorted()
                        .toList(),
                files,
                "exactly the reported images are on disk, and no temporary file");
        assertFalse(files.contains("dev-25.bin"));
        assertTrue(records.stream().allMatch(r -> r.index() != 25));
        for (int i = 0; i < 25; i++) {
            assertEquals(i, records.get(i).index(), "every device before the failed one was written");
        }
    }

    @Test
    void existingOutputIsKeptUnlessOverwriting() throws Exception {
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("bin/dev-1.bin"), "keep me");
        OutputExistsException e = assertThrows(
                OutputExistsException.class,
                () -> BatchRunner.builder()
                        .build()
                        .run(List.of(device(0), device(1), device(2)).iterator(), BatchListener.NONE));
        assertEquals(dir.resolve("bin/dev-1.bin"), e.existing());
        assertEquals("keep me", Files.readString(dir.resolve("bin/dev-1.bin")));
        BatchRunner.builder().overwrite(true).build().run(List.of(device(1)).iterator(), BatchListener.NONE);
        assertArrayEquals(partition(1).toImage(SIZE), Files.readAllBytes(dir.resolve("bin/dev-1.bin")));
    }

    @Test
    void aFileThatCannotBeWrittenIsNamedAndLeavesNoTemporaryFile() throws Exception {
        Files.createDirectories(dir.resolve("bin/dev-1.bin"));
        Files.writeString(dir.resolve("bin/dev-1.bin/in-the-way"), "x");
        dev.nvsgen.nvs.NvsException e = assertThrows(
                dev.nvsgen.nvs.NvsException.class,
                () -> BatchRunner.builder()
                        .overwrite(true)
                        .build()
                        .run(List.of(device(1)).iterator(), BatchListener.NONE));
        assertTrue(e.getMessage().startsWith(dir.resolve("bin/dev-1.bin") + ": cannot be written: "), e.getMessage());
        try (Stream<Path> files = Files.list(dir.resolve("bin"))) {
            assertEquals(
                    List.of("dev-1.bin"),
                    files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void sideAndSecretFilesAreWrittenAndTheKeysFileIsRecorded() throws Exception {
        Path keys = dir.resolve("keys/k-0.bin");
        DeviceJob job = new DeviceJob() {
            @Override
            public String id() {
                return "0";
            }

            @Override
            public DeviceOutput make() {
                return DeviceOutput.image(dir.resolve("bin/0.bin"), partition(0).toImage(SIZE))
                        .withFile(dir.resolve("csv/0.csv"), "key,type\r\n".getBytes(StandardCharsets.UTF_8))
                        .withSecretFile(keys, new byte[64]);
            }
        };
        List<DeviceRecord> records = new ArrayList<>();
        BatchRunner.builder().build().run(List.of(job).iterator(), records::add);
        assertEquals(keys, records.get(0).keysFile());
        assertEquals("key,type\r\n", Files.readString(dir.resolve("csv/0.csv")));
        assertEquals(64, Files.size(keys));
        if (Files.getFileStore(keys).supportsFileAttributeView("posix")) {
            assertEquals(
                    "rw-------",
                    java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        }
    }

    @Test
    void aFailingListenerStopsTheRun() {
        RuntimeException e = assertThrows(
                IllegalStateException.class,
                () -> BatchRunner.builder()
                        .build()
                        .run(IntStream.range(0, 50).mapToObj(this::device).iterator(), r -> {
                            throw new IllegalStateException("disk full");
                        }));
        assertEquals("disk full", e.getMessage());
    }

    @Test
    void summaryFileListsDevicesRelativeToItself() throws Exception {
        Path csv = dir.resolve("summary.csv");
        Path json = dir.resolve("summary.json");
        try (SummaryFile a = SummaryFile.create(csv, false);
                SummaryFile b = SummaryFile.create(json, false)) {
            BatchRunner.builder()
                    .build()
                    .run(IntStream.range(0, 2).mapToObj(this::device).iterator(), a.andThen(b));
        }
        List<String> lines = Files.readAllLines(csv);
        assertEquals("id,image,sha256,bytes,keys", lines.get(0));
        String sha0 = sha256(Files.readAllBytes(dir.resolve("bin/dev-0.bin")));
        assertEquals("dev-0,bin/dev-0.bin," + sha0 + ",12288,", lines.get(1));
        assertEquals(3, lines.size());
        String text = Files.readString(json);
        assertTrue(
                text.startsWith("[\n  {\"id\": \"dev-0\", \"image\": \"bin/dev-0.bin\", \"sha256\": \"" + sha0
                        + "\", \"bytes\": 12288, \"keys\": null},\n"),
                text);
        assertTrue(text.endsWith("}\n]\n"), text);
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> SummaryFile.create(csv, false));
    }

    @Test
    void anEmptySummaryLeavesNoFile() throws Exception {
        try (SummaryFile s = SummaryFile.create(dir.resolve("none.csv"), false)) {
            assertEquals(0, s.rows());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
