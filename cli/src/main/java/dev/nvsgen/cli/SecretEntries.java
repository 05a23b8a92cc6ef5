package dev.nvsgen.cli;

import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsValue;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Which entries {@code dump} keeps to itself unless {@code --show-secrets} is given: a string or blob that
 * holds PEM private-key armour ({@code -----BEGIN … PRIVATE KEY-----}), and entries whose key names a secret:
 * one that, ignoring case, {@code -} and {@code _}, contains {@code priv}, {@code secret}, {@code passw},
 * {@code psk} or {@code token}, or ends with {@code key} (esp_secure_cert's {@code priv_key}, an
 * {@code hmac_key}, a Matter {@code dac-key}; not {@code ds_key_id} nor a {@code pub_key}).
 */
final class SecretEntries {
    /** What the help of {@code --show-secrets} says. */
    static final String RULE = "Secret entries are those whose value holds a PEM private key, or whose key contains"
            + " priv, secret, passw, psk or token, or ends with key (but not pubkey)";

    private SecretEntries() {}

    static boolean isSecret(NvsEntry e) {
        String key = e.key().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        if (key.contains("priv")
                || key.contains("secret")
                || key.contains("passw")
                || key.contains("psk")
                || key.contains("token")
                || (key.endsWith("key") && !key.endsWith("pubkey") && !key.endsWith("publickey"))) {
            return true;
        }
        return holdsPrivateKey(e.value());
    }

    private static boolean holdsPrivateKey(NvsValue v) {
        String text;
        if (v instanceof NvsValue.StringValue s) {
            text = s.text();
        } else if (v instanceof NvsValue.BlobValue b) {
            byte[] bytes = new byte[b.data().length()];
            b.data().copyTo(0, bytes, 0, bytes.length);
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        } else {
            return false;
        }
        int at = text.indexOf("-----BEGIN ");
        return at >= 0 && text.indexOf("PRIVATE KEY-----", at) > 0;
    }

    /** What is shown instead of a secret's value. */
    static String hidden(NvsValue v) {
        int size = v instanceof NvsValue.StringValue s
                ? s.text().getBytes(StandardCharsets.UTF_8).length
                : v instanceof NvsValue.BlobValue b ? b.data().length() : 0;
        return "(secret, " + size + (size == 1 ? " byte" : " bytes") + "; --show-secrets shows it)";
    }
}
