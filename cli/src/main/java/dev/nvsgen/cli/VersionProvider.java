package dev.nvsgen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * nvsgen's own version: the project version and the commit the build was made from, which the build
 * writes into {@code version.properties} beside this class (the commit is left blank where git or the
 * repository was not there).
 */
final class VersionProvider implements CommandLine.IVersionProvider {
    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {
            describe(load()),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")
        };
    }

    /** {@code nvsgen 1.2.0 (commit 0123456789ab)}, or without the commit when the build did not know it. */
    static String describe(Map<?, ?> build) {
        Object version = build.get("version");
        Object commit = build.get("commit");
        String line = "nvsgen " + (isBlank(version) ? "(development build)" : version.toString());
        return isBlank(commit) ? line : line + " (commit " + commit + ")";
    }

    private static boolean isBlank(Object value) {
        return value == null || value.toString().isBlank();
    }

    private static Properties load() {
        Properties build = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            // A damaged resource is reported as a development build rather than failing --version.
        }
        return build;
    }

    /**
     * Gives every subcommand {@code -V} and, where {@code --version} is not already the NVS format version
     * (generate, encrypt, mfg generate take it as nvs_partition_gen does), {@code --version} too.
     */
    static void addToSubcommands(CommandLine parent) {
        for (CommandLine sub : parent.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            if (!spec.helpCommand() && spec.findOption("-V") == null) {
                String[] names =
                        spec.findOption("--version") == null ? new String[] {"-V", "--version"} : new String[] {"-V"};
                spec.versionProvider(new VersionProvider());
                spec.addOption(OptionSpec.builder(names)
                        .versionHelp(true)
                        .description("Print nvsgen's version and exit.")
                        .build());
            }
            addToSubcommands(sub);
        }
    }

    /**
     * A command line that ends in {@code --version}: nvsgen's version is wanted, also where the command
     * takes {@code --version N} as the NVS format version and would otherwise complain about the value.
     */
    static boolean requested(String[] args) {
        return args.length > 0 && args[args.length - 1].equals("--version");
    }
}
