package dev.nvsgen.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code nvsgen espsecure}: drop-ins for espsecure's flash-encryption commands, in its v4 and v5 spellings. */
@Command(
        name = "espsecure",
        description = "Flash encryption as Espressif's espsecure does it: encrypt_flash_data and decrypt_flash_data,"
                + " byte for byte, in both spellings (encrypt-flash-data).",
        subcommands = {FlashDataCommand.Encrypt.class, FlashDataCommand.Decrypt.class})
final class EspsecureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "Missing subcommand: encrypt_flash_data or decrypt_flash_data");
    }
}
