package dev.nvsgen.cli;

import java.util.Locale;

/** Flash addresses and sizes on the command line: {@code 0x8000} or {@code 32768}. */
final class Addresses {
    private Addresses() {}

    static long parse(String option, String text) {
        String s = text.strip().toLowerCase(Locale.ROOT).replace("_", "");
        try {
            long v = s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new CliException(option + ": '" + text + "' is not a flash address (give it as 0x8000 or 32768)");
        }
    }
}
