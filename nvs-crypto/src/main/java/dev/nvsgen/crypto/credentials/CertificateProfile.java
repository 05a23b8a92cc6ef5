package dev.nvsgen.crypto.credentials;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What every certificate of a run has in common besides its subject and key: validity and extended key
 * usages. Instants are whole seconds, as X.509 stores them.
 */
public record CertificateProfile(Instant notBefore, Instant notAfter, Set<Usage> extendedKeyUsages) {
    /** Extended key usages a device certificate may carry. */
    public enum Usage {
        CLIENT_AUTH("client-auth"),
        SERVER_AUTH("server-auth");

        private final String id;

        Usage(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** The usage {@code id} names ({@code client-auth}, {@code server-auth}). */
        public static Usage of(String id) {
            for (Usage u : values()) {
                if (u.id.equals(id)) {
                    return u;
                }
            }
            throw new IllegalArgumentException(
                    "unknown extended key usage '" + id + "' (expected client-auth or server-auth)");
        }
    }

    public CertificateProfile {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
        notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException(
                    "certificate validity ends (" + notAfter + ") before it begins (" + notBefore + ")");
        }
        extendedKeyUsages = extendedKeyUsages.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(extendedKeyUsages));
    }

    /** A TLS client certificate valid from {@code notBefore} to {@code notAfter}: what devices present to a cloud. */
    public static CertificateProfile clientAuth(Instant notBefore, Instant notAfter) {
        return new CertificateProfile(notBefore, notAfter, Set.of(Usage.CLIENT_AUTH));
    }
}
