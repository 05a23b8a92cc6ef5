/** The NVS on-flash format: values, partitions, the image writer and reader, ESP-IDF CSV and partition tables. */
// The modules the internals are exported to are built after this one, so javac cannot see them yet.
@SuppressWarnings("module")
module dev.nvsgen.nvs {
    exports dev.nvsgen.nvs;
    exports dev.nvsgen.nvs.csv;
    exports dev.nvsgen.nvs.files;
    exports dev.nvsgen.nvs.batch;
    exports dev.nvsgen.nvs.mfg;
    exports dev.nvsgen.nvs.partitions;
    exports dev.nvsgen.nvs.read;
    exports dev.nvsgen.nvs.internal to
            dev.nvsgen.crypto,
            dev.nvsgen.cli;
}
