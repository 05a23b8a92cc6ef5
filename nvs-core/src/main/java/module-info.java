/** The NVS on-flash format: values, partitions, the image writer and reader, ESP-IDF CSV. */
module dev.nvsgen.nvs {
    exports dev.nvsgen.nvs;
    exports dev.nvsgen.nvs.csv;
    exports dev.nvsgen.nvs.read;
    exports dev.nvsgen.nvs.util;
}
