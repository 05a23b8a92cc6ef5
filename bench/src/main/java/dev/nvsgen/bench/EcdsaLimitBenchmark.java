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
 * {@code BatchBench} in cli's test classes) is judged against this on the same cores:
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar EcdsaLimit -t max     # all cores; ops/s = devices/s at best
 * </pre>
 *
 * Each thread has its own generator, signature and random source (as each of nvsgen's workers has), so
 * the threads share nothing. The {@code bc…} methods do the same on Bouncy Castle's P-256 arithmetic
 * (its lightweight API), which nvsgen uses for P-256 since it is several times faster than SunEC on JDK 17;
 * both limits are reported in bench/README.md.
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

    /** The same on Bouncy Castle's P-256 (what nvsgen uses for P-256 keys). */
    @State(Scope.Thread)
    public static class BcWorker {
        static final org.bouncycastle.crypto.params.ECDomainParameters DOMAIN =
                new org.bouncycastle.crypto.params.ECDomainParameters(
                        org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("secp256r1"));
        org.bouncycastle.crypto.generators.ECKeyPairGenerator generator;
        org.bouncycastle.crypto.params.ParametersWithRandom caKey;
        SecureRandom random;
        final byte[] tbs = new byte[330];

        @Setup
        public void setUp() throws GeneralSecurityException {
            random = SecureRandom.getInstance("DRBG");
            generator = new org.bouncycastle.crypto.generators.ECKeyPairGenerator();
            generator.init(new org.bouncycastle.crypto.params.ECKeyGenerationParameters(DOMAIN, random));
            caKey = new org.bouncycastle.crypto.params.ParametersWithRandom(
                    generator.generateKeyPair().getPrivate(), random);
            random.nextBytes(tbs);
        }

        java.math.BigInteger[] sign() {
            org.bouncycastle.crypto.digests.SHA256Digest d = new org.bouncycastle.crypto.digests.SHA256Digest();
            d.update(tbs, 0, tbs.length);
            byte[] hash = new byte[32];
            d.doFinal(hash, 0);
            org.bouncycastle.crypto.signers.ECDSASigner s = new org.bouncycastle.crypto.signers.ECDSASigner();
            s.init(true, caKey);
            return s.generateSignature(hash);
        }
    }

    /** One device's worth of public-key work on Bouncy Castle's P-256. */
    @Benchmark
    public java.math.BigInteger[] bcKeyPairAndSignature(BcWorker w) {
        org.bouncycastle.crypto.AsymmetricCipherKeyPair device = w.generator.generateKeyPair();
        w.tbs[0] ^= (byte) ((org.bouncycastle.crypto.params.ECPublicKeyParameters) device.getPublic())
                .getQ()
                .hashCode();
        return w.sign();
    }

    /** Signing alone on Bouncy Castle's P-256. */
    @Benchmark
    public java.math.BigInteger[] bcSignatureOnly(BcWorker w) {
        w.tbs[1]++;
        return w.sign();
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
