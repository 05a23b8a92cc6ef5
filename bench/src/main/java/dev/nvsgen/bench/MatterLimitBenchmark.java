package dev.nvsgen.bench;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
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
 * The machine's limit for Matter factory data with generated DACs: per operation the work a device needs
 * and nothing else, on Bouncy Castle's P-256 (as nvsgen issues): a fresh P-256 key pair, one DAC-sized
 * SHA256withECDSA signature by the PAI key, and the SPAKE2+ PBKDF2-HMAC-SHA256 (10,000 iterations, 80
 * bytes, as esp-matter-mfg-tool's default). {@code nvsgen matter-mfg} on N devices is judged against it:
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar MatterLimit -t max     # all cores; ops/s = devices/s at best
 * </pre>
 *
 * {@code device} uses the fastest PBKDF2 there is on the JVM (HMAC with its keyed inner and outer SHA-256
 * states cloned per iteration: two compressions an iteration); {@code deviceJdkPbkdf2} the JDK's
 * {@code PBKDF2WithHmacSHA256}, for comparison; {@code pbkdf2Only} the derivation alone.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class MatterLimitBenchmark {
    private static final int ITERATIONS = 10_000;

    @State(Scope.Thread)
    public static class Worker {
        static final org.bouncycastle.crypto.params.ECDomainParameters DOMAIN =
                new org.bouncycastle.crypto.params.ECDomainParameters(
                        org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("secp256r1"));
        org.bouncycastle.crypto.generators.ECKeyPairGenerator generator;
        org.bouncycastle.crypto.params.ParametersWithRandom caKey;
        SecureRandom random;
        final byte[] tbs = new byte[330];
        final byte[] salt = new byte[32];
        int passcode = 20202021;
        SecretKeyFactory jdk;

        @Setup
        public void setUp() throws GeneralSecurityException {
            random = SecureRandom.getInstance("DRBG");
            generator = new org.bouncycastle.crypto.generators.ECKeyPairGenerator();
            generator.init(new org.bouncycastle.crypto.params.ECKeyGenerationParameters(DOMAIN, random));
            caKey = new org.bouncycastle.crypto.params.ParametersWithRandom(
                    generator.generateKeyPair().getPrivate(), random);
            random.nextBytes(tbs);
            random.nextBytes(salt);
            jdk = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        }
    }

    @Benchmark
    public Object device(Worker w) throws Exception {
        Object key = w.generator.generateKeyPair();
        BigInteger[] sig = sign(w);
        byte[] ws = pbkdf2(
                new byte[] {
                    (byte) w.passcode, (byte) (w.passcode >> 8), (byte) (w.passcode >> 16), (byte) (w.passcode >> 24)
                },
                w.salt,
                ITERATIONS,
                80);
        w.passcode++;
        return new Object[] {key, sig, ws};
    }

    @Benchmark
    public Object deviceJdkPbkdf2(Worker w) throws Exception {
        Object key = w.generator.generateKeyPair();
        BigInteger[] sig = sign(w);
        byte[] ws = w.jdk.generateSecret(
                        new PBEKeySpec(Integer.toString(w.passcode++).toCharArray(), w.salt, ITERATIONS, 640))
                .getEncoded();
        return new Object[] {key, sig, ws};
    }

    @Benchmark
    public Object pbkdf2Only(Worker w) throws Exception {
        return pbkdf2(new byte[] {(byte) w.passcode++, 0, 0, 0}, w.salt, ITERATIONS, 80);
    }

    private static BigInteger[] sign(Worker w) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        org.bouncycastle.crypto.signers.ECDSASigner s = new org.bouncycastle.crypto.signers.ECDSASigner();
        s.init(true, w.caKey);
        return s.generateSignature(sha.digest(w.tbs));
    }

    /** PBKDF2-HMAC-SHA256 with the keyed digests cloned per iteration (RFC 8018 5.2). */
    static byte[] pbkdf2(byte[] password, byte[] salt, int iterations, int length) throws Exception {
        MessageDigest inner = MessageDigest.getInstance("SHA-256");
        MessageDigest outer = MessageDigest.getInstance("SHA-256");
        byte[] ipad = new byte[64];
        byte[] opad = new byte[64];
        for (int i = 0; i < 64; i++) {
            byte k = i < password.length ? password[i] : 0;
            ipad[i] = (byte) (k ^ 0x36);
            opad[i] = (byte) (k ^ 0x5c);
        }
        inner.update(ipad);
        outer.update(opad);
        byte[] out = new byte[length];
        byte[] u = new byte[32];
        byte[] t = new byte[32];
        for (int block = 1, pos = 0; pos < length; block++) {
            MessageDigest in = (MessageDigest) inner.clone();
            in.update(salt);
            in.update(new byte[] {0, 0, 0, (byte) block});
            in.digest(u, 0, 32);
            MessageDigest ou = (MessageDigest) outer.clone();
            ou.update(u);
            ou.digest(u, 0, 32);
            System.arraycopy(u, 0, t, 0, 32);
            for (int i = 1; i < iterations; i++) {
                in = (MessageDigest) inner.clone();
                in.update(u);
                in.digest(u, 0, 32);
                ou = (MessageDigest) outer.clone();
                ou.update(u);
                ou.digest(u, 0, 32);
                for (int k = 0; k < 32; k++) {
                    t[k] ^= u[k];
                }
            }
            int n = Math.min(32, length - pos);
            System.arraycopy(t, 0, out, pos, n);
            pos += n;
        }
        return out;
    }
}
