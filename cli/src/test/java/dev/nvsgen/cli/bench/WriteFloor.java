package dev.nvsgen.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The file-system floor of {@link MfgBench}'s batch: what any tool must do for it and nothing else. Per
 * device it reads the two files the values row names and writes an image and a CSV of the sizes
 * {@code mfg generate} writes, each created straight under its final name; no NVS format, no checks, no
 * summary. Run by {@code MfgBench --floor} as a process of its own, beside the real tools: on a disk
 * whose cost per file swings from minute to minute, it says how much of a run the file system alone takes.
 *
 * <pre>java -cp cli/target/test-classes dev.nvsgen.cli.bench.WriteFloor VALUES.csv IMAGE_BYTES --outdir DIR</pre>
 */
public final class WriteFloor {
    /** About the size of the per-device CSV {@code mfg generate} writes for MfgBench's batch. */
    private static final int CSV_BYTES = 333;

    public static void main(String[] args) throws IOException {
        Path values = Path.of(args[0]);
        int imageBytes = Integer.decode(args[1]);
        Path out = Path.of(args[3]);
        Path bin = Files.createDirectories(out.resolve("bin"));
        Path csv = Files.createDirectories(out.resolve("csv"));
        byte[] image = new byte[imageBytes];
        Arrays.fill(image, (byte) 0xFF);
        byte[] text = new byte[CSV_BYTES];
        Arrays.fill(text, (byte) 'x');
        try (BufferedReader r = Files.newBufferedReader(values)) {
            r.readLine(); // header
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(",", -1);
                // The per-device files are read, as both tools must read them; a byte of each goes into the image.
                image[100] = Files.readAllBytes(values.resolveSibling(f[1]))[0];
                image[101] = Files.readAllBytes(values.resolveSibling(f[2]))[0];
                Files.write(
                        csv.resolve("factory-" + f[0] + ".csv"),
                        text,
                        StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                Files.write(
                        bin.resolve("factory-" + f[0] + ".bin"),
                        image,
                        StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
            }
        }
    }
}
