package dev.nvsgen.crypto.credentials;

import dev.nvsgen.nvs.util.MessageText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.util.IPAddress;

/**
 * One subject alternative name of a device certificate (RFC 5280 4.2.1.6), written as openssl writes
 * them: {@code URI:urn:dev:42}, {@code DNS:42.devices.example.com}, {@code IP:10.0.0.7},
 * {@code email:ops@example.com}. Checked when made, so a bad name is refused before anything is issued.
 */
public record SubjectAltName(Kind kind, String value) {
    /** True for a DNS name that is a wildcard ({@code *.example.com}). */
    public boolean isWildcard() {
        return kind == Kind.DNS && value.startsWith("*");
    }

    /** The kinds of name nvsgen issues. */
    public enum Kind {
        URI("URI"),
        DNS("DNS"),
        IP("IP"),
        EMAIL("email");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** The prefix before the colon, as openssl's {@code subjectAltName} writes it. */
        public String prefix() {
            return prefix;
        }
    }

    // A host name of labels; a leading "*." is allowed (wildcard), nothing else outside LDH.
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    public SubjectAltName {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        String problem = problem(kind, value);
        if (problem != null) {
            throw new IllegalArgumentException(
                    "subject alternative name '" + MessageText.oneLine(kind.prefix + ":" + value) + "': " + problem);
        }
    }

    /**
     * Parses {@code KIND:value}; the kind ({@code URI}, {@code DNS}, {@code IP}, {@code email}) in any case.
     *
     * @throws IllegalArgumentException naming the name and what is wrong with it
     */
    public static SubjectAltName parse(String text) {
        int colon = text.indexOf(':');
        String kind = colon < 0 ? "" : text.substring(0, colon).toUpperCase(Locale.ROOT);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        return switch (kind) {
            case "URI" -> new SubjectAltName(Kind.URI, value);
            case "DNS" -> new SubjectAltName(Kind.DNS, value);
            case "IP" -> new SubjectAltName(Kind.IP, value);
            case "EMAIL" -> new SubjectAltName(Kind.EMAIL, value);
            default ->
                throw new IllegalArgumentException("subject alternative name '" + MessageText.oneLine(text)
                        + "' does not start with URI:, DNS:, IP: or email:");
        };
    }

    private static String problem(Kind kind, String value) {
        if (value.isEmpty()) {
            return "the name is empty";
        }
        int control = MessageText.firstControl(value);
        if (control >= 0) {
            return "it holds the control character " + MessageText.oneLine(String.valueOf(value.charAt(control)))
                    + " at character " + (value.codePointCount(0, control) + 1);
        }
        switch (kind) {
            case URI -> {
                try {
                    URI u = new URI(value);
                    if (u.getScheme() == null) {
                        return "a URI needs a scheme (urn:, https:, ...)";
                    }
                } catch (URISyntaxException e) {
                    return "not a URI (" + e.getReason() + " at index " + e.getIndex() + ")";
                }
            }
            case DNS -> {
                if (value.length() > 253 || !DNS_NAME.matcher(value).matches()) {
                    return "not a DNS name (letters, digits and hyphens in dot-separated labels)";
                }
            }
            case IP -> {
                if (!IPAddress.isValidIPv4(value) && !IPAddress.isValidIPv6(value)) {
                    return "not an IPv4 or IPv6 address";
                }
            }
            case EMAIL -> {
                int at = value.indexOf('@');
                if (at <= 0 || at != value.lastIndexOf('@') || at == value.length() - 1 || value.contains(" ")) {
                    return "not an e-mail address (local@domain)";
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return kind.prefix + ":" + value;
    }
}
