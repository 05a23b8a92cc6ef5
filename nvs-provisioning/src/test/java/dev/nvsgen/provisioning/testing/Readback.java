package dev.nvsgen.provisioning.testing;

import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.read.NvsImage;
import dev.nvsgen.nvs.read.NvsReader;
import java.util.LinkedHashMap;
import java.util.Map;

/** An image's entries as nvs_flash reads them (nvs-core's reader), keyed "namespace/key", in stored order. */
public final class Readback {
    private Readback() {}

    /** The entries of a sound image; an image the reader finds anything wrong with fails the test. */
    public static Map<String, NvsValue> entries(byte[] image) {
        NvsImage read = NvsReader.read(image);
        if (!read.isSound()) {
            throw new AssertionError("the image is not sound: " + read.findings());
        }
        Map<String, NvsValue> out = new LinkedHashMap<>();
        for (NvsEntry e : read.entries()) {
            if (out.put(e.namespace() + "/" + e.key(), e.value()) != null) {
                throw new AssertionError("key " + e.namespace() + "/" + e.key() + " read twice");
            }
        }
        return out;
    }
}
