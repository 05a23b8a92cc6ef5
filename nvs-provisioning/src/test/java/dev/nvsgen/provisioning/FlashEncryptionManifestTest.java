package dev.nvsgen.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.flash.Chip;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.provisioning.model.FlashEncryption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest's flash-encryption section: what it becomes, and its refusals naming the line. */
class FlashEncryptionManifestTest {
    @TempDir
    Path tmp;

    private Path manifest(String flash) throws Exception {
        Files.writeString(
                tmp.resolve("partitions.csv"),
                "nvs,data,nvs,0x9000,0x6000,\nnvs_key,data,nvs_keys,0xf000,0x1000,encrypted\n"
                        + "factory,app,factory,0x10000,1M,\n");
        Path m = tmp.resolve("manifest.yaml");
        Files.writeString(
                m,
                "partition:\n  table: partitions.csv\n  encryption: {keys: per-device}\n"
                        + "devices:\n  range: {prefix: SN-, from: 1, to: 2, digits: 4}\n"
                        + "namespaces:\n  factory:\n    serial: {type: string, value: \"${serial}\"}\n"
                        + flash);
        return m;
    }

    @Test
    void theSectionBecomesTheModel() throws Exception {
        Path m = manifest("flash-encryption:\n  chip: esp32\n  flash-crypt-conf: 0x3\n  output: merged\n");
        FlashEncryption fe = Provisioner.fromManifest(m, null).spec().flashEncryption();
        assertEquals(Chip.ESP32, fe.chip());
        assertEquals(3, fe.flashCryptConfig());
        assertTrue(fe.keyPerDevice());
        assertTrue(fe.merged());
        assertEquals(List.of(), fe.reservedBlocks());
    }

    @Test
    void flashCryptConfIsEsp32s() throws Exception {
        Path m = manifest("flash-encryption:\n  chip: esp32s3\n  flash-crypt-conf: 0xF\n");
        NvsInputException e = assertThrows(NvsInputException.class, () -> Provisioner.fromManifest(m, null));
        assertTrue(e.getMessage().contains("flash-crypt-conf is the ESP32's"), e.getMessage());
    }
}
