package dev.nvsgen.securecert;

import static dev.nvsgen.securecert.SecureCertFinding.error;
import static dev.nvsgen.securecert.SecureCertFinding.warning;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.credentials.CredentialReader;
import dev.nvsgen.crypto.flash.Chip;
import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.NvsException;
import dev.nvsgen.securecert.SecureCertFinding.Kind;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks an esp_secure_cert TLV partition beyond its structure: that certificate and key TLVs parse as mbedTLS
 * will parse them (PEM with its NUL), that the private key belongs to the device certificate, that the device
 * certificate is signed by a CA certificate in the partition, and that DS data is consistent (with the HMAC key,
 * that it decrypts to the certificate's modulus). Never prints or returns key bytes.
 */
public final class SecureCertVerifier {
    private SecureCertVerifier() {}

    /** The structural findings of {@code image} and the certificate, key and DS checks, by offset. */
    public static List<SecureCertFinding> verify(TlvImage image) {
        return verify(image, Optional.empty());
    }

    /**
     * As {@link #verify(TlvImage)}; with {@code hmacKey} (the eFuse key of the DS peripheral) the DS ciphertext is
     * decrypted and checked too.
     */
    public static List<SecureCertFinding> verify(TlvImage image, Optional<HmacKey> hmacKey) {
        List<SecureCertFinding> out = new ArrayList<>(image.findings());
        List<Parsed<X509Certificate>> cas = new ArrayList<>();
        Parsed<X509Certificate> dev = null;
        Parsed<PrivateKey> key = null;
        for (LocatedTlv t : image.tlvs()) {
            if (!t.crcOk()) {
                continue; // already reported; the device does not read it
            }
            switch (t.entry().type()) {
                case CA_CERT, DEV_CERT -> {
                    X509Certificate c = certificate(t, out);
                    if (c != null && t.entry().type() == TlvType.CA_CERT) {
                        cas.add(new Parsed<>(t, c));
                    } else if (c != null && t.entry().subtype() == TlvSubtype.SUBTYPE_0 && dev == null) {
                        dev = new Parsed<>(t, c);
                    }
                }
                case PRIV_KEY -> {
                    PrivateKey k = privateKey(t, out);
                    if (k != null && t.entry().subtype() == TlvSubtype.SUBTYPE_0 && key == null) {
                        key = new Parsed<>(t, k);
                    }
                }
                default -> {}
            }
        }
        if (dev != null && key != null && !matches(key.value, dev.value.getPublicKey())) {
            out.add(error(
                    Kind.KEY_MISMATCH,
                    key.tlv.offset(),
                    String.format(
                            "the private key at offset 0x%x does not belong to the device certificate at offset 0x%x"
                                    + " (subject %s): TLS handshakes would fail",
                            key.tlv.offset(),
                            dev.tlv.offset(),
                            dev.value.getSubjectX500Principal().getName())));
        }
        if (dev != null && !cas.isEmpty() && !chains(dev.value, cas)) {
            out.add(error(
                    Kind.CHAIN,
                    dev.tlv.offset(),
                    String.format(
                            "the device certificate at offset 0x%x (issuer %s) is not signed by the CA certificate%s in"
                                    + " the partition (%s)",
                            dev.tlv.offset(),
                            dev.value.getIssuerX500Principal().getName(),
                            cas.size() == 1 ? "" : "s",
                            subjects(cas))));
        }
        checkPeripherals(image, dev, hmacKey, out);
        return out;
    }

    private record Parsed<T>(LocatedTlv tlv, T value) {}

    private static X509Certificate certificate(LocatedTlv t, List<SecureCertFinding> out) {
        byte[] data = t.entry().data().toByteArray();
        if (!pemChecked(t, data, out)) {
            return null;
        }
        try {
            return CredentialReader.certificates(withoutNul(data), name(t)).get(0);
        } catch (NvsException e) {
            out.add(error(Kind.UNREADABLE, t.offset(), e.getMessage()));
            return null;
        }
    }

    private static PrivateKey privateKey(LocatedTlv t, List<SecureCertFinding> out) {
        byte[] data = t.entry().data().toByteArray();
        try {
            if (data.length == 0) {
                return null; // a peripheral key's placeholder: the key is in eFuse
            }
            if (!pemChecked(t, data, out)) {
                return null;
            }
            return PrivateKeyFile.read(withoutNul(data), name(t), null).exportPrivateKey();
        } catch (NvsException e) {
            // The message names the TLV only: parsers never echo key material.
            out.add(error(
                    Kind.UNREADABLE,
                    t.offset(),
                    name(t) + ": the private key does not parse"
                            + (e.getMessage().contains("encrypted")
                                    ? " (it is encrypted; mbedTLS needs it in the clear)"
                                    : "")));
            return null;
        } finally {
            java.util.Arrays.fill(data, (byte) 0);
        }
    }

    /** False (with a finding) for PEM without its trailing NUL, which mbedTLS would try as DER and fail. */
    private static boolean pemChecked(LocatedTlv t, byte[] data, List<SecureCertFinding> out) {
        if (startsWithPem(data) && data[data.length - 1] != 0) {
            out.add(error(
                    Kind.PEM_WITHOUT_NUL,
                    t.offset(),
                    name(t) + ": PEM stored without its trailing NUL;"
                            + " mbedTLS parses a buffer as PEM only when its last byte is NUL"));
            return false;
        }
        return true;
    }

    static boolean startsWithPem(byte[] data) {
        byte[] begin = "-----BEGIN".getBytes(StandardCharsets.US_ASCII);
        if (data.length < begin.length) {
            return false;
        }
        for (int i = 0; i < begin.length; i++) {
            if (data[i] != begin[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] withoutNul(byte[] data) {
        return data.length > 0 && data[data.length - 1] == 0 ? java.util.Arrays.copyOf(data, data.length - 1) : data;
    }

    private static String name(LocatedTlv t) {
        return String.format(
                "%s TLV (subtype %d) at offset 0x%x",
                t.entry().type(), t.entry().subtype().code(), t.offset());
    }

    /** True if {@code key} signs what {@code publicKey} verifies: one test for RSA and EC alike. */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (key instanceof RSAKey rk
                && publicKey instanceof RSAKey pk
                && !rk.getModulus().equals(pk.getModulus())) {
            return false;
        }
        String alg = key instanceof RSAKey ? "SHA256withRSA" : key instanceof ECKey ? "SHA256withECDSA" : null;
        if (alg == null) {
            return false;
        }
        byte[] probe = "nvsgen: does this key belong to this certificate?".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(publicKey);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean chains(X509Certificate dev, List<Parsed<X509Certificate>> cas) {
        for (Parsed<X509Certificate> ca : cas) {
            if (!dev.getIssuerX500Principal().equals(ca.value.getSubjectX500Principal())) {
                continue;
            }
            try {
                dev.verify(ca.value.getPublicKey());
                return true;
            } catch (GeneralSecurityException e) {
                // not this one
            }
        }
        return false;
    }

    private static String subjects(List<Parsed<X509Certificate>> cas) {
        StringBuilder s = new StringBuilder();
        for (Parsed<X509Certificate> ca : cas) {
            s.append(s.length() == 0 ? "" : "; ")
                    .append(ca.value.getSubjectX500Principal().getName());
        }
        return s.toString();
    }

    private static void checkPeripherals(
            TlvImage image, Parsed<X509Certificate> dev, Optional<HmacKey> hmacKey, List<SecureCertFinding> out) {
        Optional<LocatedTlv> data = image.find(TlvType.DS_DATA, TlvSubtype.SUBTYPE_0);
        Optional<LocatedTlv> ctx = image.find(TlvType.DS_CONTEXT, TlvSubtype.SUBTYPE_0);
        if (data.isPresent() != ctx.isPresent()) {
            LocatedTlv present = data.orElseGet(ctx::get);
            out.add(error(
                    Kind.INCOMPLETE,
                    present.offset(),
                    String.format(
                            "%s at offset 0x%x without %s: the DS peripheral needs both",
                            present.entry().type(), present.offset(), data.isPresent() ? "DS_CONTEXT" : "DS_DATA")));
        }
        if (data.isPresent() && ctx.isPresent()) {
            checkDs(data.get(), ctx.get(), dev, hmacKey, out);
        }
        Optional<LocatedTlv> secCfg = image.find(TlvType.SEC_CFG, TlvSubtype.SUBTYPE_0);
        Optional<LocatedTlv> key = image.find(TlvType.PRIV_KEY, TlvSubtype.SUBTYPE_0);
        boolean peripheralKey = key.isPresent() && key.get().entry().flags() == TlvFlags.ECDSA_PERIPHERAL;
        if (peripheralKey && secCfg.isEmpty()) {
            out.add(error(
                    Kind.INCOMPLETE,
                    key.get().offset(),
                    String.format(
                            "the private key at offset 0x%x is flagged for the ECDSA peripheral but there is no SEC_CFG TLV"
                                    + " naming its eFuse block",
                            key.get().offset())));
        }
        if (secCfg.isPresent() && !peripheralKey) {
            out.add(warning(
                    Kind.INCOMPLETE,
                    secCfg.get().offset(),
                    String.format(
                            "SEC_CFG at offset 0x%x names an eFuse key block, but no private key is flagged for the ECDSA"
                                    + " peripheral (flags 0x08)",
                            secCfg.get().offset())));
        }
    }

    private static void checkDs(
            LocatedTlv dataTlv,
            LocatedTlv ctxTlv,
            Parsed<X509Certificate> dev,
            Optional<HmacKey> hmacKey,
            List<SecureCertFinding> out) {
        DsData data;
        DsContext ctx;
        try {
            data = DsData.parse(dataTlv.entry().data(), dataTlv.offset());
            ctx = DsContext.parse(ctxTlv.entry().data(), ctxTlv.offset());
        } catch (SecureCertFormatException e) {
            out.add(error(Kind.DS_DATA, e.offset(), e.getMessage()));
            return;
        }
        if (data.rsaBits() != ctx.rsaBits()) {
            out.add(error(
                    Kind.DS_DATA,
                    ctxTlv.offset(),
                    String.format(
                            "DS_CONTEXT at offset 0x%x says RSA-%d but DS_DATA at offset 0x%x holds RSA-%d",
                            ctxTlv.offset(), ctx.rsaBits(), dataTlv.offset(), data.rsaBits())));
        }
        Chip chip = chipFor(data.ciphertext().length());
        if (chip == null) {
            out.add(error(
                    Kind.DS_DATA,
                    dataTlv.offset(),
                    String.format(
                            "DS_DATA at offset 0x%x: C is %d bytes; the DS peripheral takes 1200 (3072-bit chips) or 1584"
                                    + " (4096-bit chips)",
                            dataTlv.offset(), data.ciphertext().length())));
            return;
        }
        BigInteger modulus = null;
        if (dev != null) {
            PublicKey pub = dev.value.getPublicKey();
            if (!(pub instanceof RSAPublicKey rsa)) {
                out.add(error(
                        Kind.KEY_MISMATCH,
                        dataTlv.offset(),
                        String.format(
                                "DS_DATA at offset 0x%x holds an RSA key but the device certificate's key is %s",
                                dataTlv.offset(), describeKey(pub))));
                return;
            }
            modulus = rsa.getModulus();
            if (modulus.bitLength() != data.rsaBits()) {
                out.add(error(
                        Kind.KEY_MISMATCH,
                        dataTlv.offset(),
                        String.format(
                                "DS_DATA at offset 0x%x holds an RSA-%d key but the device certificate's key is RSA-%d",
                                dataTlv.offset(), data.rsaBits(), modulus.bitLength())));
            }
        }
        if (hmacKey.isPresent()) {
            for (String problem : data.check(hmacKey.get(), chip, modulus)) {
                out.add(error(
                        Kind.DS_DATA,
                        dataTlv.offset(),
                        String.format("DS_DATA at offset 0x%x: %s", dataTlv.offset(), problem)));
            }
        }
    }

    /** A chip whose DS ciphertext is {@code cLength} bytes (all chips of one maximum size compute alike). */
    static Chip chipFor(int cLength) {
        if (cLength == Chip.ESP32S3.dsCiphertextLength()) {
            return Chip.ESP32S3;
        }
        if (cLength == Chip.ESP32C3.dsCiphertextLength()) {
            return Chip.ESP32C3;
        }
        return null;
    }

    /** "RSA-2048" or "EC P-256 (secp256r1)". */
    static String describeKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "RSA-" + rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return "EC-" + ec.getParams().getOrder().bitLength();
        }
        return key.getAlgorithm();
    }

    /**
     * One line on what a TLV holds, for {@code dump}: certificates summarised, keys by algorithm and encoding
     * only, DS data by size; never key bytes.
     */
    public static String describe(LocatedTlv t) {
        TlvEntry e = t.entry();
        byte[] data = e.data().toByteArray();
        try {
            switch (e.type()) {
                case CA_CERT, DEV_CERT -> {
                    X509Certificate c = CredentialReader.certificates(withoutNul(data), name(t))
                            .get(0);
                    return (startsWithPem(data) ? "PEM" : "DER") + " certificate: " + CertificateSummary.of(c);
                }
                case PRIV_KEY -> {
                    if (data.length == 0) {
                        return "no key bytes (the key is in eFuse)";
                    }
                    PrivateKeyFile k = PrivateKeyFile.read(withoutNul(data), name(t), null);
                    return (k.isPem() ? "PEM" : "DER") + " " + k.algorithm() + "-" + k.bits()
                            + " private key (contents not shown)";
                }
                case DS_DATA -> {
                    DsData d = DsData.parse(e.data(), t.offset());
                    return "DS data for RSA-" + d.rsaBits() + ", IV " + d.iv().hex() + ", C "
                            + d.ciphertext().length() + " bytes";
                }
                case DS_CONTEXT -> {
                    DsContext c = DsContext.parse(e.data(), t.offset());
                    return "DS context: HMAC key in BLOCK_KEY" + c.efuseKeyId() + ", RSA-" + c.rsaBits();
                }
                case SEC_CFG -> {
                    return "security configuration: private key in eFuse block "
                            + (data.length > 0 ? data[0] & 0xFF : -1);
                }
                case INTEGRITY -> {
                    return "SHA-256 " + Bytes.of(data).hex();
                }
                default -> {
                    return e.type().isUserData() ? "user data, " + data.length + " bytes" : data.length + " bytes";
                }
            }
        } catch (NvsException ex) {
            return "unreadable (" + (e.type() == TlvType.PRIV_KEY ? "the key does not parse" : ex.getMessage()) + ")";
        } finally {
            java.util.Arrays.fill(data, (byte) 0);
        }
    }
}
