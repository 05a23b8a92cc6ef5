package dev.nvsgen.cli;

/**
 * {@code nvsgen --help} as static text, so that it prints without building picocli's model of every command
 * (see {@link DirectRun}). {@code DirectRunTest} asserts that it is exactly what picocli renders: when a
 * command or root option changes, that test fails and shows the new text to paste here.
 */
final class RootHelp {
    private static final String TEXT = """
            Usage: nvsgen [-hV] [--verbose] [COMMAND]
            ESP-IDF NVS partition images: generate, encrypt, read back and verify.
              -h, --help      Show this help message and exit.
              -V, --version   Print version information and exit.
                  --verbose   Show stack traces of errors.
            Commands:
              generate      Generate an NVS partition image from ESP-IDF CSV files, byte
                              for byte as nvs_partition_gen does.
              encrypt       Generate an encrypted NVS partition image from ESP-IDF CSV
                              files, byte for byte as nvs_partition_gen encrypt does.
              decrypt       Decrypt an encrypted NVS partition image with its keys file,
                              giving the plaintext image.
              generate-key  Make an NVS keys file (an nvs_keys partition image, 4096 bytes)
                              under OUTDIR/keys/: random keys, or keys derived from an HMAC
                              key with --key_protect_hmac.
              mfg           Mass manufacturing, as ESP-IDF's mfg_gen: one NVS image per
                              device of a values CSV.
              matter-mfg    Matter factory partitions, as esp-matter-mfg-tool makes them:
                              per device a chip-factory NVS image with DAC, PAI,
                              Certification Declaration, SPAKE2+ verifier and
                              discriminator, its onboarding codes and QR image, under
                              OUTDIR/<vid>_<pid>/<uuid>/; staging/, summary and CN/DAC CSVs
                              beside them. Devices are made on every core.
              partitions    Show or convert an ESP-IDF partition table (CSV <-> binary) as
                              ESP-IDF's gen_esp32part.py does.
              secure-cert   Write an esp_secure_cert partition (TLV, or legacy
                              cust_flash/nvs) byte for byte as esp_secure_cert_mgr's
                              configure_esp_secure_cert.py does, without a device.
              dump          Show what an NVS partition image holds: the entries ESP-IDF's
                              nvs_flash reads from it, its pages, and any problems found
                              (nvsgen verify judges them).
              verify        Check an NVS partition image: page header, item header and
                              payload CRCs, the entry-state bitmap against the entries,
                              item spans, blob chunks against their indexes, namespace
                              references and keys stored twice; and everything ESP-IDF's
                              nvs_flash would repair or drop at start-up.
              batch         Make one NVS image per device from a YAML manifest: per-device
                              values, and a key pair and a certificate signed by your CA
                              (or a certificate for the device's CSR).
              espsecure     Flash encryption as Espressif's espsecure does it:
                              encrypt_flash_data and decrypt_flash_data, byte for byte, in
                              both spellings (encrypt-flash-data).
              help          Display help information about the specified command.
            """;

    private RootHelp() {}

    /** The help, with this platform's line separators, as picocli prints it. */
    static String text() {
        return System.lineSeparator().equals("\n") ? TEXT : TEXT.replace("\n", System.lineSeparator());
    }
}
