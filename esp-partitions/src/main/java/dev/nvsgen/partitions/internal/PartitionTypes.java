package dev.nvsgen.partitions.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names {@code gen_esp32part.py} knows for partition types and subtypes, in its order (which decides
 * the name a number is printed with), and the offset and size alignment each type needs. ESP-IDF keeps
 * the same numbers in {@code esp_partition.h} ({@code esp_partition_type_t}, {@code esp_partition_subtype_t}).
 */
public final class PartitionTypes {
    public static final int APP = 0x00;
    public static final int DATA = 0x01;
    public static final int BOOTLOADER = 0x02;
    public static final int PARTITION_TABLE = 0x03;

    public static final int SUBTYPE_PRIMARY = 0x00;
    public static final int SUBTYPE_RECOVERY = 0x02;
    public static final int DATA_OTA = 0x00;
    public static final int DATA_NVS = 0x02;
    public static final int DATA_COREDUMP = 0x03;
    public static final int DATA_NVS_KEYS = 0x04;
    public static final int DATA_UNDEFINED = 0x06;
    public static final int DATA_TEE_OTA = 0x90;

    /** App partitions start on a 64 KB boundary (the MMU maps them in 64 KB pages). */
    public static final long APP_OFFSET_ALIGNMENT = 0x10000;
    /** Every other partition starts on a flash sector (ESP-IDF 5.0 made this an error). */
    public static final long OFFSET_ALIGNMENT = 0x1000;

    private static final Map<String, Integer> TYPES =
            ordered("bootloader", BOOTLOADER, "partition_table", PARTITION_TABLE, "app", APP, "data", DATA);
    private static final Map<Integer, Map<String, Integer>> SUBTYPES = subtypes();

    private PartitionTypes() {}

    /** Type names in the order gen_esp32part lists them. */
    public static Map<String, Integer> types() {
        return TYPES;
    }

    /** Subtype names of {@code type}; empty for types without names (custom types 0x40–0xFE). */
    public static Map<String, Integer> subtypes(int type) {
        return SUBTYPES.getOrDefault(type, Map.of());
    }

    /** Every subtype name of every type, for the "name looks like a subtype" warning. */
    public static boolean isSubtypeName(String name) {
        return SUBTYPES.values().stream().anyMatch(m -> m.containsKey(name));
    }

    /** The name gen_esp32part prints for {@code type}: its keyword, else the number in decimal. */
    public static String typeName(int type) {
        return keyword(TYPES, type);
    }

    public static String subtypeName(int type, int subtype) {
        return keyword(subtypes(type), subtype);
    }

    private static String keyword(Map<String, Integer> names, int value) {
        for (Map.Entry<String, Integer> e : names.entrySet()) {
            if (e.getValue() == value) {
                return e.getKey();
            }
        }
        return Integer.toString(value);
    }

    /** Names for a message, the sixteen OTA slots shortened to {@code ota_0…ota_15}. */
    public static String listNames(Map<String, Integer> names) {
        return String.join(", ", names.keySet())
                .replace(
                        "ota_0, ota_1, ota_2, ota_3, ota_4, ota_5, ota_6, ota_7, "
                                + "ota_8, ota_9, ota_10, ota_11, ota_12, ota_13, ota_14, ota_15",
                        "ota_0…ota_15");
    }

    public static long offsetAlignment(int type) {
        return type == APP ? APP_OFFSET_ALIGNMENT : OFFSET_ALIGNMENT;
    }

    private static Map<Integer, Map<String, Integer>> subtypes() {
        Map<Integer, Map<String, Integer>> m = new LinkedHashMap<>();
        m.put(BOOTLOADER, ordered("primary", 0x00, "ota", 0x01, "recovery", SUBTYPE_RECOVERY));
        m.put(PARTITION_TABLE, ordered("primary", 0x00, "ota", 0x01));
        List<Object> app = new ArrayList<>(List.of("factory", 0x00, "test", 0x20));
        for (int slot = 0; slot < 16; slot++) {
            app.add("ota_" + slot);
            app.add(0x10 + slot);
        }
        for (int slot = 0; slot < 2; slot++) {
            app.add("tee_" + slot);
            app.add(0x30 + slot);
        }
        m.put(APP, ordered(app.toArray()));
        m.put(
                DATA,
                ordered(
                        "ota",
                        DATA_OTA,
                        "phy",
                        0x01,
                        "nvs",
                        DATA_NVS,
                        "coredump",
                        DATA_COREDUMP,
                        "nvs_keys",
                        DATA_NVS_KEYS,
                        "efuse",
                        0x05,
                        "undefined",
                        DATA_UNDEFINED,
                        "esphttpd",
                        0x80,
                        "fat",
                        0x81,
                        "spiffs",
                        0x82,
                        "littlefs",
                        0x83,
                        "tee_ota",
                        DATA_TEE_OTA));
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Integer> ordered(Object... nameValue) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], (Integer) nameValue[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
