/** The nvsgen command line. */
module dev.nvsgen.cli {
    requires dev.nvsgen.nvs;
    requires dev.nvsgen.crypto;
    requires info.picocli;
    requires tools.jackson.core;
    requires tools.jackson.dataformat.yaml;

    opens dev.nvsgen.cli to
            info.picocli;
}
