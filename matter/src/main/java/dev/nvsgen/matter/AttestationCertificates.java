package dev.nvsgen.matter;

import dev.nvsgen.crypto.credentials.CertificateAuthority;
import dev.nvsgen.crypto.credentials.CertificateProfile;
import dev.nvsgen.crypto.credentials.DeviceKey;
import dev.nvsgen.crypto.credentials.DistinguishedName;
import dev.nvsgen.crypto.credentials.IntermediateCertificates;
import dev.nvsgen.crypto.credentials.IssuedCertificate;
import dev.nvsgen.crypto.credentials.KeyAlgorithm;
import dev.nvsgen.crypto.credentials.P256Keys;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Matter's device attestation certificates (Matter Core Specification 6.2.2): the DAC a PAI issues for
 * each device and the PAI a PAA issues. Subjects carry the Matter attributes {@code
 * 1.3.6.1.4.1.37244.2.1} (vendor ID) and {@code .2.2} (product ID) as UTF8String of 4 upper-case hex
 * digits, after the CN. Extensions, in order: basicConstraints (critical; DAC CA:FALSE, PAI CA:TRUE
 * pathlen 0), keyUsage (critical; DAC digitalSignature, PAI digitalSignature keyCertSign cRLSign),
 * subjectKeyIdentifier (SHA-1 of the public key), authorityKeyIdentifier (the issuer's key id). All
 * P-256 and ecdsa-with-SHA256.
 */
public final class AttestationCertificates {
    public static final String VENDOR_ID_OID = "1.3.6.1.4.1.37244.2.1";
    public static final String PRODUCT_ID_OID = "1.3.6.1.4.1.37244.2.2";

    private AttestationCertificates() {}

    /** A Matter subject: CN, then VID, then PID if given (null: none, as in a PAI for every product). */
    public static DistinguishedName subject(String commonName, int vendorId, Integer productId) {
        List<DistinguishedName.Attribute> rfc4514 = new ArrayList<>(); // most specific first: reverse of DER order
        if (productId != null) {
            rfc4514.add(new DistinguishedName.Attribute(PRODUCT_ID_OID, hex4(productId)));
        }
        rfc4514.add(new DistinguishedName.Attribute(VENDOR_ID_OID, hex4(vendorId)));
        rfc4514.add(new DistinguishedName.Attribute("CN", commonName));
        return DistinguishedName.of(rfc4514);
    }

    /** A DAC's validity, key usage digitalSignature alone, no extended key usage. */
    public static CertificateProfile dacProfile(Instant notBefore, Instant notAfter) {
        return new CertificateProfile(
                notBefore, notAfter, EnumSet.of(CertificateProfile.KeyUsage.DIGITAL_SIGNATURE), List.of());
    }

    /** A fresh P-256 key and its DAC, issued by {@code pai}. */
    public static DeviceAttestation issueDac(
            CertificateAuthority pai, String commonName, int vendorId, int productId, CertificateProfile profile) {
        DeviceKey key = KeyAlgorithm.EC_P256.generate();
        IssuedCertificate c = issueDac(pai, key.publicKey(), commonName, vendorId, productId, profile);
        return new DeviceAttestation(c.der(), c.serialNumber(), key);
    }

    /** A DAC for a key the device holds (from its CSR: a secure element, the ESP32-H2's ECDSA peripheral). */
    public static IssuedCertificate issueDac(
            CertificateAuthority pai,
            PublicKey deviceKey,
            String commonName,
            int vendorId,
            int productId,
            CertificateProfile profile) {
        return pai.issue(subject(commonName, vendorId, productId), deviceKey, profile);
    }

    /** A fresh P-256 key and its PAI, issued by {@code paa}: CA, path length 0. */
    public static DeviceAttestation issuePai(
            CertificateAuthority paa,
            String commonName,
            int vendorId,
            Integer productId,
            Instant notBefore,
            Instant notAfter) {
        DeviceKey key = KeyAlgorithm.EC_P256.generate();
        CertificateProfile profile = new CertificateProfile(notBefore, notAfter, null, List.of());
        IssuedCertificate c = IntermediateCertificates.issue(
                paa,
                subject(commonName, vendorId, productId),
                key.publicKey(),
                profile,
                0,
                EnumSet.of(
                        CertificateProfile.KeyUsage.DIGITAL_SIGNATURE,
                        CertificateProfile.KeyUsage.KEY_CERT_SIGN,
                        CertificateProfile.KeyUsage.CRL_SIGN));
        return new DeviceAttestation(c.der(), c.serialNumber(), key);
    }

    /** The vendor ID a subject or issuer carries, if any. */
    public static Optional<Integer> vendorId(javax.security.auth.x500.X500Principal name) {
        return attribute(name, VENDOR_ID_OID).map(v -> parseHexId(v, "vendor ID"));
    }

    public static Optional<Integer> productId(javax.security.auth.x500.X500Principal name) {
        return attribute(name, PRODUCT_ID_OID).map(v -> parseHexId(v, "product ID"));
    }

    /** The subject's common name, if it has one. */
    public static Optional<String> commonName(X509Certificate c) {
        return attribute(c.getSubjectX500Principal(), "2.5.4.3");
    }

    /**
     * Checks a PAI as esp-matter-mfg-tool does: v3, ecdsa-with-SHA256, P-256, a VID in the subject (and
     * the issuer's, if any, equal), basicConstraints critical CA pathlen 0, keyUsage critical with
     * keyCertSign and cRLSign and nothing of key agreement or encipherment, SKI and AKI present.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void checkPai(X509Certificate pai) {
        checkCommon(pai, "PAI");
        Optional<Integer> vid = vendorId(pai.getSubjectX500Principal());
        require(vid.isPresent(), "the PAI certificate's subject has no vendor ID (" + VENDOR_ID_OID + ")");
        vendorId(pai.getIssuerX500Principal())
                .ifPresent(i -> require(
                        i.equals(vid.get()),
                        "the PAI certificate's issuer has vendor ID " + hex4(i) + ", its subject " + hex4(vid.get())));
        require(
                pai.getBasicConstraints() == 0 && critical(pai, "2.5.29.19"),
                "the PAI certificate must be a CA of path length 0 (basicConstraints critical, CA:TRUE, pathlen 0)");
        checkCaKeyUsage(pai, "PAI");
    }

    /** Checks a PAA as esp-matter-mfg-tool does: self-issued, no PID, CA (path length 1 if given), keyCertSign and cRLSign. */
    public static void checkPaa(X509Certificate paa) {
        checkCommon(paa, "PAA");
        require(
                paa.getSubjectX500Principal().equals(paa.getIssuerX500Principal()),
                "the PAA certificate must be self-signed");
        require(productId(paa.getSubjectX500Principal()).isEmpty(), "the PAA certificate must not carry a product ID");
        int pathLen = paa.getBasicConstraints();
        require(
                pathLen >= 0 && critical(paa, "2.5.29.19"),
                "the PAA certificate must be a CA (basicConstraints critical, CA:TRUE)");
        require(
                pathLen == 1 || pathLen == Integer.MAX_VALUE,
                "the PAA certificate's path length must be 1, was " + pathLen);
        checkCaKeyUsage(paa, "PAA");
    }

    /**
     * Checks a given DAC against its PAI: VID and PID in the subject, the issuer's VID (and PID, if any)
     * equal to them, not a CA, digitalSignature alone, SKI and AKI, the PAI's subject as issuer, its key id
     * as AKI, its signature, and a validity within the PAI's.
     */
    public static void checkDac(X509Certificate dac, X509Certificate pai) {
        checkCommon(dac, "DAC");
        Optional<Integer> vid = vendorId(dac.getSubjectX500Principal());
        Optional<Integer> pid = productId(dac.getSubjectX500Principal());
        require(vid.isPresent() && pid.isPresent(), "the DAC's subject must carry a vendor ID and a product ID");
        Optional<Integer> issuerVid = vendorId(dac.getIssuerX500Principal());
        require(issuerVid.isPresent(), "the DAC's issuer carries no vendor ID");
        require(
                issuerVid.get().equals(vid.get()),
                "the DAC's issuer has vendor ID " + hex4(issuerVid.get()) + ", the DAC " + hex4(vid.get()));
        productId(dac.getIssuerX500Principal())
                .ifPresent(p -> require(
                        p.equals(pid.get()),
                        "the DAC's issuer has product ID " + hex4(p) + ", the DAC " + hex4(pid.get())));
        require(
                dac.getBasicConstraints() == -1 && critical(dac, "2.5.29.19"),
                "the DAC must not be a CA (basicConstraints critical, CA:FALSE)");
        boolean[] ku = dac.getKeyUsage();
        require(
                ku != null && critical(dac, "2.5.29.15") && ku[0],
                "the DAC needs a critical keyUsage with digitalSignature");
        for (int i = 1; i < Math.min(ku.length, 7); i++) {
            require(!ku[i], "the DAC's keyUsage may hold digitalSignature only");
        }
        require(
                dac.getExtensionValue("2.5.29.14") != null && dac.getExtensionValue("2.5.29.35") != null,
                "the DAC lacks a subject or authority key identifier");
        require(
                dac.getIssuerX500Principal().equals(pai.getSubjectX500Principal()),
                "the DAC was not issued by this PAI (issuer "
                        + dac.getIssuerX500Principal().getName() + ", PAI "
                        + pai.getSubjectX500Principal().getName() + ")");
        try {
            dac.verify(pai.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the DAC's signature does not verify with the PAI's key");
        }
        require(
                !dac.getNotBefore().before(pai.getNotBefore())
                        && !dac.getNotAfter().after(pai.getNotAfter()),
                "the DAC's validity lies outside the PAI's");
    }

    /** Checks that {@code key} is the private half of {@code certificate}'s key (a signature test). */
    public static void checkKeyMatches(X509Certificate certificate, DeviceKey key, String what) {
        try {
            byte[] msg = "nvsgen key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key.exportPrivateKey());
            s.update(msg);
            byte[] sig = s.sign();
            s.initVerify(certificate.getPublicKey());
            s.update(msg);
            require(s.verify(sig), what + " certificate and private key do not match");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(what + " certificate and private key do not match");
        }
    }

    private static void checkCommon(X509Certificate c, String what) {
        require(c.getVersion() == 3, "the " + what + " certificate must be X.509 v3, was v" + c.getVersion());
        require(
                "1.2.840.10045.4.3.2".equals(c.getSigAlgOID()),
                "the " + what + " certificate must be signed with ecdsa-with-SHA256, was " + c.getSigAlgName());
        try {
            P256Keys.publicPoint(c.getPublicKey());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " certificate's key must be P-256 (prime256v1)");
        }
    }

    private static void checkCaKeyUsage(X509Certificate c, String what) {
        boolean[] ku = c.getKeyUsage();
        require(ku != null && critical(c, "2.5.29.15"), "the " + what + " certificate needs a critical keyUsage");
        require(ku[5] && ku[6], "the " + what + " certificate's keyUsage needs keyCertSign and cRLSign");
        require(
                !ku[1] && !ku[2] && !ku[3] && !ku[4],
                "the " + what + " certificate's keyUsage may not hold"
                        + " nonRepudiation, keyEncipherment, dataEncipherment or keyAgreement");
        require(
                c.getExtensionValue("2.5.29.14") != null,
                "the " + what + " certificate lacks a subject key identifier");
    }

    private static boolean critical(X509Certificate c, String oid) {
        return c.getCriticalExtensionOIDs() != null
                && c.getCriticalExtensionOIDs().contains(oid);
    }

    private static Optional<String> attribute(javax.security.auth.x500.X500Principal name, String oid) {
        for (DistinguishedName.Attribute a :
                DistinguishedName.parse(name.getName()).attributes()) {
            if (a.type().equals(oid)) {
                return Optional.of(a.value());
            }
        }
        return Optional.empty();
    }

    private static int parseHexId(String v, String what) {
        if (!v.matches("[0-9A-Fa-f]{4}")) {
            throw new IllegalArgumentException("a " + what + " attribute must be 4 hex digits, was '" + v + "'");
        }
        return Integer.parseInt(v, 16);
    }

    static String hex4(int id) {
        return String.format(Locale.ROOT, "%04X", id);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
