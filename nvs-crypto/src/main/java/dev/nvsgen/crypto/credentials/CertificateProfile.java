package dev.nvsgen.crypto.credentials;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every certificate of a run has in common besides its subject, key and alternative names: validity,
 * key usage and extended key usages. Instants are whole seconds, as X.509 stores them.
 *
 * @param keyUsages exactly the key usages certificates carry; {@code null} for the default of the
 *     subject key's type (digitalSignature, and keyEncipherment for RSA); empty for no keyUsage extension
 * @param extendedKeyUsages exactly the extended key usages certificates carry, as dotted OIDs in the
 *     order given; empty for no extendedKeyUsage extension
 */
public record CertificateProfile(
        Instant notBefore, Instant notAfter, Set<KeyUsage> keyUsages, List<String> extendedKeyUsages) {

    /** Named extended key usages (RFC 5280 4.2.1.12); any other is given by its OID. */
    public enum Usage {
        CLIENT_AUTH("client-auth", "1.3.6.1.5.5.7.3.2"),
        SERVER_AUTH("server-auth", "1.3.6.1.5.5.7.3.1"),
        CODE_SIGNING("code-signing", "1.3.6.1.5.5.7.3.3"),
        EMAIL_PROTECTION("email-protection", "1.3.6.1.5.5.7.3.4"),
        TIME_STAMPING("time-stamping", "1.3.6.1.5.5.7.3.8"),
        OCSP_SIGNING("ocsp-signing", "1.3.6.1.5.5.7.3.9");

        private final String id;
        private final String oid;

        Usage(String id, String oid) {
            this.id = id;
            this.oid = oid;
        }

        public String id() {
            return id;
        }

        public String oid() {
            return oid;
        }

        /** The usage {@code id} names ({@code client-auth}, {@code server-auth}, ...). */
        public static Usage of(String id) {
            for (Usage u : values()) {
                if (u.id.equals(id)) {
                    return u;
                }
            }
            throw new IllegalArgumentException("unknown extended key usage '" + id + "' (expected " + names(values())
                    + ", or an OID such as 1.3.6.1.5.5.7.3.1)");
        }
    }

    /** The bits of the keyUsage extension (RFC 5280 4.2.1.3), named as the manifest writes them. */
    public enum KeyUsage {
        DIGITAL_SIGNATURE("digital-signature", 0),
        NON_REPUDIATION("non-repudiation", 1),
        KEY_ENCIPHERMENT("key-encipherment", 2),
        DATA_ENCIPHERMENT("data-encipherment", 3),
        KEY_AGREEMENT("key-agreement", 4),
        KEY_CERT_SIGN("key-cert-sign", 5),
        CRL_SIGN("crl-sign", 6),
        ENCIPHER_ONLY("encipher-only", 7),
        DECIPHER_ONLY("decipher-only", 8);

        private final String id;
        private final int bit;

        KeyUsage(String id, int bit) {
            this.id = id;
            this.bit = bit;
        }

        public String id() {
            return id;
        }

        /** The bit's number in the extension's BIT STRING (0 = digitalSignature), as {@code X509Certificate.getKeyUsage()} indexes it. */
        public int bit() {
            return bit;
        }

        /** The usage {@code id} names; {@code content-commitment}, RFC 5280's newer name for non-repudiation, too. */
        public static KeyUsage of(String id) {
            if ("content-commitment".equals(id)) {
                return NON_REPUDIATION;
            }
            for (KeyUsage u : values()) {
                if (u.id.equals(id)) {
                    return u;
                }
            }
            throw new IllegalArgumentException("unknown key usage '" + id + "' (expected " + names(values()) + ")");
        }
    }

    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
    private static final Pattern AGO = Pattern.compile("-([0-9]{1,9})([smhd])");

    public CertificateProfile {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
        notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException(
                    "certificate validity ends (" + notAfter + ") before it begins (" + notBefore + ")");
        }
        if (keyUsages != null) {
            keyUsages = keyUsages.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(keyUsages));
        }
        List<String> oids = new ArrayList<>();
        for (String oid : extendedKeyUsages) {
            String checked = extendedKeyUsage(oid);
            if (!oids.contains(checked)) {
                oids.add(checked);
            }
        }
        extendedKeyUsages = List.copyOf(oids);
    }

    /** Default key usage for the key type, and {@code usages} (named) as extended key usages. */
    public CertificateProfile(Instant notBefore, Instant notAfter, Set<Usage> usages) {
        this(notBefore, notAfter, null, usages.stream().sorted().map(Usage::oid).toList());
    }

    /** A TLS client certificate valid from {@code notBefore} to {@code notAfter}: what devices present to a cloud. */
    public static CertificateProfile clientAuth(Instant notBefore, Instant notAfter) {
        return new CertificateProfile(notBefore, notAfter, Set.of(Usage.CLIENT_AUTH));
    }

    /** This profile with exactly {@code usages} as key usage (empty: no keyUsage extension). */
    public CertificateProfile withKeyUsages(Collection<KeyUsage> usages) {
        return new CertificateProfile(notBefore, notAfter, Set.copyOf(usages), extendedKeyUsages);
    }

    /** This profile with exactly {@code oids} (names or dotted OIDs) as extended key usages. */
    public CertificateProfile withExtendedKeyUsages(Collection<String> usages) {
        return new CertificateProfile(notBefore, notAfter, keyUsages, List.copyOf(usages));
    }

    /**
     * The dotted OID of an extended key usage given by name ({@code client-auth}) or OID.
     *
     * @throws IllegalArgumentException for an unknown name or a malformed OID
     */
    public static String extendedKeyUsage(String nameOrOid) {
        if (nameOrOid != null && !nameOrOid.isEmpty() && Character.isDigit(nameOrOid.charAt(0))) {
            if (!OID.matcher(nameOrOid).matches()) {
                throw new IllegalArgumentException(
                        "'" + nameOrOid + "' is not an OID (dotted numbers, e.g. 1.3.6.1.5.5.7.3.1)");
            }
            return nameOrOid;
        }
        return Usage.of(nameOrOid).oid();
    }

    /**
     * When certificates start to be valid, from the text a manifest gives: a duration back from
     * {@code now} ({@code -1h}; units s, m, h, d), a date ({@code 2026-01-01}, midnight UTC) or a date and
     * time ({@code 2026-01-01T08:00:00Z}, or with an offset; without one, UTC).
     *
     * @throws IllegalArgumentException saying which forms are accepted
     */
    public static Instant notBefore(String text, Instant now) {
        Matcher m = AGO.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration back = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(back).truncatedTo(ChronoUnit.SECONDS);
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (text.endsWith("Z") || text.endsWith("z")) {
                return Instant.parse(text.toUpperCase(Locale.ROOT));
            }
            if (text.matches(".*[+-][0-9]{2}:[0-9]{2}$")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is neither a duration back from now (-1h, -30m, -2d)"
                    + " nor a date (2026-01-01) or time (2026-01-01T08:00:00Z)");
        }
    }

    private static String names(Enum<?>[] values) {
        Set<String> out = new LinkedHashSet<>();
        for (Enum<?> e : values) {
            out.add(e instanceof Usage u ? u.id : ((KeyUsage) e).id);
        }
        return String.join(", ", out);
    }
}
