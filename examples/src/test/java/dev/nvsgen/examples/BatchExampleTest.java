package dev.nvsgen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.read.NvsImage;
import dev.nvsgen.nvs.read.NvsReader;
import dev.nvsgen.provisioning.Batch;
import dev.nvsgen.provisioning.RunSummary;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API example makes what README's manifest makes: same devices, same entries, certificates from the same CA. */
class BatchExampleTest {
    static final Path BATCH =
            Path.of(System.getProperty("nvsgen.testdata.dir", "../testdata")).resolve("batch");

    @TempDir
    Path tmp;

    @Test
    void theApiExampleMatchesReadmesManifest() throws Exception {
        RunSummary api = BatchExample.run(BATCH, tmp.resolve("api"));
        Batch.Result manifest = Batch.run(
                new Batch.Request(
                        BATCH.resolve("manifest.yaml"),
                        "manifest.yaml",
                        tmp,
                        "manifest",
                        false,
                        false,
                        false,
                        2,
                        total -> Batch.ProgressDisplay.NONE,
                        name -> null,
                        null,
                        Instant.now()),
                warning -> {});
        assertEquals(((Batch.Result.Ran) manifest).summary().made(), api.made());
        List<String> serials = Files.readAllLines(BATCH.resolve("devices.csv")).stream()
                .skip(1)
                .filter(l -> !l.isBlank())
                .map(l -> l.split(",")[0])
                .toList();
        assertEquals(serials.size(), api.made());
        X509Certificate ca = Pem.certificate(BATCH.resolve("ca/ca.pem"));
        for (String serial : serials) {
            NvsImage fromApi = NvsReader.read(Files.readAllBytes(tmp.resolve("api/bin/" + serial + ".bin")));
            NvsImage fromManifest = NvsReader.read(Files.readAllBytes(tmp.resolve("manifest/bin/" + serial + ".bin")));
            assertTrue(fromApi.isSound(), fromApi.findings().toString());
            Map<String, Object> a = comparable(fromApi);
            Map<String, Object> m = comparable(fromManifest);
            assertEquals(m, a, serial);
            X509Certificate apiCert = certificate(
                    fromApi.get("certs", "device_cert").orElseThrow().asBytes());
            X509Certificate manifestCert = certificate(
                    fromManifest.get("certs", "device_cert").orElseThrow().asBytes());
            assertEquals(manifestCert.getSubjectX500Principal(), apiCert.getSubjectX500Principal());
            assertEquals(
                    manifestCert.getNotAfter().getTime() / 86_400_000L,
                    apiCert.getNotAfter().getTime() / 86_400_000L);
            chainsTo(apiCert, ca);
        }
    }

    /** Every entry but the ones issued per run (certificate, key), which differ from run to run by design. */
    private static Map<String, Object> comparable(NvsImage image) {
        Map<String, Object> out = new TreeMap<>();
        for (NvsEntry e : image.entries()) {
            String name = e.namespace() + "/" + e.key();
            boolean issued = Set.of("certs/device_cert", "certs/device_key").contains(name);
            out.put(name, issued ? e.value().type() : e.value());
        }
        return out;
    }

    static X509Certificate certificate(byte[] der) throws Exception {
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    static void chainsTo(X509Certificate leaf, X509Certificate ca) throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);
    }
}
