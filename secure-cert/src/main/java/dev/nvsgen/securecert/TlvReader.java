package dev.nvsgen.securecert;

import static dev.nvsgen.securecert.SecureCertFinding.error;
import static dev.nvsgen.securecert.SecureCertFinding.warning;

import dev.nvsgen.securecert.SecureCertFinding.Kind;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an esp_secure_cert TLV partition the way esp_secure_cert_mgr walks it ({@code esp_secure_cert_find_tlv}
 * in {@code srcs/esp_secure_cert_tlv_read.c}): from offset 0, header after header by their length fields, until
 * the magic is missing. It never throws on the image's content: damage becomes a located
 * {@link SecureCertFinding}, and the TLVs after a damaged one are still found, as the device finds them.
 */
public final class TlvReader {
    private static final int INTEGRITY_LENGTH = 32;

    private TlvReader() {}

    /** True if {@code image} starts with the TLV magic: what tells a TLV partition from the other layouts. */
    public static boolean isTlvPartition(byte[] image) {
        return TlvHeader.hasMagic(image, 0);
    }

    public static TlvImage read(byte[] image) {
        byte[] img = image.clone();
        List<LocatedTlv> tlvs = new ArrayList<>();
        List<SecureCertFinding> findings = new ArrayList<>();
        if (!TlvHeader.hasMagic(img, 0)) {
            findings.add(error(
                    Kind.NOT_TLV,
                    0,
                    String.format(
                            "no TLV magic 0x%08x at offset 0: not an esp_secure_cert TLV partition", TlvHeader.MAGIC)));
            return new TlvImage(img, tlvs, findings, 0, Integrity.ABSENT, -1);
        }
        int offset = 0;
        while (TlvHeader.hasMagic(img, offset)) {
            if (offset + TlvHeader.SIZE > img.length) {
                findings.add(error(
                        Kind.TRUNCATED,
                        offset,
                        String.format("TLV header at offset 0x%x is cut off by the end of the image", offset)));
                offset = img.length;
                break;
            }
            int length = TlvHeader.lengthAt(img, offset);
            int total = TlvEntry.totalLength(length);
            if (offset + total > img.length) {
                findings.add(error(
                        Kind.TRUNCATED,
                        offset,
                        String.format(
                                "TLV at offset 0x%x needs %d bytes but the image has %d left",
                                offset, total, img.length - offset)));
                offset = img.length;
                break;
            }
            try {
                TlvEntry entry = TlvEntry.parse(img, offset);
                LocatedTlv t = new LocatedTlv(
                        offset, entry, TlvEntry.storedCrc(img, offset), TlvEntry.computedCrc(img, offset));
                tlvs.add(t);
                check(img, t, findings);
            } catch (SecureCertFormatException e) {
                findings.add(error(Kind.BAD_HEADER, offset, e.getMessage() + "; the device skips this TLV"));
            }
            offset += total;
        }
        checkTrailing(img, offset, findings);
        checkDuplicates(tlvs, findings);
        long integrityOffset = -1;
        Integrity integrity = Integrity.ABSENT;
        LocatedTlv latest = null;
        for (LocatedTlv t : tlvs) {
            if (t.entry().type() == TlvType.INTEGRITY) {
                latest = t;
            }
        }
        if (latest == null) {
            findings.add(warning(
                    Kind.INTEGRITY_MISSING,
                    -1,
                    "no INTEGRITY TLV: the device cannot tell a damaged partition from a good one"));
        } else if (!latest.crcOk()) {
            integrityOffset = latest.offset();
            findings.add(error(
                    Kind.INTEGRITY_FAILED,
                    latest.offset(),
                    String.format(
                            "the INTEGRITY TLV at offset 0x%x fails its CRC: the device reads the partition as one"
                                    + " without integrity check",
                            latest.offset())));
        } else {
            integrityOffset = latest.offset();
            integrity = checkIntegrity(img, latest, findings);
            for (LocatedTlv t : tlvs) {
                if (t.offset() > latest.offset()) {
                    findings.add(warning(
                            Kind.AFTER_INTEGRITY,
                            t.offset(),
                            String.format(
                                    "%s TLV at offset 0x%x comes after the INTEGRITY TLV, which does not cover it",
                                    t.entry().type(), t.offset())));
                }
            }
        }
        return new TlvImage(img, tlvs, findings, offset, integrity, integrityOffset);
    }

    private static void check(byte[] img, LocatedTlv t, List<SecureCertFinding> findings) {
        int offset = (int) t.offset();
        if (!t.crcOk()) {
            findings.add(error(
                    Kind.CRC,
                    offset,
                    String.format(
                            "%s TLV (subtype %d) at offset 0x%x: CRC 0x%08x stored but 0x%08x computed; the device"
                                    + " refuses it",
                            t.entry().type(), t.entry().subtype().code(), offset, t.storedCrc(), t.computedCrc())));
        }
        if (!TlvHeader.reservedZero(img, offset)) {
            findings.add(warning(
                    Kind.NOT_ZERO,
                    offset,
                    String.format(
                            "%s TLV at offset 0x%x: reserved header bytes are not zero",
                            t.entry().type(), offset)));
        }
        int padStart = offset + TlvHeader.SIZE + t.entry().data().length();
        for (int i = 0; i < t.entry().padding(); i++) {
            if (img[padStart + i] != 0) {
                findings.add(warning(
                        Kind.NOT_ZERO,
                        padStart + i,
                        String.format(
                                "%s TLV at offset 0x%x: padding byte at 0x%x is 0x%02x, not zero",
                                t.entry().type(), offset, padStart + i, img[padStart + i] & 0xFF)));
                break;
            }
        }
    }

    private static void checkTrailing(byte[] img, int end, List<SecureCertFinding> findings) {
        for (int i = end; i < img.length; i++) {
            if (img[i] != (byte) 0xFF) {
                // Not the erased flash the tool leaves: a TLV whose magic was damaged, or stray data; either
                // way the device reads nothing past the end.
                findings.add(error(
                        Kind.TRAILING_BYTES,
                        i,
                        String.format(
                                "byte 0x%02x at offset 0x%x after the last TLV (which ends at 0x%x) is not erased (0xFF):"
                                        + " a damaged TLV magic or stray data; the device reads nothing from 0x%x on",
                                img[i] & 0xFF, i, end, end)));
                return;
            }
        }
    }

    private static void checkDuplicates(List<LocatedTlv> tlvs, List<SecureCertFinding> findings) {
        Map<String, LocatedTlv> seen = new HashMap<>();
        for (LocatedTlv t : tlvs) {
            String k = t.entry().type() + "/" + t.entry().subtype().code();
            LocatedTlv first = seen.putIfAbsent(k, t);
            if (first != null && t.entry().type() != TlvType.INTEGRITY) {
                findings.add(warning(
                        Kind.DUPLICATE,
                        t.offset(),
                        String.format(
                                "second %s TLV of subtype %d at offset 0x%x: the device reads the one at 0x%x",
                                t.entry().type(), t.entry().subtype().code(), t.offset(), first.offset())));
            }
        }
    }

    private static Integrity checkIntegrity(byte[] img, LocatedTlv integrity, List<SecureCertFinding> findings) {
        int length = integrity.entry().data().length();
        if (length != INTEGRITY_LENGTH) {
            findings.add(error(
                    Kind.INTEGRITY_FAILED,
                    integrity.offset(),
                    String.format(
                            "INTEGRITY TLV at offset 0x%x holds %d bytes; a SHA-256 is %d",
                            integrity.offset(), length, INTEGRITY_LENGTH)));
            return Integrity.FAILED;
        }
        byte[] expected = TlvPartition.sha256(img, (int) integrity.offset());
        if (!MessageDigest.isEqual(expected, integrity.entry().data().toByteArray())) {
            findings.add(error(
                    Kind.INTEGRITY_FAILED,
                    integrity.offset(),
                    String.format(
                            "INTEGRITY TLV at offset 0x%x: the SHA-256 of bytes 0x0 to 0x%x does not match the one"
                                    + " stored; a TLV before it was changed after it was written",
                            integrity.offset(), integrity.offset())));
            return Integrity.FAILED;
        }
        return Integrity.OK;
    }
}
