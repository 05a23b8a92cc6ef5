/** The nvsgen command line. */
module dev.nvsgen.cli {
    requires dev.nvsgen.nvs;
    requires dev.nvsgen.crypto;
    requires dev.nvsgen.partitions;
    requires dev.nvsgen.factory;
    requires dev.nvsgen.provisioning;
    requires dev.nvsgen.securecert;
    requires dev.nvsgen.matter;
    requires info.picocli;

    opens dev.nvsgen.cli to
            info.picocli;
}
