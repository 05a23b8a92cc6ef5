/**
 * ESP partition tables, read and written as ESP-IDF's {@code gen_esp32part.py} does; flash layouts, esptool
 * argument files and merged flash images. Depends on no other nvsgen module.
 */
module dev.nvsgen.partitions {
    exports dev.nvsgen.partitions;
}
