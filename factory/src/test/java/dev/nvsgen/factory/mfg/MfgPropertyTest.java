package dev.nvsgen.factory.mfg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nvsgen.factory.DeviceRecord;
import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.csv.EspIdfCsv;
import dev.nvsgen.nvs.csv.EspIdfRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Over seeded random batches: each image equals what nvs_partition_gen's CSV path makes of the device
 * CSV the batch wrote (rows applied directly must not differ from rows written out and read back), and
 * each device CSV holds the config's rows with that device's values.
 */
class MfgPropertyTest {
    private static final String[] ENCODINGS = {
        "u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "string", "hex2bin", "base64", "binary"
    };

    @TempDir
    Path dir;

    static LongStream seeds() {
        return LongStream.range(0, 40).map(i -> 0x6d6667L + 104729L * i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void imagesEqualTheirDeviceCsvsReadBack(long seed) throws IOException {
        Random r = new Random(seed);
        List<String[]> config = new ArrayList<>(); // key, type, encoding, repeat
        StringBuilder configText = new StringBuilder();
        int namespaces = 1 + r.nextInt(2);
        int k = 0;
        for (int n = 0; n < namespaces; n++) {
            configText.append("ns").append(n).append(",namespace,\n");
            config.add(new String[] {"ns" + n, "namespace", null, null});
            for (int i = 1 + r.nextInt(5); i > 0; i--) {
                String enc = ENCODINGS[r.nextInt(ENCODINGS.length)];
                boolean file = r.nextInt(4) == 0;
                boolean repeat = r.nextInt(5) == 0;
                String key = "k" + k++;
                config.add(new String[] {key, file ? "file" : "data", enc, repeat ? "REPEAT" : null});
                configText
                        .append(key)
                        .append(file ? ",file," : ",data,")
                        .append(enc)
                        .append(repeat ? ",REPEAT\n" : "\n");
            }
        }
        // Values columns in a random order, with a column no entry uses and the device's serial.
        List<String> columns = new ArrayList<>();
        for (String[] c : config) {
            if (c[2] != null) {
                columns.add(c[0]);
            }
        }
        columns.add("unused");
        columns.add("serial");
        Collections.shuffle(columns, r);
        int devices = 1 + r.nextInt(6);
        StringBuilder values = new StringBuilder(String.join(",", columns)).append('\n');
        for (int d = 0; d < devices; d++) {
            List<String> row = new ArrayList<>();
            for (String col : columns) {
                String v;
                if (col.equals("serial")) {
                    v = "SN" + d;
                } else if (col.equals("unused")) {
                    v = text(r);
                } else {
                    String[] c = config.stream()
                            .filter(x -> x[0].equals(col))
                            .findFirst()
                            .orElseThrow();
                    v = c[1].equals("file") ? file(r, c[2], seed + "-" + d + "-" + col) : value(r, c[2]);
                }
                row.add(quote(v));
            }
            values.append(String.join(",", row)).append(r.nextBoolean() ? "\n" : "\r\n");
            if (r.nextInt(4) == 0) {
                values.append("\n");
            }
        }
        Path valuesFile = dir.resolve("values.csv");
        Files.writeString(valuesFile, values);
        FormatVersion version = r.nextBoolean() ? FormatVersion.V2 : FormatVersion.V1;
        PartitionSize size = PartitionSize.parse("0x6000");
        List<DeviceRecord> records = new ArrayList<>();
        MfgBatch.builder(MfgConfig.parse(configText.toString(), "config.csv"), valuesFile, "R", size)
                .fileId("serial")
                .version(version)
                .threads(1 + r.nextInt(3))
                .outputDir(dir.resolve("out"), "out")
                .baseDir(dir)
                .build()
                .check()
                .run(records::add);
        assertEquals(devices, records.size(), "seed " + seed);
        for (int d = 0; d < devices; d++) {
            String name = "R-SN" + d;
            String csv = Files.readString(dir.resolve("out/csv/" + name + ".csv"), StandardCharsets.UTF_8);
            NvsPartition.Builder b = NvsPartition.builder(version);
            EspIdfCsv.readInto(new EspIdfRows(b, dir), name + ".csv", csv);
            assertArrayEquals(
                    b.build().toImage(size),
                    Files.readAllBytes(dir.resolve("out/bin/" + name + ".bin")),
                    "seed " + seed + ", device " + d + ":\n" + configText + "\n" + values);
            assertEquals(
                    config.size() + 1,
                    csv.split("\r\n", -1).length - 1,
                    "seed " + seed + ": one CRLF line per config row plus the header");
        }
    }

    private String file(Random r, String encoding, String name) throws IOException {
        Path p = dir.resolve("files").resolve(name + ".dat");
        Files.createDirectories(p.getParent());
        byte[] content = switch (encoding) {
            case "binary" -> bytes(r, r.nextInt(300));
            default -> value(r, encoding).getBytes(StandardCharsets.UTF_8);
        };
        Files.write(p, content);
        return "files/" + name + ".dat";
    }

    private static String value(Random r, String encoding) {
        return switch (encoding) {
            case "u8" -> Integer.toString(r.nextInt(256));
            case "i8" -> Integer.toString(r.nextInt(256) - 128);
            case "u16" -> Integer.toString(r.nextInt(65536));
            case "i16" -> Integer.toString(r.nextInt(65536) - 32768);
            case "u32" -> Long.toString(r.nextLong() & 0xFFFFFFFFL);
            case "i32" -> Integer.toString(r.nextInt());
            case "u64" -> Long.toUnsignedString(r.nextLong());
            case "i64" -> Long.toString(r.nextLong());
            case "hex2bin" -> java.util.HexFormat.of().formatHex(bytes(r, r.nextInt(40)));
            case "base64" -> java.util.Base64.getEncoder().encodeToString(bytes(r, r.nextInt(40)));
            default -> text(r);
        };
    }

    /** Text with the characters CSV quoting is about, and a leading # now and then. */
    private static String text(Random r) {
        String[] pieces = {"a", "Zz", " ", ",", "\"", "#", "é", "日本", "x y", "0"};
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(8); i > 0; i--) {
            b.append(pieces[r.nextInt(pieces.length)]);
        }
        return b.toString();
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static String quote(String v) {
        return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
