package dev.nvsgen.provisioning.model;

import dev.nvsgen.crypto.credentials.CertificateProfile;
import dev.nvsgen.crypto.credentials.KeyAlgorithm;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How each device's certificate is issued: a fresh key pair of {@code keyType}, or the device's own
 * request ({@code csr}, a path template, relative to the model's folder; {@code keyType} is then null);
 * its subject and alternative names (templates); when it is valid; what it may be used for.
 *
 * @param start when certificates start to be valid
 * @param end when they stop
 * @param keyUsages exactly these key usages, or null for the key type's default
 * @param extendedKeyUsages OIDs, in order
 * @param origin where the policy was given, named by errors about the whole profile
 */
public record IssuancePolicy(
        KeyAlgorithm keyType,
        Template csr,
        Subject subject,
        List<Template> subjectAltNames,
        Start start,
        End end,
        Set<CertificateProfile.KeyUsage> keyUsages,
        List<String> extendedKeyUsages,
        Origin origin) {

    public IssuancePolicy {
        if ((keyType == null) == (csr == null)) {
            throw new IllegalArgumentException("a policy makes a key pair (keyType) or signs a CSR, one of them");
        }
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        subjectAltNames = List.copyOf(subjectAltNames);
        keyUsages = keyUsages == null ? null : Set.copyOf(keyUsages);
        extendedKeyUsages = List.copyOf(extendedKeyUsages);
    }

    /** Client authentication, valid from the run's start until the CA expires; {@code CN=${serial}}. */
    public static IssuancePolicy defaults(KeyAlgorithm keyType, Template csr, Origin origin) {
        return new IssuancePolicy(
                keyType,
                csr,
                Subject.parse("CN=${serial}", origin),
                List.of(),
                new Start.Now(),
                new End.WithTheCa(),
                null,
                List.of(CertificateProfile.Usage.CLIENT_AUTH.oid()),
                origin);
    }

    /** Whether devices send certificate requests (and keep their keys). */
    public boolean csrMode() {
        return csr != null;
    }

    /** When certificates start to be valid. */
    public sealed interface Start {
        /** When the run starts. */
        record Now() implements Start {}

        /** {@code back} before the run starts (a backdated start, for clocks a little behind). */
        record Before(Duration back) implements Start {
            public Before {
                if (back.isNegative()) {
                    throw new IllegalArgumentException("notBefore goes back from now; " + back + " goes forward");
                }
            }
        }

        /** At a fixed time. */
        record At(Instant instant) implements Start {
            public At {
                Objects.requireNonNull(instant, "instant");
            }
        }

        /** The instant this start means for a run starting {@code now}. */
        default Instant resolve(Instant now) {
            if (this instanceof At a) {
                return a.instant();
            }
            Duration back = this instanceof Before b ? b.back() : Duration.ZERO;
            return now.minus(back).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        }
    }

    /** When certificates stop being valid. */
    public sealed interface End {
        /** When the CA certificate does. */
        record WithTheCa() implements End {}

        /** A validity period after their start. */
        record After(Duration validity) implements End {
            public After {
                if (validity.isNegative() || validity.isZero()) {
                    throw new IllegalArgumentException("a validity must be positive, was " + validity);
                }
            }
        }

        /** At a fixed time. */
        record At(Instant instant) implements End {
            public At {
                Objects.requireNonNull(instant, "instant");
            }
        }
    }
}
