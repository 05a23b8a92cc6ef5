package dev.nvsgen.cli;

import dev.nvsgen.nvs.util.JsonText;

/**
 * The little JSON {@code dump} writes, by hand: loading Jackson would cost a short command more than the
 * whole read. Strings are escaped to ASCII, so the output is valid whatever the console's charset.
 */
final class Json {
    private Json() {}

    /** {@code s} as a JSON string literal. */
    static String string(String s) {
        return JsonText.quote(s);
    }

    /** {@code "name": value}, where {@code json} is already JSON. */
    static String field(String name, String json) {
        return string(name) + ": " + json;
    }
}
