package dev.nvsgen.cli;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.NvsKeys;
import java.io.IOException;
import java.time.LocalDateTime;
import picocli.CommandLine.Option;

/**
 * The options of nvs_partition_gen that make a new keys file, shared by {@code generate-key} and
 * {@code encrypt --keygen}: random keys, or keys derived from an HMAC key (given, or made here too).
 *
 * <p>Each option has its Python spelling and a dashed one ({@code --key-protect-hmac}), as {@code mfg generate}
 * takes them.
 *
 * <p>Unlike the reference, combinations it would silently ignore are refused: an HMAC option without
 * {@code --key_protect_hmac} would otherwise leave the image encrypted with random keys the device
 * cannot derive.
 */
final class KeyGenOptions {
    @Option(
            names = "--keyfile",
            paramLabel = "FILE",
            description = "Keys file to write, under OUTDIR/keys/ (default: keys-<MM-DD_HH-MM>.bin).")
    String keyfile;

    @Option(
            names = {"--key_protect_hmac", "--key-protect-hmac"},
            description = "Derive the keys from an HMAC key (the HMAC-based NVS key protection scheme)"
                    + " instead of making random ones.")
    boolean keyProtectHmac;

    @Option(
            names = {"--kp_hmac_keygen", "--kp-hmac-keygen"},
            description = "With --key_protect_hmac: make a random HMAC key, written under OUTDIR/keys/.")
    boolean hmacKeygen;

    @Option(
            names = {"--kp_hmac_keyfile", "--kp-hmac-keyfile"},
            paramLabel = "FILE",
            description = "With --kp_hmac_keygen: the HMAC key file to write (default: hmac-<keys file name>).")
    String hmacKeyfile;

    @Option(
            names = {"--kp_hmac_inputkey", "--kp-hmac-inputkey"},
            paramLabel = "FILE",
            description = "With --key_protect_hmac: the file holding the 32-byte HMAC key.")
    String hmacInputkey;

    /** True when any HMAC option is given. */
    boolean anyHmacOption() {
        return keyProtectHmac || hmacKeygen || hmacKeyfile != null || hmacInputkey != null;
    }

    /** Refuses HMAC options that contradict each other or would be ignored. */
    void check() {
        if (!keyProtectHmac) {
            String stray = hmacKeygen
                    ? "--kp_hmac_keygen"
                    : hmacInputkey != null ? "--kp_hmac_inputkey" : hmacKeyfile != null ? "--kp_hmac_keyfile" : null;
            if (stray != null) {
                throw new CliException(stray + " needs --key_protect_hmac (without it the keys would be random)");
            }
            return;
        }
        if (hmacKeygen && hmacInputkey != null) {
            throw new CliException(
                    "--kp_hmac_keygen and --kp_hmac_inputkey exclude each other: make an HMAC key or give one");
        }
        if (!hmacKeygen && hmacInputkey == null) {
            throw new CliException(
                    "--key_protect_hmac needs the HMAC key: --kp_hmac_inputkey FILE, or --kp_hmac_keygen to make one");
        }
        if (hmacKeyfile != null && !hmacKeygen) {
            throw new CliException(
                    "--kp_hmac_keyfile names the HMAC key that --kp_hmac_keygen makes; it needs" + " --kp_hmac_keygen");
        }
    }

    /**
     * Makes the keys these options ask for and queues their files (the keys file, and a new HMAC key)
     * on {@code out}; {@link #check()} must have passed.
     */
    NvsKeys create(Main main, String outdir, PendingFiles out) throws IOException {
        String keysName = keyfile != null ? keyfile : KeyFilePaths.timestamped(LocalDateTime.now());
        NvsKeys keys;
        if (!keyProtectHmac) {
            keys = NvsKeys.generate();
        } else if (hmacKeygen) {
            HmacKey hmac = HmacKey.generate();
            String hmacName = hmacKeyfile != null ? hmacKeyfile : KeyFilePaths.hmacNameFor(keysName);
            out.addKeyFile(
                    KeyFilePaths.resolve(main, outdir, hmacName),
                    hmac.unsafeExportRawKeyBytes(),
                    "HMAC key (burn it into an eFuse key block for HMAC_UP)",
                    hmacKeyfile != null ? "--kp_hmac_keyfile" : "--keyfile");
            keys = hmac.deriveNvsKeys();
        } else {
            keys = HmacKey.read(main.resolve(hmacInputkey), hmacInputkey).deriveNvsKeys();
            out.input(main.resolve(hmacInputkey), hmacInputkey, "the HMAC key given with --kp_hmac_inputkey");
        }
        out.addKeyFile(
                KeyFilePaths.resolve(main, outdir, keysName), keys.toKeysPartition(), "encryption keys", "--keyfile");
        return keys;
    }
}
