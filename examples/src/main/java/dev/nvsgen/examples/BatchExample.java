package dev.nvsgen.examples;

import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.provisioning.Devices;
import dev.nvsgen.provisioning.Provisioner;
import dev.nvsgen.provisioning.RunSummary;
import dev.nvsgen.provisioning.model.Credential;
import java.io.IOException;
import java.nio.file.Path;

/**
 * README's batch ({@code nvsgen batch testdata/batch/manifest.yaml}) through the provisioning API: the
 * same layout, CA, devices and output folder, no manifest.
 */
public final class BatchExample {
    private BatchExample() {}

    /** Provisions the devices of {@code batch/devices.csv} into {@code outDir}; {@code batch} is testdata/batch. */
    public static RunSummary run(Path batch, Path outDir) throws IOException {
        // Or CertificateAuthority.of(chain, key, now) with a KeyStore's key, or fromPkcs11 with a token's.
        CertificateAuthority ca =
                CertificateAuthority.fromFiles(batch.resolve("ca/ca.pem"), batch.resolve("ca/ca.key"), null);
        Provisioner provisioner = Provisioner.builder()
                .partitionSize(PartitionSize.parse("0x6000"))
                .value("factory", "serial", "string", "${serial}")
                .value("factory", "hw_rev", "u8", "${hw_rev}")
                .value("factory", "mac", "hex2bin", "${mac}")
                .file(
                        "factory",
                        "cloud",
                        "string",
                        batch.resolve("files/cloud.json").toString())
                .credential("certs", "device_cert", Credential.CERTIFICATE, Credential.Format.DER)
                .credential("certs", "device_key", Credential.PRIVATE_KEY, Credential.Format.DER)
                .credential("certs", "ca_cert", Credential.CA_CERTIFICATE, Credential.Format.PEM)
                .authority(ca)
                .subject("CN=${serial},OU=${region},O=nvsgen example")
                .build();
        return provisioner.writeAll(Devices.csv(batch.resolve("devices.csv")), outDir);
    }

    /** {@code BatchExample TESTDATA_BATCH_DIR OUTDIR} */
    public static void main(String[] args) throws IOException {
        RunSummary s = run(Path.of(args[0]), Path.of(args[1]));
        System.out.println("Made " + s.made() + " device images; run record " + s.recordCsv());
    }
}
