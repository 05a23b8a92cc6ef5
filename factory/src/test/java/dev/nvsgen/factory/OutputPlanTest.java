package dev.nvsgen.factory;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.probes.SpecialFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputPlanTest {
    @TempDir
    Path dir;

    private static String refused(OutputPlan plan, boolean force) {
        return assertThrows(NvsInputException.class, () -> plan.check(force)).getMessage();
    }

    private OutputPlan image(String csv, String out) {
        return new OutputPlan("--force")
                .input(dir.resolve(csv), csv, "a CSV input")
                .output(dir.resolve(out), out, "the image", OutputPlan.Kind.NVS_IMAGE);
    }

    @Test
    void anOutputIsNeverAnInputByNameLinkOrHardLink() throws Exception {
        Files.writeString(dir.resolve("a.csv"), "key,type,encoding,value\n");
        assertEquals(
                "a.csv: the image would overwrite a CSV input; an output never replaces an input or a key file"
                        + " (is an argument missing?)",
                refused(image("a.csv", "a.csv"), true));
        Files.createSymbolicLink(dir.resolve("link.bin"), dir.resolve("a.csv"));
        assertEquals(
                "link.bin: the image would overwrite a CSV input (a.csv); an output never replaces an input or a key"
                        + " file (is an argument missing?)",
                refused(image("a.csv", "link.bin"), true));
        Files.createLink(dir.resolve("hard.bin"), dir.resolve("a.csv"));
        refused(image("a.csv", "hard.bin"), true);
        Files.createDirectory(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("linkdir"), dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/b.csv"), "x");
        refused(image("sub/b.csv", "linkdir/b.csv"), true);
    }

    @Test
    void twoOutputsOfOneRunMayNotShareAFile() {
        OutputPlan plan = new OutputPlan()
                .output(dir.resolve("keys/k.bin"), "keys/k.bin", "the encryption keys", OutputPlan.Kind.KEYS)
                .output(
                        dir.resolve("keys/../keys/k.bin"),
                        "keys/k.bin",
                        "the merged image",
                        OutputPlan.Kind.FLASH_IMAGE);
        assertEquals(
                "keys/k.bin: is both the encryption keys and the merged image of this run; give them different names",
                refused(plan, true));
    }

    @Test
    void anExistingOutputMustBeARegularFileAndLookLikeOurs() throws Exception {
        Files.createDirectory(dir.resolve("folder.bin"));
        assertEquals("folder.bin: is a folder; name the file to write", refused(image("x.csv", "folder.bin"), true));
        Path fifo = SpecialFiles.fifo(dir.resolve("fifo.bin"));
        assertEquals(
                "fifo.bin: is a FIFO (named pipe), not a regular file; nvsgen writes only regular files and does not"
                        + " replace this one",
                refused(image("x.csv", fifo.getFileName().toString()), true));
        Files.writeString(dir.resolve("b.csv"), "key,type,encoding,value\n");
        assertEquals(
                "b.csv: exists and is not an NVS image; not replacing it (use --force to replace it)",
                refused(image("x.csv", "b.csv"), false));
        assertDoesNotThrow(() -> image("x.csv", "b.csv").check(true));
        // A plan made without the caller's word speaks this API's: check(true), not a command line's flag.
        OutputPlan api = new OutputPlan().output(dir.resolve("b.csv"), "b.csv", "the image", OutputPlan.Kind.NVS_IMAGE);
        assertEquals(
                "b.csv: exists and is not an NVS image; not replacing it (use check(true) to replace it)",
                refused(api, false));
        // Its own previous image, and an empty file, are replaced without --force.
        NvsPartition p =
                NvsPartition.builder().namespace("ns").put("k", NvsValue.u8(1)).build();
        Files.write(dir.resolve("old.bin"), p.toImage(PartitionSize.parse("0x3000")));
        assertDoesNotThrow(() -> image("x.csv", "old.bin").check(false));
        Files.createFile(dir.resolve("empty.bin"));
        assertDoesNotThrow(() -> image("x.csv", "empty.bin").check(false));
    }
}
