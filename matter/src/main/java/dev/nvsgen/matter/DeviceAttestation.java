package dev.nvsgen.matter;

import dev.nvsgen.crypto.credentials.DeviceKey;
import dev.nvsgen.crypto.credentials.P256Keys;
import dev.nvsgen.crypto.credentials.Pem;
import dev.nvsgen.matter.internal.EcKeyDer;
import dev.nvsgen.nvs.Bytes;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A certificate and its P-256 key pair as the factory data stores them: the DER certificate, the
 * private scalar (32 bytes), the public point (65 bytes uncompressed), and the key files
 * esp-matter-mfg-tool writes (SEC1 DER, PKCS#8 PEM). Holds a private key: no {@code equals}, a redacted
 * {@code toString}, and the key's bytes only through the {@code export…} methods.
 */
public final class DeviceAttestation {
    private final Bytes certificate;
    private final BigInteger serial;
    private final DeviceKey key;

    DeviceAttestation(Bytes certificate, BigInteger serial, DeviceKey key) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.serial = serial;
        this.key = Objects.requireNonNull(key, "key");
    }

    /** A certificate given with its key (their match is the caller's to check: {@link AttestationCertificates#checkKeyMatches}). */
    public static DeviceAttestation of(Bytes certificateDer, BigInteger serial, DeviceKey key) {
        return new DeviceAttestation(certificateDer, serial, key);
    }

    public Bytes certificateDer() {
        return certificate;
    }

    public String certificatePem() {
        return Pem.encode(Pem.CERTIFICATE, certificate.toByteArray());
    }

    public BigInteger serialNumber() {
        return serial;
    }

    /** The uncompressed public point (0x04, X, Y). */
    public byte[] publicPoint() {
        return P256Keys.publicPoint(key.publicKey());
    }

    /** The private scalar, 32 bytes big-endian: the factory data's {@code dac-key}. */
    public byte[] exportPrivateScalar() {
        return P256Keys.exportPrivateScalar(key);
    }

    /** SEC1 {@code EC PRIVATE KEY} DER with the curve and the public key (OpenSSL's traditional form). */
    public byte[] exportSec1Der() {
        return EcKeyDer.sec1(exportPrivateScalar(), publicPoint());
    }

    /** PKCS#8 PEM with the public key inside, as OpenSSL writes it. */
    public String exportPkcs8Pem() {
        return Pem.encode(Pem.PRIVATE_KEY, EcKeyDer.pkcs8(exportPrivateScalar(), publicPoint()));
    }

    /** The key pair itself, for a CA made of it (a generated PAI) or a secure-cert partition. */
    public DeviceKey exportKey() {
        return key;
    }

    @Override
    public String toString() {
        return "DeviceAttestation[" + certificate.length() + "-byte certificate, private key redacted]";
    }
}
