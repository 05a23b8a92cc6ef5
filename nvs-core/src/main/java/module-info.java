/** The NVS on-flash format: values, partitions, the image writer and reader, ESP-IDF CSV and partition tables. */
module dev.nvsgen.nvs {
    exports dev.nvsgen.nvs;
    exports dev.nvsgen.nvs.csv;
    exports dev.nvsgen.nvs.files;
    exports dev.nvsgen.nvs.batch;
    exports dev.nvsgen.nvs.mfg;
    exports dev.nvsgen.nvs.partitions;
    exports dev.nvsgen.nvs.read;
    exports dev.nvsgen.nvs.util;
}
