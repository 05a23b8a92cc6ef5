package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.read.NvsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relative path filled in from the device CSV resolves against the manifest's folder, like every other
 * path of a batch, not against the CSV's (README, "Batch manifests").
 */
class BatchPathsTest {
    @TempDir
    Path dir;

    @Test
    void pathsFromTheDeviceCsvResolveAgainstTheManifestsFolder() throws Exception {
        Files.createDirectories(dir.resolve("lists"));
        Files.createDirectories(dir.resolve("files"));
        Files.writeString(dir.resolve("lists/devices.csv"), "serial,blob\nSN-1,files/one.bin\n");
        Files.write(dir.resolve("files/one.bin"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("m.yaml"), """
                partition: {size: 0x3000}
                devices: {csv: lists/devices.csv}
                namespaces:
                  factory:
                    blob: {file: "${blob}"}
                """);
        CliRun ok = CliRun.in(dir, "batch", "m.yaml", "--outdir", "out", "-q");
        assertEquals(0, ok.status(), ok.err());
        List<NvsEntry> entries = NvsReader.read(Files.readAllBytes(dir.resolve("out/bin/SN-1.bin")))
                .entries();
        assertEquals(new NvsEntry("factory", "blob", NvsValue.blob(Bytes.of(new byte[] {1, 2, 3}))), entries.get(0));

        // The same name beside the CSV is not what it means.
        Files.createDirectories(dir.resolve("lists/files"));
        Files.write(dir.resolve("lists/files/two.bin"), new byte[] {4});
        Files.writeString(dir.resolve("lists/devices.csv"), "serial,blob\nSN-2,files/two.bin\n");
        CliRun refused = CliRun.in(dir, "batch", "m.yaml", "--outdir", "out2", "-q");
        assertEquals(1, refused.status(), refused.err());
        assertTrue(refused.err().contains("files/two.bin: no such file"), refused.err());
    }
}
