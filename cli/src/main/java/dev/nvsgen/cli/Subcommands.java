package dev.nvsgen.cli;

import picocli.CommandLine;

/**
 * The subcommands of {@code nvsgen}. picocli builds a command's model by reflection when it is added,
 * which costs several milliseconds per command; a run that names its subcommand gets only that one,
 * so a short {@code generate} is not charged for every other command's options.
 */
final class Subcommands {
    /** Every subcommand name, in the order help lists them. */
    static final String[] NAMES = {
        "generate",
        "encrypt",
        "decrypt",
        "generate-key",
        "mfg",
        "matter-mfg",
        "partitions",
        "secure-cert",
        "dump",
        "verify",
        "batch",
        "espsecure",
        "help"
    };

    private Subcommands() {}

    static void register(CommandLine cl, String[] args) {
        String requested = firstPositional(args);
        Object only = requested == null ? null : create(requested);
        if (only != null && !requested.equals("help")) {
            cl.addSubcommand(requested, only);
            return;
        }
        for (String name : NAMES) {
            cl.addSubcommand(name, create(name));
        }
    }

    private static Object create(String name) {
        return switch (name) {
            case "generate" -> new GenerateCommand();
            case "encrypt" -> new EncryptCommand();
            case "decrypt" -> new DecryptCommand();
            case "generate-key" -> new GenerateKeyCommand();
            case "mfg" -> new MfgCommand();
            case "matter-mfg" -> new MatterMfgCommand();
            case "partitions" -> new PartitionsCommand();
            case "secure-cert" -> new SecureCertCommand();
            case "dump" -> new DumpCommand();
            case "verify" -> new VerifyCommand();
            case "batch" -> new BatchCommand();
            case "espsecure" -> new EspsecureCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> null;
        };
    }

    /** The first argument that is not an option of nvsgen itself: the subcommand's name, if any. */
    private static String firstPositional(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }
}
