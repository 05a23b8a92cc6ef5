package dev.nvsgen.cli.batch;

import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.NvsType;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.internal.EntryState;
import dev.nvsgen.nvs.internal.EntryStateBitmap;
import dev.nvsgen.nvs.internal.Item;
import dev.nvsgen.nvs.internal.ItemType;
import dev.nvsgen.nvs.internal.LittleEndian;
import dev.nvsgen.nvs.internal.Page;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The entries of an image as "namespace/key" → value, for images nvsgen generated (pages in order,
 * nothing erased). Interim: to be replaced by nvs-core's reader once it is on main.
 */
public final class Readback {
    private Readback() {}

    public static Map<String, NvsValue> entries(byte[] image) {
        Map<Integer, String> namespaces = new HashMap<>();
        Map<String, NvsValue> out = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, byte[]>> chunks = new HashMap<>();
        for (int page = 0; page < image.length; page += Page.SIZE) {
            if (LittleEndian.i32(image, page) == -1) {
                continue;
            }
            int slot = 0;
            while (slot < Page.ENTRY_COUNT) {
                if (EntryStateBitmap.state(image, page, slot) != EntryState.WRITTEN) {
                    slot++;
                    continue;
                }
                Item item = Item.parse(image, page + Page.entryOffset(slot));
                if (!item.crcValid()) {
                    throw new AssertionError("bad item CRC at page " + page / Page.SIZE + " slot " + slot);
                }
                ItemType type = item.type();
                if (item.nsIndex() == 0) {
                    namespaces.put((int) (item.dataBits() & 0xFF), item.key());
                } else {
                    String name = namespaces.get(item.nsIndex()) + "/" + item.key();
                    if (type.isInteger()) {
                        NvsType t = type.valueType();
                        long bits = item.dataBits();
                        int shift = 64 - 8 * t.width();
                        long v = t.isSigned() || t == NvsType.U64 ? (bits << shift) >> shift : bits & (-1L >>> shift);
                        out.put(name, new NvsValue.IntValue(t, v));
                    } else if (type == ItemType.BLOB_IDX) {
                        ByteArrayOutputStream b = new ByteArrayOutputStream();
                        chunks.remove(name).values().forEach(b::writeBytes);
                        out.put(name, NvsValue.blob(b.toByteArray()));
                    } else {
                        byte[] payload = new byte[item.varLengthSize()];
                        System.arraycopy(image, page + Page.entryOffset(slot + 1), payload, 0, payload.length);
                        if (type == ItemType.SZ) {
                            out.put(name, new NvsValue.StringValue(Bytes.of(payload, 0, payload.length - 1)));
                        } else if (type == ItemType.BLOB_DATA) {
                            chunks.computeIfAbsent(name, k -> new TreeMap<>()).put(item.chunkIndex(), payload);
                        } else {
                            out.put(name, NvsValue.blob(payload));
                        }
                    }
                }
                slot += Math.max(1, item.span());
            }
        }
        return out;
    }
}
