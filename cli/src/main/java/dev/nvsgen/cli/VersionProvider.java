package dev.nvsgen.cli;

import picocli.CommandLine;

/** Reads the version Maven put into the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"nvsgen " + (v == null ? "(development build)" : v)};
    }
}
