package dev.nvsgen.bench;

import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.crypto.credentials.CertificateProfile;
import dev.nvsgen.crypto.credentials.DeviceKey;
import dev.nvsgen.crypto.credentials.DistinguishedName;
import dev.nvsgen.crypto.credentials.IssuedCertificate;
import dev.nvsgen.crypto.credentials.KeyAlgorithm;
import dev.nvsgen.crypto.credentials.Pem;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-device credential issuance, in process: what {@code nvsgen batch} does for each device before
 * writing files. Devices per second per thread; run with {@code -t N} for N cores
 * ({@code java -jar bench/target/benchmarks.jar Issue -t max}). Needs the bundled test CA, so run it
 * from the project root.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class IssueBenchmark {
    private static final PartitionSize SIZE = PartitionSize.parse("0x3000");

    private CertificateAuthority ca;
    private CertificateProfile profile;
    private String caPem;

    @Setup
    public void setUp() throws IOException {
        Path dir = Path.of("testdata/batch/ca");
        Instant now = Instant.now();
        ca = CertificateAuthority.load(
                Files.readAllBytes(dir.resolve("ca.pem")),
                "ca.pem",
                Files.readAllBytes(dir.resolve("ca.key")),
                "ca.key",
                null,
                now);
        profile = CertificateProfile.clientAuth(now, now.plus(365, ChronoUnit.DAYS));
        caPem = Pem.certificates(ca.chainDer());
    }

    /** The crypto alone: an EC P-256 key pair and a certificate signed by the CA (one keygen, one signature). */
    @Benchmark
    public IssuedCertificate keyAndCertificate() {
        DeviceKey key = KeyAlgorithm.EC_P256.generate();
        return ca.issue(subject(), key.publicKey(), profile);
    }

    /** A whole device: key, certificate, and its esp_secure_cert image (PEM strings in a 0x3000 partition). */
    @Benchmark
    public byte[] deviceImage() {
        DeviceKey key = KeyAlgorithm.EC_P256.generate();
        IssuedCertificate cert = ca.issue(subject(), key.publicKey(), profile);
        return NvsPartition.builder()
                .namespace("esp_secure_cert")
                .put("ca_cert", NvsValue.string(caPem))
                .put("dev_cert", NvsValue.string(cert.pem()))
                .put("priv_key", NvsValue.string(key.exportPkcs8Pem()))
                .build()
                .toImage(SIZE);
    }

    private static DistinguishedName subject() {
        return DistinguishedName.of(List.of(new DistinguishedName.Attribute("CN", "SN-" + System.nanoTime())));
    }
}
