package dev.nvsgen.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.crypto.credentials.TokenLostException;
import dev.nvsgen.crypto.testing.TestCa;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.provisioning.model.Credential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CA token lost mid-run (issue 22): one line saying so and that a resume finishes the run, not an
 * "internal error"; the resume, once the token is back, does.
 */
class TokenLostTest {
    private static final TestCa CA = TestCa.root("token test CA");
    /** Signatures the fake token still makes before it is "removed"; negative: it never is. */
    private static final AtomicInteger LEFT = new AtomicInteger(-1);

    @TempDir
    Path tmp;

    /**
     * Signs in software until {@link #LEFT} runs out, then fails as SunPKCS11 does when the token is
     * pulled: a ProviderException around the PKCS11Exception that names CKR_DEVICE_REMOVED.
     */
    private static final class FakeToken extends Provider {
        private static final long serialVersionUID = 1L;

        FakeToken() {
            super("fake-token", "1.0", "a token that can be removed");
            putService(new Service(this, "Signature", "SHA256withECDSA", Spi.class.getName(), null, null) {
                @Override
                public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
                    return new Spi();
                }
            });
        }
    }

    private static final class Spi extends SignatureSpi {
        private final Signature real;

        Spi() throws NoSuchAlgorithmException {
            real = Signature.getInstance("SHA256withECDSA");
        }

        @Override
        protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
            real.initSign(key);
        }

        @Override
        protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
            real.initVerify(key);
        }

        @Override
        protected void engineUpdate(byte b) throws SignatureException {
            real.update(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
            real.update(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            if (LEFT.getAndDecrement() == 0) {
                LEFT.set(0);
                throw new ProviderException("sign failed", new Exception("CKR_DEVICE_REMOVED"));
            }
            return real.sign();
        }

        @Override
        protected boolean engineVerify(byte[] sig) throws SignatureException {
            return real.verify(sig);
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {}

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            return null;
        }
    }

    @Test
    void aTokenLostMidRunSaysSoAndThatAResumeFinishesTheRun() throws Exception {
        LEFT.set(-1);
        CertificateAuthority ca =
                CertificateAuthority.of(List.of(CA.certificate), CA.keys.getPrivate(), new FakeToken(), Instant.now());
        Provisioner p = Provisioner.builder()
                .partitionSize(PartitionSize.parse("0x6000"))
                .value("factory", "serial", "string", "${serial}")
                .credential("certs", "device_cert", Credential.CERTIFICATE, Credential.Format.DER)
                .authority(ca)
                .build();
        List<Device> devices = Devices.range("SN-", 1, 6, 2);
        Path out = tmp.resolve("out");
        // The sample issuance of the check and three devices, then the token is gone.
        LEFT.set(4);
        RunFolderException e = assertThrows(
                RunFolderException.class,
                () -> p.writeAll(devices, out, RunOptions.defaults().withThreads(1)));
        assertEquals(
                "the CA's token was lost while signing (CKR_DEVICE_REMOVED): reconnect it; the certificates issued"
                        + " before stay valid; the devices written before it are kept: RunOptions.withResume()"
                        + " finishes the run",
                e.getMessage());
        assertInstanceOf(TokenLostException.class, e.getCause());
        assertEquals(
                "x; the devices written before it are kept: --resume finishes the run",
                e.message(new RunFolderException.Words("--resume", "--force", "--outdir"))
                        .replaceAll("^.*stay valid", "x"));
        // The token is back: the resume finishes the run.
        LEFT.set(-1);
        RunSummary s =
                p.writeAll(devices, out, RunOptions.defaults().withThreads(1).withResume());
        assertEquals(6, s.devices());
        assertTrue(s.resumed() >= 3, "resumed " + s.resumed());
        assertTrue(Files.exists(out.resolve("bin/SN-06.bin")));
    }
}
