package dev.nvsgen.crypto.credentials;

import dev.nvsgen.nvs.util.MessageText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;

/**
 * A certificate subject, built from attribute values as they are, never parsed from text that mixes
 * values with syntax: a serial number or a column holding {@code Acme, Inc.} stays one attribute
 * whatever characters it has. Immutable.
 */
public final class DistinguishedName {
    /** One attribute, by its usual name ({@code CN}, {@code O}, …) or dotted OID, and its value. */
    public record Attribute(String type, String value) {
        public Attribute {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }
    }

    private static final Map<String, String> OIDS = Map.ofEntries(
            Map.entry("CN", "2.5.4.3"),
            Map.entry("SURNAME", "2.5.4.4"),
            Map.entry("SERIALNUMBER", "2.5.4.5"),
            Map.entry("C", "2.5.4.6"),
            Map.entry("L", "2.5.4.7"),
            Map.entry("ST", "2.5.4.8"),
            Map.entry("STREET", "2.5.4.9"),
            Map.entry("O", "2.5.4.10"),
            Map.entry("OU", "2.5.4.11"),
            Map.entry("TITLE", "2.5.4.12"),
            Map.entry("GIVENNAME", "2.5.4.42"),
            Map.entry("UID", "0.9.2342.19200300.100.1.1"),
            Map.entry("DC", "0.9.2342.19200300.100.1.25"),
            Map.entry("EMAILADDRESS", "1.2.840.113549.1.9.1"));

    private static final Pattern OID = Pattern.compile("[0-2](\\.[0-9]+)+");
    private static final Pattern PRINTABLE = Pattern.compile("[A-Za-z0-9 '()+,\\-./:=?]*");

    private final X500Name name;

    private DistinguishedName(X500Name name) {
        this.name = name;
    }

    /**
     * A name of {@code attributes}, most specific first as RFC 4514 writes it ({@code CN} before
     * {@code O}); the encoding lists them the other way round, as X.501 orders them.
     *
     * @throws IllegalArgumentException for an unknown attribute type, an empty value, a value with a
     *     control character or over RFC 5280's upper bound for its type (CN, O, OU 64 characters, L and ST
     *     128), or a value the attribute's string type cannot hold (C is two letters; SERIALNUMBER is a
     *     PrintableString)
     */
    public static DistinguishedName of(List<Attribute> attributes) {
        if (attributes.isEmpty()) {
            throw new IllegalArgumentException("the subject names no attribute");
        }
        X500NameBuilder b = new X500NameBuilder();
        for (int i = attributes.size() - 1; i >= 0; i--) {
            Attribute a = attributes.get(i);
            ASN1ObjectIdentifier oid = oid(a.type());
            b.addRDN(oid, value(a, oid.getId()));
        }
        return new DistinguishedName(b.build());
    }

    /** Parses an RFC 4514 string ({@code CN=SN-0001,O=Example}) as the JDK does. */
    public static DistinguishedName parse(String rfc4514) {
        try {
            return new DistinguishedName(X500Name.getInstance(new X500Principal(rfc4514).getEncoded()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + rfc4514 + "' is not a distinguished name like CN=…,O=…");
        }
    }

    /** Checks that {@code type} is an attribute type this class knows, or a dotted OID. */
    public static void checkType(String type) {
        oid(type);
    }

    private static ASN1ObjectIdentifier oid(String type) {
        String id = OIDS.get(type.strip().toUpperCase(Locale.ROOT));
        if (id == null && OID.matcher(type.strip()).matches()) {
            id = type.strip();
        }
        if (id == null) {
            throw new IllegalArgumentException("unknown attribute type '" + type + "' (expected "
                    + String.join(", ", new java.util.TreeSet<>(OIDS.keySet())) + ", or a dotted OID)");
        }
        return new ASN1ObjectIdentifier(id);
    }

    /**
     * RFC 5280's upper bounds (appendix A.1, {@code ub-*}), in characters, for the attributes that have
     * one; C is exactly two letters, checked with its type.
     */
    private static final Map<String, Bound> BOUNDS = Map.ofEntries(
            Map.entry("2.5.4.3", new Bound(64, "ub-common-name")),
            Map.entry("2.5.4.4", new Bound(32768, "ub-name")),
            Map.entry("2.5.4.5", new Bound(64, "ub-serial-number")),
            Map.entry("2.5.4.7", new Bound(128, "ub-locality-name")),
            Map.entry("2.5.4.8", new Bound(128, "ub-state-name")),
            Map.entry("2.5.4.10", new Bound(64, "ub-organization-name")),
            Map.entry("2.5.4.11", new Bound(64, "ub-organizational-unit-name")),
            Map.entry("2.5.4.12", new Bound(64, "ub-title")),
            Map.entry("2.5.4.42", new Bound(32768, "ub-name")),
            Map.entry("1.2.840.113549.1.9.1", new Bound(255, "ub-emailaddress-length")));

    private record Bound(int characters, String name) {}

    /**
     * The string type RFC 5280 asks for: PrintableString for C and serialNumber, IA5 for e-mail and DC, else
     * UTF-8; no control character (a line break, an escape, 0x01: in a name they split log lines and
     * fool the people who read them), and no more characters than RFC 5280 bounds the attribute to.
     */
    private static ASN1Encodable value(Attribute a, String oid) {
        String v = a.value();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("attribute " + a.type() + " of the subject is empty");
        }
        int control = MessageText.firstControl(v);
        if (control >= 0) {
            throw new IllegalArgumentException("attribute " + a.type() + " of the subject holds the control character "
                    + MessageText.oneLine(String.valueOf(v.charAt(control))) + " at character "
                    + (v.codePointCount(0, control) + 1));
        }
        Bound bound = BOUNDS.get(oid);
        if (bound != null) {
            int length = v.codePointCount(0, v.length());
            if (length > bound.characters()) {
                throw new IllegalArgumentException("attribute " + a.type() + " of the subject is " + length
                        + " characters, over RFC 5280's upper bound of " + bound.characters() + " ("
                        + bound.name() + ")");
            }
        }
        switch (oid) {
            case "2.5.4.6" -> {
                if (!v.matches("[A-Za-z]{2}")) {
                    throw new IllegalArgumentException("C (country) must be a two-letter code, was '" + v + "'");
                }
                return new DERPrintableString(v);
            }
            case "2.5.4.5" -> {
                if (!PRINTABLE.matcher(v).matches()) {
                    throw new IllegalArgumentException(
                            "SERIALNUMBER '" + v
                                    + "' has characters a PrintableString cannot hold (letters, digits, space and '()+,-./:=? only)");
                }
                return new DERPrintableString(v);
            }
            case "1.2.840.113549.1.9.1", "0.9.2342.19200300.100.1.25" -> {
                if (!v.chars().allMatch(c -> c < 0x80)) {
                    throw new IllegalArgumentException(a.type() + " '" + v + "' must be ASCII");
                }
                return new DERIA5String(v);
            }
            default -> {
                return new DERUTF8String(v);
            }
        }
    }

    /** The attributes, most specific first. */
    public List<Attribute> attributes() {
        List<Attribute> out = new ArrayList<>();
        RDN[] rdns = name.getRDNs();
        for (int i = rdns.length - 1; i >= 0; i--) {
            for (var tv : rdns[i].getTypesAndValues()) {
                out.add(new Attribute(tv.getType().getId(), tv.getValue().toString()));
            }
        }
        return out;
    }

    X500Name x500Name() {
        return name;
    }

    /** RFC 2253 form, as {@link X500Principal#getName()} shows it. */
    @Override
    public String toString() {
        try {
            return new X500Principal(name.getEncoded()).getName();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a distinguished name", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DistinguishedName d && name.equals(d.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
