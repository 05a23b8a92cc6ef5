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

    // Not an API: exported so that the module is a default root of the runtime distribution's image,
    // which then starts it by class name and maps its archived module graph (see cli/pom.xml).
    exports dev.nvsgen.cli;

    opens dev.nvsgen.cli to
            info.picocli;
}
