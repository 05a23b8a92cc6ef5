package dev.nvsgen.bench;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
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
 * The ECDSA limit of the JVM it runs on: the two public-key operations issuing a device costs and nothing
 * else, with the JDK's own provider. Per operation: generate an EC P-256 key pair and sign one
 * certificate-sized message (SHA256withECDSA) with the CA's key. Whole-run issuance ({@code nvsgen batch},
 * {@code bench/batch-throughput.sh}) is judged against this on the same cores:
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar EcdsaLimit -t max     # all cores; ops/s = devices/s at best
 * </pre>
 *
 * Each thread has its own generator, signature and random source (as each of nvsgen's workers has), so
 * the threads share nothing.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class EcdsaLimitBenchmark {
    /** One thread's tools: the CA key stays the same, as it does in a batch. */
    @State(Scope.Thread)
    public static class Worker {
        KeyPairGenerator generator;
        Signature signer;
        PrivateKey caKey;
        /** About the size of a device certificate's to-be-signed part (subject, key, five extensions). */
        final byte[] tbs = new byte[330];

        @Setup
        public void setUp() throws GeneralSecurityException {
            SecureRandom random = SecureRandom.getInstance("DRBG");
            generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            caKey = generator.generateKeyPair().getPrivate();
            signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(caKey, random);
            random.nextBytes(tbs);
        }
    }

    /** One device's worth of public-key work: its key pair, and the CA's signature on its certificate. */
    @Benchmark
    public byte[] keyPairAndSignature(Worker w) throws GeneralSecurityException {
        KeyPair device = w.generator.generateKeyPair();
        w.tbs[0] ^= device.getPublic().getEncoded()[40]; // a different message each time, tied to the key
        w.signer.update(w.tbs);
        return w.signer.sign();
    }

    /** Signing alone: what a CSR-mode device costs the CA at best (its key comes with the request). */
    @Benchmark
    public byte[] signatureOnly(Worker w) throws GeneralSecurityException {
        w.tbs[1]++;
        w.signer.update(w.tbs);
        return w.signer.sign();
    }
}
