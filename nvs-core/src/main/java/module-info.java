/** The NVS on-flash format: values, partitions, the image writer and ESP-IDF CSV input. */
module dev.nvsgen.nvs {
    exports dev.nvsgen.nvs;
    exports dev.nvsgen.nvs.csv;
    exports dev.nvsgen.nvs.batch;
    exports dev.nvsgen.nvs.mfg;
    exports dev.nvsgen.nvs.internal to
            dev.nvsgen.crypto,
            dev.nvsgen.cli;
}
