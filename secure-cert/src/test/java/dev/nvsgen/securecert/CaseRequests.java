package dev.nvsgen.securecert;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.flash.Chip;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Builds the request a shared case's configure_esp_secure_cert command line describes, option by option as the
 * tool reads them (an independent mapping from the CLI's, so that both are checked against the cases).
 */
final class CaseRequests {
    private CaseRequests() {}

    static SecureCertRequest fromCommand(String command, Path dir) {
        String[] a = command.replaceFirst("^PIN_URANDOM_HEX=\\S+ ", "").split(" ");
        String ca = null, dev = null, key = null, chip = "esp32c3", type = "cust_flash_tlv", csv = null;
        String efuseFile = null, algo = null;
        int bits = 0, efuseId = -1;
        boolean ds = false;
        for (int i = 1; i < a.length; i++) {
            switch (a[i]) {
                case "--ca-cert" -> ca = a[++i];
                case "--device-cert" -> dev = a[++i];
                case "--private-key" -> key = a[++i];
                case "--target_chip" -> chip = a[++i];
                case "--secure_cert_type" -> type = a[++i];
                case "--esp_secure_cert_csv" -> csv = a[++i];
                case "--configure_ds" -> ds = true;
                case "--priv_key_algo" -> {
                    algo = a[++i];
                    bits = Integer.parseInt(a[++i]);
                }
                case "--efuse_key_id" -> efuseId = Integer.parseInt(a[++i]);
                case "--efuse_key_file" -> efuseFile = a[++i];
                case "--skip_flash" -> {}
                default -> throw new AssertionError("option " + a[i] + " not known to this test");
            }
        }
        SecureCertRequest.Builder b = SecureCertRequest.builder(SecureCertLayout.of(type), Chip.of(chip));
        if (ca != null) {
            b.add(new SecureCertItem.Certificate(
                    TlvType.CA_CERT,
                    TlvSubtype.SUBTYPE_0,
                    CertificateFile.read(SecureCertCsv.readFile(dir.resolve(ca)), ca)));
        }
        if (dev != null) {
            b.add(new SecureCertItem.Certificate(
                    TlvType.DEV_CERT,
                    TlvSubtype.SUBTYPE_0,
                    CertificateFile.read(SecureCertCsv.readFile(dir.resolve(dev)), dev)));
        }
        if (key != null) {
            KeyProtection p = !ds
                    ? KeyProtection.PLAINTEXT
                    : algo.equals("RSA") ? KeyProtection.RSA_DS : KeyProtection.ECDSA_PERIPHERAL;
            Optional<HmacKey> hmac =
                    efuseFile == null ? Optional.empty() : Optional.of(HmacKey.read(dir.resolve(efuseFile)));
            b.add(SecureCertCsv.keyItem(
                    TlvSubtype.SUBTYPE_0,
                    PrivateKeyFile.read(SecureCertCsv.readFile(dir.resolve(key)), key, null),
                    p,
                    algo == null ? "" : algo,
                    bits,
                    efuseId,
                    hmac));
        }
        if (csv != null) {
            List<SecureCertItem> rows = SecureCertCsv.read(dir.resolve(csv), dir);
            b.addAll(rows);
        }
        return b.build();
    }
}
