package dev.nvsgen.crypto.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * SoftHSM2 tokens for tests (Debian package {@code softhsm2}). The JVM must run with {@code SOFTHSM2_CONF}
 * naming a file under {@code target/} (the build's surefire configuration sets it): SoftHSM reads it from
 * the process environment when the library is first initialised, so every token is made here, once,
 * before any test touches the library, by {@code softhsm2-util} child processes given the same variable.
 *
 * <p>Tokens: {@code nvsgen-ec} holds an EC P-256 CA key, {@code nvsgen-rsa} an RSA-2048 one, each imported
 * as label {@code ca-key} (ids 01 and 02), sensitive and not extractable, with no certificate object
 * beside it; the key files are deleted after the import; {@code nvsgen-pin} holds the EC key again, for
 * wrong-PIN tests. PIN {@value #PIN}.
 */
public final class SoftHsm {
    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    public static final String PIN = "4711-test";
    public static final String EC_TOKEN = "nvsgen-ec";
    public static final String RSA_TOKEN = "nvsgen-rsa";
    /**
     * Holds the EC CA's key too, for tests of a refused PIN: PKCS#11 keeps a token logged in for the
     * whole process once one login succeeded, so no test may log in to this one with the right PIN.
     */
    public static final String WRONG_PIN_TOKEN = "nvsgen-pin";
    /** Holds an EC P-256 key generated in the token (never extractable), when OpenSC's pkcs11-tool is installed. */
    public static final String GENERATED_TOKEN = "nvsgen-gen";
    /**
     * Holds the EC CA's key with its certificate object beside it (same CKA_ID), as SunPKCS11's KeyStore
     * wants it, when pkcs11-tool is installed.
     */
    public static final String WITH_CERTIFICATE_TOKEN = "nvsgen-cert";

    private static SoftHsm instance;
    private static String failure;

    /** The CA whose key is in {@code nvsgen-ec} (its private key is also kept here, for negative tests). */
    public final TestCa ecCa;

    public final TestCa rsaCa;
    public final Path conf;

    private final Path generatedPublicKey;

    private SoftHsm(TestCa ecCa, TestCa rsaCa, Path conf, Path generatedPublicKey) {
        this.ecCa = ecCa;
        this.rsaCa = rsaCa;
        this.conf = conf;
        this.generatedPublicKey = generatedPublicKey;
    }

    /** The public key of the key generated in {@link #GENERATED_TOKEN}, or empty without pkcs11-tool (package opensc). */
    public Optional<java.security.PublicKey> generatedPublicKey() {
        if (generatedPublicKey == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.security.KeyFactory.getInstance("EC")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(Files.readAllBytes(generatedPublicKey))));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the generated key's public half", e);
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Why SoftHSM tests cannot run here, for the skip message; empty when they can. */
    public static synchronized Optional<String> unavailable() {
        if (!Files.exists(LIBRARY)) {
            return Optional.of("SoftHSM2 is not installed (" + LIBRARY + " missing): apt-get install softhsm2");
        }
        if (System.getenv("SOFTHSM2_CONF") == null) {
            return Optional.of("SOFTHSM2_CONF is not set for this JVM (the build's surefire configuration sets it;"
                    + " package softhsm2)");
        }
        if (instance == null && failure == null) {
            try {
                instance = create(Path.of(System.getenv("SOFTHSM2_CONF")));
            } catch (IOException | RuntimeException e) {
                failure = "cannot set up SoftHSM2 tokens (package softhsm2): " + e.getMessage();
            }
        }
        return Optional.ofNullable(failure);
    }

    /** The tokens, made on first use. Call {@link #unavailable()} first (and skip) where SoftHSM may be absent. */
    public static synchronized SoftHsm get() {
        unavailable().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        return instance;
    }

    /** The environment a child process (softhsm2-util, pkcs11-tool, another JVM) needs to see these tokens. */
    public Map<String, String> environment() {
        return Map.of("SOFTHSM2_CONF", conf.toString());
    }

    private static SoftHsm create(Path conf) throws IOException {
        Path dir = conf.toAbsolutePath().getParent();
        Path tokens = dir.resolve("tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> walk = Files.walk(tokens)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(
                conf,
                "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n",
                StandardCharsets.UTF_8);
        TestCa ec = TestCa.builder("nvsgen SoftHSM EC CA").algorithm("EC").build();
        TestCa rsa = TestCa.builder("nvsgen SoftHSM RSA CA").algorithm("RSA").build();
        makeToken(conf, EC_TOKEN, ec, "01");
        makeToken(conf, RSA_TOKEN, rsa, "02");
        makeToken(conf, WRONG_PIN_TOKEN, ec, "01");
        Path generatedPublicKey = null;
        if (onPath("pkcs11-tool")) {
            run(
                    conf,
                    "softhsm2-util",
                    "--init-token",
                    "--free",
                    "--label",
                    GENERATED_TOKEN,
                    "--pin",
                    PIN,
                    "--so-pin",
                    "0000-so");
            String[] p11 = {
                "pkcs11-tool", "--module", LIBRARY.toString(), "--token-label", GENERATED_TOKEN, "--login", "--pin", PIN
            };
            run(
                    conf,
                    concat(
                            p11,
                            "--keypairgen",
                            "--key-type",
                            "EC:prime256v1",
                            "--label",
                            "ca-key",
                            "--id",
                            "03",
                            "--sensitive"));
            generatedPublicKey = dir.resolve("generated-public.der");
            run(
                    conf,
                    concat(
                            p11,
                            "--read-object",
                            "--type",
                            "pubkey",
                            "--label",
                            "ca-key",
                            "--output-file",
                            generatedPublicKey.toString()));
            makeToken(conf, WITH_CERTIFICATE_TOKEN, ec, "01");
            Path cert = dir.resolve("ec-ca.der");
            Files.write(cert, ec.certificateDer());
            run(
                    conf,
                    "pkcs11-tool",
                    "--module",
                    LIBRARY.toString(),
                    "--token-label",
                    WITH_CERTIFICATE_TOKEN,
                    "--login",
                    "--pin",
                    PIN,
                    "--write-object",
                    cert.toString(),
                    "--type",
                    "cert",
                    "--id",
                    "01",
                    "--label",
                    "ca-cert");
        }
        return new SoftHsm(ec, rsa, conf, generatedPublicKey);
    }

    private static void makeToken(Path conf, String label, TestCa ca, String id) throws IOException {
        run(conf, "softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN, "--so-pin", "0000-so");
        Path key = Files.createTempFile(
                conf.getParent(),
                "import",
                ".pem",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(key, ca.keyPem());
            run(
                    conf,
                    "softhsm2-util",
                    "--import",
                    key.toString(),
                    "--token",
                    label,
                    "--label",
                    "ca-key",
                    "--id",
                    id,
                    "--pin",
                    PIN);
        } finally {
            Files.deleteIfExists(key);
        }
    }

    private static void run(Path conf, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SOFTHSM2_CONF", conf.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command[0] + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command).replace(PIN, "***") + " failed: " + out.strip());
        }
    }
}
