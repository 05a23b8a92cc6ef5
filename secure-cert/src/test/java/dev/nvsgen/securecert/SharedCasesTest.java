package dev.nvsgen.securecert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.Bytes;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every case of {@code ../shared/secure-cert}: what the generator writes for the case's command line is
 * {@code expected.bin} byte for byte (DS cases with the case's pinned IV), and with another IV the DS data
 * decrypts, under the case's AES key, to the fields the layout prescribes.
 */
class SharedCasesTest {
    private static final HexFormat HEX = HexFormat.of();

    static List<Path> cases() throws Exception {
        return SharedFixtures.cases();
    }

    static JsonNode json(Path dir) throws Exception {
        return new ObjectMapper().readTree(dir.resolve("case.json").toFile());
    }

    static PinnedRandom pinned(JsonNode c) {
        String cmd = c.get("command").asString();
        if (!cmd.startsWith("PIN_URANDOM_HEX=")) {
            return new PinnedRandom(new byte[0]);
        }
        return new PinnedRandom(HEX.parseHex(cmd.substring("PIN_URANDOM_HEX=".length(), cmd.indexOf(' '))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesExpectedBytes(Path dir) throws Exception {
        SharedFixtures.assumePresent(dir);
        JsonNode c = json(dir);
        SecureCertRequest request = CaseRequests.fromCommand(c.get("command").asString(), dir);
        byte[] written = SecureCertGenerator.generate(request, pinned(c)).bytes();
        byte[] expected = Files.readAllBytes(dir.resolve("expected.bin"));
        assertEquals(expected.length, written.length, dir + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != written[i]) {
                throw new AssertionError(String.format(
                        "%s: first difference at offset 0x%x: expected 0x%02x, wrote 0x%02x",
                        dir.getFileName(), i, expected[i] & 0xFF, written[i] & 0xFF));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tlvsAreTheOnesListed(Path dir) throws Exception {
        SharedFixtures.assumePresent(dir);
        JsonNode c = json(dir);
        if (!c.has("tlvs")) {
            return;
        }
        TlvImage image = TlvReader.read(Files.readAllBytes(dir.resolve("expected.bin")));
        assertEquals(c.get("tlvs").size(), image.tlvs().size());
        for (int i = 0; i < image.tlvs().size(); i++) {
            JsonNode e = c.get("tlvs").get(i);
            LocatedTlv t = image.tlvs().get(i);
            assertEquals(e.get("offset").asLong(), t.offset());
            assertEquals(e.get("type").asInt(), t.entry().type().code());
            assertEquals(e.get("name").asString(), t.entry().type().name());
            assertEquals(e.get("subtype").asInt(), t.entry().subtype().code());
            assertEquals(e.get("flags").asInt(), t.entry().flags().code());
            assertEquals(e.get("length").asInt(), t.entry().data().length());
            assertEquals(e.get("padding").asInt(), t.entry().padding());
            assertEquals(e.get("total").asInt(), t.entry().totalLength());
            assertEquals(Long.decode(e.get("crc32").asString()).intValue(), t.storedCrc());
            assertTrue(t.crcOk());
            assertEquals(
                    e.get("data_sha256").asString(), sha256(t.entry().data().toByteArray()));
        }
        assertEquals(Integrity.OK, image.integrity());
        assertEquals(List.of(), image.findings());
    }

    /** DS with a fresh IV: all other TLVs byte-equal, DS data decrypted with the case's AES key checks out. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void dsDataWithAnotherIvDecrypts(Path dir) throws Exception {
        SharedFixtures.assumePresent(dir);
        JsonNode c = json(dir);
        if (!c.has("ds") || !c.get("format").asString().equals("cust_flash_tlv")) {
            return;
        }
        JsonNode ds = c.get("ds");
        byte[] iv = HEX.parseHex("00112233445566778899aabbccddeeff");
        SecureCertRequest request = CaseRequests.fromCommand(c.get("command").asString(), dir);
        byte[] written =
                SecureCertGenerator.generate(request, new PinnedRandom(iv)).bytes();
        TlvImage mine = TlvReader.read(written);
        TlvImage theirs = TlvReader.read(Files.readAllBytes(dir.resolve("expected.bin")));
        assertEquals(theirs.end(), mine.end(), "partition length");
        assertEquals(List.of(), mine.findings());
        assertEquals(Integrity.OK, mine.integrity());
        for (int i = 0; i < theirs.tlvs().size(); i++) {
            TlvEntry t = theirs.tlvs().get(i).entry();
            TlvEntry m = mine.tlvs().get(i).entry();
            assertEquals(t.header(), m.header());
            if (t.type() != TlvType.DS_DATA && t.type() != TlvType.INTEGRITY) {
                assertEquals(t, m, t.type() + " must be byte-equal");
            }
        }
        byte[] data = mine.find(TlvType.DS_DATA, TlvSubtype.SUBTYPE_0)
                .orElseThrow()
                .entry()
                .data()
                .toByteArray();
        ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int bits = ds.get("rsa_bits").asInt();
        int max = ds.get("chip_max_bits").asInt() / 8;
        assertEquals(ds.get("rsa_length_param").asInt(), bb.getInt(0));
        assertArrayEquals(iv, Arrays.copyOfRange(data, 4, 20));
        byte[] cText = Arrays.copyOfRange(data, 20, data.length);
        assertEquals(ds.get("c_bytes").asInt(), cText.length);
        Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
        aes.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(HEX.parseHex(ds.get("aes_key").asString()), "AES"),
                new IvParameterSpec(iv));
        byte[] p = aes.doFinal(cText);
        RSAPrivateCrtKey key = (RSAPrivateCrtKey)
                PrivateKeyFile.read(Files.readAllBytes(dir.resolve("device.key")), "device.key", null)
                        .exportPrivateKey();
        BigInteger n = key.getModulus();
        assertArrayEquals(le(key.getPrivateExponent(), max), Arrays.copyOfRange(p, 0, max), "Y");
        assertArrayEquals(le(n, max), Arrays.copyOfRange(p, max, 2 * max), "M");
        assertArrayEquals(
                le(BigInteger.ONE.shiftLeft(2 * bits).mod(n), max), Arrays.copyOfRange(p, 2 * max, 3 * max), "Rb");
        ByteBuffer tail = ByteBuffer.wrap(p, 3 * max + 32, 8).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(Long.decode(ds.get("mprime").asString()).intValue(), tail.getInt(), "M'");
        assertEquals(bits / 32 - 1, tail.getInt(), "L");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(p, 0, 3 * max);
        sha.update(p, 3 * max + 32, 8);
        sha.update(iv);
        assertArrayEquals(sha.digest(), Arrays.copyOfRange(p, 3 * max, 3 * max + 32), "MD");
        for (int i = p.length - 8; i < p.length; i++) {
            assertEquals(8, p[i], "padding");
        }
        assertEquals(p.length, 3 * max + 32 + 8 + 8);
        byte[] ctx = mine.find(TlvType.DS_CONTEXT, TlvSubtype.SUBTYPE_0)
                .orElseThrow()
                .entry()
                .data()
                .toByteArray();
        assertArrayEquals(
                new DsContext(ds.get("efuse_key_id").asInt(), bits).toBytes().toByteArray(), ctx);
        LocatedTlv integrity = mine.tlvs().get(mine.tlvs().size() - 1);
        assertEquals(
                Bytes.of(MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(written, (int) integrity.offset()))),
                integrity.entry().data());
    }

    static byte[] le(BigInteger v, int width) {
        byte[] be = v.toByteArray();
        byte[] out = new byte[width];
        for (int i = 0; i < be.length && i < width; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    static String sha256(byte[] b) throws Exception {
        return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
