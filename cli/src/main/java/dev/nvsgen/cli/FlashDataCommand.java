package dev.nvsgen.cli;

import dev.nvsgen.crypto.flash.FlashCipher;
import dev.nvsgen.crypto.flash.FlashEncryptionKey;
import dev.nvsgen.factory.OutputPlan;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.InputFiles;
import java.math.BigInteger;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nvsgen espsecure encrypt_flash_data} and {@code decrypt_flash_data}: espsecure's options and output
 * bytes. Unlike espsecure, the output is written atomically (complete or not at all), never replaces the
 * input or the key file, and a decrypted output is readable by its owner only.
 */
abstract class FlashDataCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(
            names = {"-k", "--keyfile"},
            required = true,
            paramLabel = "KEYFILE",
            description = "File with the flash encryption key (16, 24, 32 or 64 bytes).")
    String keyfile;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "OUTPUT",
            description = "File to write.")
    String output;

    @Option(
            names = {"-a", "--address"},
            required = true,
            paramLabel = "ADDRESS",
            description = "Flash address of the data (0x10000, 65536): a multiple of 16.")
    String address;

    @Option(
            names = {"--flash-crypt-conf", "--flash_crypt_conf"},
            paramLabel = "VALUE",
            defaultValue = "0xF",
            description = "ESP32 only: the FLASH_CRYPT_CONFIG eFuse (default 0xF).")
    String flashCryptConf;

    @Option(
            names = {"-x", "--aes-xts", "--aes_xts"},
            description = "XTS-AES, every chip after the ESP32 (without it: the ESP32's AES-256 key tweak).")
    boolean aesXts;

    @Parameters(index = "0", paramLabel = "FILE", description = "The data to encrypt or decrypt.")
    String input;

    abstract boolean encrypt();

    @Command(
            name = "encrypt_flash_data",
            aliases = "encrypt-flash-data",
            description = "Encrypt data for encrypted flash at its address, byte for byte as espsecure"
                    + " encrypt_flash_data.")
    static final class Encrypt extends FlashDataCommand {
        @Override
        boolean encrypt() {
            return true;
        }
    }

    @Command(
            name = "decrypt_flash_data",
            aliases = "decrypt-flash-data",
            description = "Decrypt data read from encrypted flash at its address, byte for byte as espsecure"
                    + " decrypt_flash_data. The output is readable by its owner only.")
    static final class Decrypt extends FlashDataCommand {
        @Override
        boolean encrypt() {
            return false;
        }
    }

    @Override
    public Integer call() throws Exception {
        Main main = Main.of(spec);
        long at = parseInt("--address", address).longValueExact();
        BigInteger conf = parseInt("--flash-crypt-conf", flashCryptConf);
        PendingFiles out = new PendingFiles(main);
        out.input(main.resolve(keyfile), keyfile, "the key file (--keyfile)");
        out.input(main.resolve(input), input, "the input file");
        FlashEncryptionKey key = FlashEncryptionKey.read(main.resolve(keyfile), keyfile, aesXts);
        byte[] data = InputFiles.read(main.resolve(input), input, InputFiles.MAX_IMAGE, "flash data");
        // espsecure tests the bits with Python's &: only the low four count, whatever the value.
        FlashCipher cipher = key.cipher(conf.and(BigInteger.valueOf(0xF)).intValue());
        if (!aesXts && conf.signum() == 0) {
            spec.commandLine()
                    .getErr()
                    .println(qualifiedName() + ": warning: FLASH_CRYPT_CONFIG 0 is not"
                            + " recommended: the key is then the same for every address");
        }
        byte[] result;
        try {
            result = encrypt() ? cipher.encrypt(data, at) : cipher.decrypt(data, at);
        } catch (NvsInputException e) {
            throw new NvsInputException(input + ": " + e.getMessage(), e);
        }
        if (result.length != data.length) {
            spec.commandLine()
                    .getErr()
                    .println(qualifiedName() + ": note: padded with " + (result.length - data.length)
                            + " bytes of random data (encrypted data must be a multiple of 16 bytes long)");
        }
        out.add(
                main.resolve(output),
                result,
                !encrypt(),
                encrypt() ? "encrypted flash data" : "decrypted flash data",
                OutputPlan.Kind.ANY);
        out.writeAll(spec.commandLine().getOut(), true);
        return ExitCode.OK;
    }

    private String qualifiedName() {
        return spec.qualifiedName(" ");
    }

    /**
     * An integer as espsecure reads one (Python's {@code int(text, 0)}): decimal, {@code 0x}, {@code 0o} or
     * {@code 0b}, an optional sign, underscores between digits.
     */
    static BigInteger parseInt(String option, String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        int radix = 10;
        if (s.length() > 1 && s.charAt(0) == '0' && "xob".indexOf(s.charAt(1)) >= 0) {
            radix = s.charAt(1) == 'x' ? 16 : s.charAt(1) == 'o' ? 8 : 2;
            s = s.substring(2);
            if (s.startsWith("_")) {
                s = s.substring(1); // Python allows 0x_1F
            }
        }
        boolean valid = !s.isEmpty() && !s.startsWith("_") && !s.endsWith("_") && !s.contains("__");
        // A decimal with a leading zero ("010") is not a Python integer, though "0" and "00" are.
        if (radix == 10
                && s.length() > 1
                && s.charAt(0) == '0'
                && !s.replace("_", "").matches("0+")) {
            valid = false;
        }
        if (valid) {
            try {
                BigInteger v = new BigInteger(s.replace("_", ""), radix);
                BigInteger signed = negative ? v.negate() : v;
                if (signed.bitLength() < 63) {
                    return signed;
                }
            } catch (NumberFormatException e) {
                // fall through to the message
            }
        }
        throw new CliException(option + ": '" + text + "' is not a valid integer");
    }
}
