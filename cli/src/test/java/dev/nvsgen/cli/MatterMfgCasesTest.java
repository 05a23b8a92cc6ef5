package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.crypto.credentials.CredentialReader;
import dev.nvsgen.crypto.credentials.P256Keys;
import dev.nvsgen.matter.AttestationCertificates;
import dev.nvsgen.matter.Passcode;
import dev.nvsgen.matter.SetupPayload;
import dev.nvsgen.matter.Spake2pVerifier;
import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.read.NvsImage;
import dev.nvsgen.nvs.read.NvsReader;
import dev.nvsgen.nvs.util.Crc32;
import dev.nvsgen.nvs.util.CsvParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every case of {@code ../shared/matter} (esp-matter-mfg-tool 1.0.23's outputs) run through {@code nvsgen
 * matter-mfg} with the same argv, each output judged by the compare rule its case names (README there):
 * bytes, text after path and UUID normalisation, CSV cells with random fields checked by their rule, NVS
 * entries as the reader reads them, the decrypted image, DAC/PAI structure, onboarding codes against the
 * passcode and discriminator, and the QR PNG decoded (ZXing) back to the payload.
 */
class MatterMfgCasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Columns or keys whose values are random in some case: any difference must be in one of these. */
    private static final Set<String> RANDOM_KEYS = Set.of(
            "discriminator",
            "salt",
            "verifier",
            "serial-num",
            "rd-id-uid",
            "pincode",
            "qrcode",
            "manualcode",
            "passcode",
            "PIN Code",
            "Salt",
            "Verifier",
            "Discriminator",
            "certs");

    private static final Pattern UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    static Path shared() {
        return Path.of(System.getProperty("nvsgen.shared.dir", "../../shared"), "matter")
                .toAbsolutePath()
                .normalize();
    }

    static Stream<String> cases() throws IOException {
        Path dir = shared();
        if (!Files.isDirectory(dir)) {
            if (Boolean.getBoolean("nvsgen.require.shared")) {
                throw new IllegalStateException(dir + " not found");
            }
            return Stream.of("<absent>");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode c : JSON.readTree(dir.resolve("index.json").toFile()).get("cases")) {
            names.add(c.get("name").asString());
        }
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesTheReference(String name, @TempDir Path tmp) throws Exception {
        Assumptions.assumeFalse(name.equals("<absent>"), "../shared/matter not found (set -Dnvsgen.shared.dir)");
        Path caseDir = shared().resolve(name);
        JsonNode c = JSON.readTree(caseDir.resolve("case.json").toFile());
        JsonNode expected = JSON.readTree(caseDir.resolve("expected.json").toFile());
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        if (Files.isDirectory(caseDir.resolve("inputs"))) {
            CliRun.copyTree(caseDir.resolve("inputs"), run.resolve("inputs"));
        }
        List<String> argv = new ArrayList<>(List.of("matter-mfg"));
        c.get("argv").forEach(a -> argv.add(a.asString()));
        CliRun r = CliRun.in(run, argv.toArray(String[]::new));

        if (c.get("expect").asString().equals("error")) {
            assertEquals(ExitCode.INPUT, r.status(), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertFalse(Files.exists(run.resolve("out")), "nothing is written");
            String ref = expected.get("messages").get(0).asString();
            String key = ref.contains("salt") ? "--salt and --verifier" : ref.contains("passcode") ? "passcode" : "";
            assertTrue(r.err().contains(key), r.err());
            return;
        }
        assertEquals(0, r.status(), r.err());
        Run mine = new Run(run, c, expected);
        for (JsonNode o : c.get("outputs")) {
            mine.check(o);
        }
        mine.checkNoExtraFiles();
    }

    /** This run's outputs, and what they are compared with. */
    private static final class Run {
        final Path runDir;
        final Path caseDir;
        final Path top;
        final Path refTop;
        final JsonNode expected;
        final List<String> refUuids = new ArrayList<>();
        final List<String> uuids = new ArrayList<>();
        final Set<String> checked = new java.util.HashSet<>();

        Run(Path runDir, JsonNode c, JsonNode expected) throws IOException {
            this.runDir = runDir.toAbsolutePath();
            this.caseDir = shared().resolve(c.get("name").asString());
            this.expected = expected;
            this.refTop = caseDir.resolve(c.get("outputs_root").asString());
            this.top = runDir.resolve("out").resolve(refTop.getFileName().toString());
            assertTrue(Files.isDirectory(top), "the run writes " + refTop.getFileName());
            for (JsonNode d : expected.get("devices")) {
                refUuids.add(d.get("uuid").asString());
            }
            // Device order is the master CSV's; each device's partition.csv has its row's salt.
            List<List<String>> master = csv(top.resolve("staging/master.csv"));
            int saltCol = master.get(0).indexOf("salt");
            Map<String, String> bySalt = new LinkedHashMap<>();
            try (Stream<Path> dirs = Files.list(top)) {
                for (Path d : (Iterable<Path>) dirs::iterator) {
                    if (Files.isRegularFile(d.resolve("internal/partition.csv"))) {
                        for (List<String> row : csv(d.resolve("internal/partition.csv"))) {
                            if (row.get(0).equals("salt")) {
                                bySalt.put(row.get(3), d.getFileName().toString());
                            }
                        }
                    }
                }
            }
            for (int i = 1; i < master.size(); i++) {
                uuids.add(bySalt.get(master.get(i).get(saltCol)));
            }
            assertEquals(refUuids.size(), uuids.size(), "device count");
            for (int i = 0; i < uuids.size(); i++) {
                assertNotNull(uuids.get(i), "device " + i + " has a folder");
            }
        }

        Path mine(String generic) throws IOException {
            String p = generic;
            for (int i = 0; i < uuids.size(); i++) {
                p = p.replace("<uuid" + i + ">", uuids.get(i));
            }
            if (!p.contains("<timestamp>")) {
                return top.resolve(p);
            }
            String prefix = p.substring(0, p.indexOf("<timestamp>"));
            try (Stream<Path> files = Files.list(top)) {
                List<Path> found = files.filter(f -> f.getFileName().toString().startsWith(prefix))
                        .toList();
                assertEquals(1, found.size(), "one " + generic);
                String pattern = prefix.equals("cn_dacs-")
                        ? "cn_dacs-\\d{4}(-\\d\\d){5}-\\d{6}\\.csv"
                        : "summary-\\d{4}(-\\d\\d){5}\\.csv";
                assertTrue(
                        found.get(0).getFileName().toString().matches(pattern),
                        found.get(0).toString());
                return found.get(0);
            }
        }

        String normalise(String text) {
            String t = text.replace(runDir.toString(), "<run_dir>");
            for (int i = 0; i < uuids.size(); i++) {
                t = t.replace(uuids.get(i), refUuids.get(i));
            }
            return t;
        }

        int deviceOf(String generic) {
            java.util.regex.Matcher m = Pattern.compile("<uuid(\\d+)>").matcher(generic);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }

        void check(JsonNode o) throws Exception {
            String generic = o.get("generic").asString();
            String compare = o.get("compare").asString();
            Path file = mine(generic);
            Path ref = caseDir.resolve(o.get("path").asString());
            checked.add(top.relativize(file).toString());
            assertTrue(Files.isRegularFile(file), "written: " + generic);
            byte[] got = Files.readAllBytes(file);
            byte[] want = Files.readAllBytes(ref);
            int device = deviceOf(generic);
            String what = generic + " (" + compare + ")";
            switch (compare) {
                case "bytes", "bytes-after-name-pattern" -> assertArrayEquals(want, got, what);
                case "text-after-path-normalisation" ->
                    assertEquals(
                            new String(want, StandardCharsets.UTF_8),
                            normalise(new String(got, StandardCharsets.UTF_8)),
                            what);
                case "csv-cells" -> csvCells(want, got, what);
                case "nvs-entries" -> nvsEntries(device, NvsReader.read(got), what);
                case "decrypt-then-bytes", "decrypt-then-nvs-entries" -> {
                    Path keys = top.resolve(uuids.get(device)).resolve(uuids.get(device) + "-keys-partition.bin");
                    byte[] plain =
                            NvsKeys.parse(Files.readAllBytes(keys), "keys").decryptImage(got);
                    if (compare.equals("decrypt-then-bytes")) {
                        assertArrayEquals(
                                Files.readAllBytes(caseDir.resolve("expected/plain/partition-without-e.bin")),
                                plain,
                                what);
                    } else {
                        nvsEntries(device, NvsReader.read(plain), what);
                    }
                }
                case "structural-keys-partition" -> {
                    assertEquals(4096, got.length, what);
                    // zlib.crc32(keys, 0xFFFFFFFF): NVS's seeded CRC, not java.util.zip's.
                    int stored =
                            (got[64] & 0xFF) | (got[65] & 0xFF) << 8 | (got[66] & 0xFF) << 16 | (got[67] & 0xFF) << 24;
                    assertEquals(Crc32.compute(got, 0, 64), stored, what + ": CRC32 of the keys");
                    for (byte[] keysOf : List.of(want, got)) {
                        assertEquals(4096, keysOf.length);
                    }
                    for (int i = 68; i < got.length; i++) {
                        assertEquals((byte) 0xFF, got[i], what + " at " + i);
                    }
                }
                case "structural-dac" -> dacFile(device, file, got, what);
                case "structural-pai" -> paiFile(file, got, what);
                case "onboarding-consistency" -> onboarding(device, got, what);
                case "qr-modules" -> assertEquals(onboardingRow(device).get(0), decodeQr(got), what);
                case "dac-list" -> dacList(got, what);
                default -> throw new AssertionError("unknown compare rule " + compare);
            }
        }

        void checkNoExtraFiles() throws IOException {
            for (String f : CliRun.files(top)) {
                assertTrue(checked.contains(f), "an output the reference does not write: " + f);
            }
        }

        // ---- rules

        void csvCells(byte[] want, byte[] got, String what) throws IOException {
            String w = new String(want, StandardCharsets.UTF_8);
            String g = normalise(new String(got, StandardCharsets.UTF_8));
            assertEquals(w.contains("\r\n"), g.contains("\r\n"), what + ": line ends");
            List<List<String>> wr = CsvParser.parse(w, false).stream()
                    .map(CsvParser.Record::fields)
                    .toList();
            List<List<String>> gr = CsvParser.parse(g, false).stream()
                    .map(CsvParser.Record::fields)
                    .toList();
            assertEquals(wr.size(), gr.size(), what + ": rows");
            for (int i = 0; i < wr.size(); i++) {
                assertEquals(wr.get(i).size(), gr.get(i).size(), what + ": cells of row " + i);
                for (int j = 0; j < wr.get(i).size(); j++) {
                    if (!wr.get(i).get(j).equals(gr.get(i).get(j))) {
                        String column = wr.get(0).get(j).equals("value")
                                ? wr.get(i).get(0)
                                : wr.get(0).get(j);
                        assertTrue(
                                RANDOM_KEYS.contains(column) || isRandomFile(column),
                                what + ": row " + i + " column " + column + ": "
                                        + wr.get(i).get(j) + " vs " + gr.get(i).get(j));
                    }
                }
            }
        }

        boolean isRandomFile(String column) {
            return false;
        }

        void nvsEntries(int device, NvsImage image, String what) throws Exception {
            assertTrue(image.isSound(), what + ": " + image.findings());
            JsonNode ref = expected.get("devices").get(device).get("nvs_entries");
            List<NvsEntry> got = image.entries();
            assertEquals(ref.size(), got.size(), what + ": entries " + got);
            Map<String, NvsValue> byKey = new LinkedHashMap<>();
            for (NvsEntry e : got) {
                byKey.put(e.namespace() + "/" + e.key(), e.value());
            }
            List<String> onb = onboardingRow(device);
            for (int i = 0; i < ref.size(); i++) {
                JsonNode r = ref.get(i);
                NvsEntry e = got.get(i);
                String where = what + ": entry " + i + " " + r.get("key").asString();
                assertEquals(r.get("namespace").asString(), e.namespace(), where);
                assertEquals(r.get("key").asString(), e.key(), where);
                assertEquals(
                        r.get("type").asString(), e.value().type().name().toLowerCase(java.util.Locale.ROOT), where);
                if (r.get("random") == null) {
                    assertEquals(r.get("value").asString(), valueText(e.value()), where);
                    continue;
                }
                String rule = r.get("random").asString();
                switch (rule) {
                    case "R-SALT" ->
                        assertEquals(
                                32,
                                Base64.getDecoder().decode(((NvsValue.StringValue) e.value()).text()).length,
                                where);
                    case "R-VERIFIER" -> {
                        byte[] salt = Base64.getDecoder()
                                .decode(((NvsValue.StringValue) byKey.get("chip-factory/salt")).text());
                        long iterations = ((NvsValue.IntValue) byKey.get("chip-factory/iteration-count")).value();
                        Spake2pVerifier v = Spake2pVerifier.of(
                                Base64.getDecoder().decode(((NvsValue.StringValue) e.value()).text()));
                        assertTrue(v.matches(Passcode.of(Long.parseLong(onb.get(3))), salt, (int) iterations), where);
                    }
                    case "R-DISCRIMINATOR" ->
                        assertEquals(Long.parseLong(onb.get(2)), ((NvsValue.IntValue) e.value()).value(), where);
                    case "R-SERIAL" ->
                        assertTrue(((NvsValue.StringValue) e.value()).text().matches("[0-9a-f]{32}"), where);
                    case "R-RDID" ->
                        assertEquals(16, ((NvsValue.BlobValue) e.value()).data().length(), where);
                    case "R-DAC", "R-PAI" -> {
                        byte[] b = ((NvsValue.BlobValue) e.value()).data().toByteArray();
                        Path internal = top.resolve(uuids.get(device)).resolve("internal");
                        String file = switch (e.key()) {
                            case "dac-cert" -> "DAC_cert.der";
                            case "dac-key" -> "DAC_private_key.bin";
                            case "dac-pub-key" -> "DAC_public_key.bin";
                            default -> "PAI_cert.der";
                        };
                        assertArrayEquals(Files.readAllBytes(internal.resolve(file)), b, where + " is " + file);
                    }
                    default -> throw new AssertionError("unknown rule " + rule);
                }
            }
        }

        String valueText(NvsValue v) {
            if (v instanceof NvsValue.IntValue i) {
                return Long.toString(i.value());
            }
            if (v instanceof NvsValue.StringValue s) {
                return s.text();
            }
            return ((NvsValue.BlobValue) v).data().hex();
        }

        void dacFile(int device, Path file, byte[] got, String what) throws Exception {
            Path internal = file.getParent();
            X509Certificate dac = cert(Files.readAllBytes(internal.resolve("DAC_cert.der")));
            X509Certificate pai = cert(Files.readAllBytes(internal.resolve("PAI_cert.der")));
            AttestationCertificates.checkDac(dac, pai);
            assertEquals(
                    uuids.get(device), AttestationCertificates.commonName(dac).orElseThrow(), what + ": CN");
            assertEquals(
                    List.of("2.5.29.19", "2.5.29.15", "2.5.29.14", "2.5.29.35"),
                    extensionOrder(dac.getEncoded()),
                    what);
            byte[] scalar = Files.readAllBytes(internal.resolve("DAC_private_key.bin"));
            byte[] point = Files.readAllBytes(internal.resolve("DAC_public_key.bin"));
            assertArrayEquals(P256Keys.publicPoint(dac.getPublicKey()), point, what + ": public key");
            assertArrayEquals(P256Keys.multiplyGenerator(new BigInteger(1, scalar)), point, what + ": key pair");
            String name = file.getFileName().toString();
            if (name.equals("DAC_cert.pem")) {
                assertArrayEquals(dac.getEncoded(), cert(got).getEncoded(), what);
            } else if (name.equals("DAC_key.der")) {
                assertEquals(121, got.length, what);
                assertArrayEquals(scalar, java.util.Arrays.copyOfRange(got, 7, 39), what + ": SEC1 scalar");
                assertArrayEquals(point, java.util.Arrays.copyOfRange(got, 56, 121), what + ": SEC1 public key");
            } else if (name.equals("DAC_key.pem")) {
                String pem = new String(got, StandardCharsets.US_ASCII);
                assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), what);
                byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
                ECPrivateKey k =
                        (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
                assertEquals(new BigInteger(1, scalar), k.getS(), what);
            }
        }

        void paiFile(Path file, byte[] got, String what) throws Exception {
            Path staging = top.resolve("staging");
            X509Certificate pai = cert(Files.readAllBytes(staging.resolve("pai_cert.der")));
            AttestationCertificates.checkPai(pai);
            X509Certificate paa = cert(Files.readAllBytes(runDir.resolve("inputs/paa-cert.pem")));
            pai.verify(paa.getPublicKey());
            assertEquals(
                    List.of("2.5.29.19", "2.5.29.15", "2.5.29.14", "2.5.29.35"),
                    extensionOrder(pai.getEncoded()),
                    what);
            JsonNode ref = null;
            for (JsonNode e : expected.get("devices").get(0).get("nvs_entries")) {
                if (e.get("key").asString().equals("pai-cert")) {
                    ref = e;
                }
            }
            X509Certificate refPai =
                    cert(HexFormat.of().parseHex(ref.get("value").asString()));
            assertEquals(refPai.getSubjectX500Principal(), pai.getSubjectX500Principal(), what + ": subject");
            assertEquals(refPai.getNotBefore(), pai.getNotBefore(), what);
            assertEquals(refPai.getNotAfter(), pai.getNotAfter(), what);
            String name = file.getFileName().toString();
            if (name.endsWith(".der") || name.equals("pai_cert.pem")) {
                assertArrayEquals(pai.getEncoded(), cert(got).getEncoded(), what);
            } else {
                byte[] der = Base64.getMimeDecoder()
                        .decode(new String(got, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", ""));
                ECPrivateKey k =
                        (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
                assertArrayEquals(P256Keys.publicPoint(pai.getPublicKey()), P256Keys.multiplyGenerator(k.getS()), what);
            }
        }

        void onboarding(int device, byte[] got, String what) {
            String text = new String(got, StandardCharsets.UTF_8);
            assertTrue(text.startsWith("qrcode,manualcode,discriminator,passcode\n"), what);
            List<String> row = onboardingRow(device);
            SetupPayload p = SetupPayload.parseQrCode(row.get(0));
            assertEquals(Integer.parseInt(row.get(3)), p.passcode(), what + ": QR passcode");
            assertEquals(Integer.parseInt(row.get(2)), p.discriminator().value(), what + ": QR discriminator");
            SetupPayload.ManualCode m = SetupPayload.ManualCode.parse(row.get(1));
            assertEquals(p.passcode(), m.passcode(), what + ": manual passcode");
            assertEquals(p.discriminator().shortValue(), m.shortDiscriminator(), what);
            assertEquals(p.formattedManualCode(), row.get(1), what);
        }

        List<String> onboardingRow(int device) {
            try {
                Path f = top.resolve(uuids.get(device)).resolve(uuids.get(device) + "-onb_codes.csv");
                return csv(f).get(1);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void dacList(byte[] got, String what) throws IOException {
            String text = new String(got, StandardCharsets.UTF_8);
            assertTrue(text.startsWith("CN,certs\r\n"), what);
            List<List<String>> rows = csv(text);
            assertEquals(uuids.size() + 1, rows.size(), what);
            for (int i = 0; i < uuids.size(); i++) {
                assertEquals(uuids.get(i), rows.get(i + 1).get(0), what);
                assertEquals(
                        Files.readString(top.resolve(uuids.get(i)).resolve("internal/DAC_cert.pem")),
                        rows.get(i + 1).get(1),
                        what);
            }
        }
    }

    // ---- helpers

    static List<List<String>> csv(Path f) throws IOException {
        return csv(Files.readString(f));
    }

    static List<List<String>> csv(String text) {
        return CsvParser.parse(text, false).stream()
                .map(CsvParser.Record::fields)
                .toList();
    }

    static X509Certificate cert(byte[] data) {
        return CredentialReader.certificates(data, "certificate").get(0);
    }

    /** The QR text ZXing reads from a PNG: an independent decoder of what nayuki's encoder drew. */
    static String decodeQr(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(198, img.getWidth(), "version 2 at 6 pixels a module, quiet zone 4");
        int[] rgb = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        BinaryBitmap bitmap =
                new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(img.getWidth(), img.getHeight(), rgb)));
        return new QRCodeReader()
                .decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE))
                .getText();
    }

    /** The extension OIDs of a DER certificate, in their order (a small DER walk: TBS → [3] → SEQUENCE). */
    static List<String> extensionOrder(byte[] der) {
        Der cert = new Der(der, 0);
        Der tbs = cert.child(0);
        Der ext = null;
        for (Der d = tbs.child(0); d != null; d = d.next()) {
            if ((d.tag & 0xFF) == 0xA3) {
                ext = d.child(0);
            }
        }
        List<String> oids = new ArrayList<>();
        for (Der e = ext.child(0); e != null; e = e.next()) {
            oids.add(e.child(0).oid());
        }
        return oids;
    }

    private static final class Der {
        final byte[] b;
        final int start;
        final int tag;
        final int bodyStart;
        final int end;
        final int parentEnd;

        Der(byte[] b, int start) {
            this(b, start, b.length);
        }

        Der(byte[] b, int start, int parentEnd) {
            this.b = b;
            this.start = start;
            this.parentEnd = parentEnd;
            tag = b[start] & 0xFF;
            int len = b[start + 1] & 0xFF;
            int p = start + 2;
            if (len > 0x80) {
                int n = len - 0x80;
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = len << 8 | (b[p++] & 0xFF);
                }
            }
            bodyStart = p;
            end = p + len;
        }

        Der child(int i) {
            return bodyStart < end ? new Der(b, bodyStart, end) : null;
        }

        Der next() {
            return end < parentEnd ? new Der(b, end, parentEnd) : null;
        }

        String oid() {
            StringBuilder s = new StringBuilder();
            int first = b[bodyStart] & 0xFF;
            s.append(first / 40).append('.').append(first % 40);
            long v = 0;
            for (int i = bodyStart + 1; i < end; i++) {
                v = v << 7 | (b[i] & 0x7F);
                if ((b[i] & 0x80) == 0) {
                    s.append('.').append(v);
                    v = 0;
                }
            }
            return s.toString();
        }
    }
}
