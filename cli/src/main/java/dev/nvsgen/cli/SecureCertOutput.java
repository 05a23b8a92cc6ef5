package dev.nvsgen.cli;

import dev.nvsgen.securecert.LocatedTlv;
import dev.nvsgen.securecert.SecureCertFinding;
import dev.nvsgen.securecert.SecureCertVerifier;
import dev.nvsgen.securecert.TlvImage;
import dev.nvsgen.securecert.TlvReader;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code dump} and {@code verify} for an esp_secure_cert TLV partition, which they recognise by its magic: the
 * library reads and judges it, this prints. Keys are never printed (the library's descriptions leave them out).
 */
final class SecureCertOutput {
    private SecureCertOutput() {}

    /** True if {@code bytes} is a TLV partition rather than an NVS image. */
    static boolean recognises(byte[] bytes) {
        return TlvReader.isTlvPartition(bytes);
    }

    static int dump(String name, byte[] bytes, String format, PrintWriter out) {
        TlvImage image = TlvReader.read(bytes);
        List<SecureCertFinding> findings = SecureCertVerifier.verify(image);
        if (format.equals("csv")) {
            throw new CliException("--format csv is for NVS images; " + name
                    + " is an esp_secure_cert TLV partition (use text or json)");
        }
        if (format.equals("json")) {
            json(name, image, findings, out);
        } else {
            out.println(name + ": esp_secure_cert TLV partition, "
                    + image.tlvs().size() + " TLVs in " + image.end()
                    + " bytes, integrity " + image.integrity().name().toLowerCase(Locale.ROOT) + ", "
                    + (findings.isEmpty() ? "no problems found" : findings.size() + " problems (see nvsgen verify)"));
            out.println();
            out.println("offset  type         subtype  flags  length  crc");
            for (LocatedTlv t : image.tlvs()) {
                out.println(String.format(
                        Locale.ROOT,
                        "%6s  %-11s  %7d  0x%02x  %6d  %08x%s",
                        String.format("0x%x", t.offset()),
                        t.entry().type(),
                        t.entry().subtype().code(),
                        t.entry().flags().code(),
                        t.entry().data().length(),
                        t.storedCrc(),
                        t.crcOk() ? "" : " BAD"));
                out.println("        " + SecureCertVerifier.describe(t));
            }
            if (!findings.isEmpty()) {
                out.println();
                out.println("findings");
                findings.forEach(f -> out.println("  " + f));
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    static int verify(String name, byte[] bytes, PrintWriter out) {
        TlvImage image = TlvReader.read(bytes);
        List<SecureCertFinding> findings = SecureCertVerifier.verify(image);
        findings.forEach(out::println);
        if (findings.isEmpty()) {
            out.println(name + ": sound (esp_secure_cert TLV partition, "
                    + image.tlvs().size() + " TLVs, integrity ok)");
            out.flush();
            return ExitCode.OK;
        }
        long errors = findings.stream()
                .filter(f -> f.severity() == SecureCertFinding.Severity.ERROR)
                .count();
        long warnings = findings.size() - errors;
        out.println(name + ": " + errors + (errors == 1 ? " error" : " errors") + ", " + warnings
                + (warnings == 1 ? " warning" : " warnings") + " (esp_secure_cert TLV partition, "
                + image.tlvs().size()
                + " TLVs)");
        out.flush();
        return ExitCode.FINDINGS;
    }

    private static void json(String name, TlvImage image, List<SecureCertFinding> findings, PrintWriter out) {
        out.println("{");
        out.println("  " + Json.field("image", Json.string(name)) + ",");
        out.println("  " + Json.field("format", Json.string("esp_secure_cert_tlv")) + ",");
        out.println("  "
                + Json.field("integrity", Json.string(image.integrity().name().toLowerCase(Locale.ROOT))) + ",");
        out.println("  \"tlvs\": [");
        List<LocatedTlv> tlvs = image.tlvs();
        for (int i = 0; i < tlvs.size(); i++) {
            LocatedTlv t = tlvs.get(i);
            out.println("    {" + Json.field("offset", Long.toString(t.offset())) + ", "
                    + Json.field("type", Json.string(t.entry().type().name())) + ", "
                    + Json.field("subtype", Integer.toString(t.entry().subtype().code())) + ", "
                    + Json.field("flags", Integer.toString(t.entry().flags().code())) + ", "
                    + Json.field("length", Integer.toString(t.entry().data().length())) + ", "
                    + Json.field("crc", Json.string(String.format("0x%08x", t.storedCrc()))) + ", "
                    + Json.field("crc_ok", Boolean.toString(t.crcOk())) + ", "
                    + Json.field("summary", Json.string(SecureCertVerifier.describe(t))) + "}"
                    + (i + 1 < tlvs.size() ? "," : ""));
        }
        out.println("  ],");
        out.println("  \"findings\": [");
        for (int i = 0; i < findings.size(); i++) {
            SecureCertFinding f = findings.get(i);
            out.println("    {" + Json.field("kind", Json.string(f.kind().name())) + ", "
                    + Json.field("severity", Json.string(f.severity().name())) + ", "
                    + Json.field("offset", Long.toString(f.offset())) + ", "
                    + Json.field("message", Json.string(f.message())) + "}" + (i + 1 < findings.size() ? "," : ""));
        }
        out.println("  ]");
        out.println("}");
    }
}
