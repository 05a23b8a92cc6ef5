package dev.nvsgen.securecert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.nvs.Bytes;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Writer and reader are symmetric (seeded random partitions, seed in the test name), and a flipped byte anywhere
 * in a TLV is found at that TLV's offset.
 */
class TlvRoundTripTest {
    static LongStream seeds() {
        long base = Long.getLong("nvsgen.seed", 0x5EC0DEL);
        return LongStream.range(base, base + 40);
    }

    static TlvPartition randomPartition(Random r) {
        TlvPartition.Builder b = TlvPartition.builder();
        TlvType[] types = TlvType.values();
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            TlvType t = types[r.nextInt(types.length)];
            if (t == TlvType.INTEGRITY) {
                continue;
            }
            byte[] data = new byte[r.nextInt(300)];
            r.nextBytes(data);
            TlvFlags f = t == TlvType.PRIV_KEY ? TlvFlags.values()[r.nextInt(TlvFlags.values().length)] : TlvFlags.NONE;
            b.add(TlvEntry.of(t, TlvSubtype.fromCode(i, 0), f, Bytes.of(data)));
        }
        return r.nextBoolean() ? b.buildWithIntegrity() : b.build();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void readGivesBackWhatWasWritten(long seed) {
        TlvPartition p = randomPartition(new Random(seed));
        byte[] bytes = p.toBytes();
        assertEquals(0, bytes.length % 16, "seed " + seed + ": TLVs are 16-byte blocks");
        TlvImage image = TlvReader.read(bytes);
        assertEquals(p, image.toPartition(), "seed " + seed);
        assertEquals(bytes.length, image.end());
        image.tlvs().forEach(t -> assertTrue(t.crcOk(), "seed " + seed));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void erasedFlashAfterThePartitionReadsTheSame(long seed) {
        TlvPartition p = randomPartition(new Random(seed));
        byte[] bytes = p.toBytes();
        byte[] flash = new byte[TlvPartition.DEFAULT_PARTITION_SIZE];
        java.util.Arrays.fill(flash, (byte) 0xFF);
        System.arraycopy(bytes, 0, flash, 0, bytes.length);
        TlvImage image = TlvReader.read(flash);
        assertEquals(p, image.toPartition(), "seed " + seed);
        assertEquals(TlvReader.read(bytes).findings(), image.findings(), "seed " + seed);
    }

    /** Every byte of every TLV, flipped: the damage is reported at that TLV's offset (or the integrity's). */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aFlippedByteIsFoundAtItsTlv(long seed) {
        Random r = new Random(seed);
        TlvPartition p = randomPartition(r);
        byte[] good = p.toBytes();
        long offset = 0;
        for (TlvEntry e : p.entries()) {
            int pos = (int) offset + r.nextInt(e.totalLength());
            byte[] bad = good.clone();
            bad[pos] ^= (byte) (1 << r.nextInt(8));
            List<SecureCertFinding> findings = TlvReader.read(bad).findings();
            long at = offset;
            assertTrue(
                    findings.stream()
                                    .anyMatch(f -> f.offset() == at && f.severity() == SecureCertFinding.Severity.ERROR)
                            || findings.stream()
                                    .anyMatch(f -> f.kind() == SecureCertFinding.Kind.TRUNCATED
                                            || f.kind() == SecureCertFinding.Kind.BAD_HEADER),
                    "seed " + seed + ": byte 0x" + Integer.toHexString(pos) + " flipped in the TLV at 0x"
                            + Long.toHexString(at) + ", findings " + findings);
            offset += e.totalLength();
        }
    }

    @Test
    void codesFailWithTheValueInHexAndTheOffset() {
        assertEquals(
                "unknown TLV type 0x2a at offset 0x48",
                assertThrows(SecureCertFormatException.class, () -> TlvType.fromCode(42, 0x48))
                        .getMessage());
        assertEquals(
                "TLV subtype 0x11 at offset 0x9 is outside 0 to 16",
                assertThrows(SecureCertFormatException.class, () -> TlvSubtype.fromCode(17, 9))
                        .getMessage());
        assertEquals(
                "unknown TLV flags 0x01 at offset 0x4",
                assertThrows(SecureCertFormatException.class, () -> TlvFlags.fromCode(1, 4))
                        .getMessage());
        byte[] b = new byte[16];
        assertEquals(
                "bad TLV magic at offset 0x0: expected 0xba5eba11 but was 0x00000000",
                assertThrows(SecureCertFormatException.class, () -> TlvHeader.parse(b, 0))
                        .getMessage());
    }

    @Test
    void headerLayout() {
        byte[] b = new byte[TlvHeader.SIZE];
        new TlvHeader(TlvFlags.ECDSA_PERIPHERAL, TlvType.PRIV_KEY, TlvSubtype.SUBTYPE_3, 0x1234).writeTo(b, 0);
        assertEquals("11ba5eba08000000020334 12".replace(" ", ""), Bytes.of(b).hex());
        assertEquals(
                new TlvHeader(TlvFlags.ECDSA_PERIPHERAL, TlvType.PRIV_KEY, TlvSubtype.SUBTYPE_3, 0x1234),
                TlvHeader.parse(b, 0));
    }

    @Test
    void aDamagedHeaderDoesNotHideTheTlvsAfterIt() {
        TlvPartition p = TlvPartition.builder()
                .add(TlvEntry.of(TlvType.USER_DATA_1, TlvSubtype.SUBTYPE_0, Bytes.of(new byte[20])))
                .add(TlvEntry.of(TlvType.USER_DATA_2, TlvSubtype.SUBTYPE_0, Bytes.of(new byte[3])))
                .buildWithIntegrity();
        byte[] b = p.toBytes();
        b[8] = 42; // the first TLV's type byte
        TlvImage image = TlvReader.read(b);
        assertEquals(
                List.of(TlvType.USER_DATA_2, TlvType.INTEGRITY),
                image.tlvs().stream().map(t -> t.entry().type()).toList());
        assertEquals(SecureCertFinding.Kind.BAD_HEADER, image.findings().get(0).kind());
        assertEquals(
                "offset 0x0: unknown TLV type 0x2a at offset 0x8; the device skips this TLV",
                image.findings().get(0).toString());
        assertEquals(Integrity.FAILED, image.integrity());
    }

    @Test
    void notATlvPartition() {
        TlvImage image = TlvReader.read(new byte[] {1, 2, 3});
        assertEquals(
                "partition: no TLV magic 0xba5eba11 at offset 0: not an esp_secure_cert TLV partition",
                image.findings().get(0).toString().replace("offset 0x0", "partition"));
    }
}
