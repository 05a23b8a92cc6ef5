package dev.nvsgen.matter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SetupPayloadTest {
    /** The connectedhomeip SDK's test device: VID 0xFFF1, PID 0x8000, BLE, discriminator 3840, passcode 20202021. */
    @Test
    void chipSdkTestDevice() {
        SetupPayload p =
                new SetupPayload(0xFFF1, 0x8000, CommissioningFlow.STANDARD, 2, new Discriminator(3840), 20202021);
        assertEquals("MT:Y.K9042C00KA0648G00", p.qrCode());
        assertEquals("34970112332", p.manualCode());
        assertEquals("3497-011-2332", p.formattedManualCode());
    }

    /** esp-matter-mfg-tool's outputs for its vectors: VID 0x4D2 / PID 0xB, and a custom flow with BLE + on-network. */
    @Test
    void referenceToolVectors() {
        SetupPayload p =
                new SetupPayload(0x4d2, 0xb, CommissioningFlow.STANDARD, 2, new Discriminator(0x123), 24681357);
        assertEquals("MT:ERAT2UB-03WUUR1VJ00", p.qrCode());
        assertEquals("0234-371-5068", p.formattedManualCode());
        SetupPayload q =
                new SetupPayload(0xFFF2, 0x8001, CommissioningFlow.STANDARD, 2, new Discriminator(3840), 20202021);
        assertEquals("MT:634J042C00KA0648G00", q.qrCode());
    }

    @Test
    void customFlowCarriesVendorAndProduct() {
        SetupPayload p =
                new SetupPayload(0xFFF1, 0x8003, CommissioningFlow.CUSTOM, 6, new Discriminator(0xABC), 45454545);
        String m = p.manualCode();
        assertEquals(21, m.length());
        assertEquals("65521", m.substring(10, 15));
        assertEquals("32771", m.substring(15, 20));
        assertTrue(Verhoeff.isValid(m));
        assertEquals(
                m.substring(0, 4) + "-" + m.substring(4, 7) + "-" + m.substring(7, 11) + "\n" + m.substring(11, 15)
                        + "-" + m.substring(15, 18) + "-" + m.substring(18, 20) + "-" + m.substring(20),
                p.formattedManualCode());
        assertTrue(((m.charAt(0) - '0') & 4) != 0, "first digit flags VID and PID");
    }

    /** The QR payload's fields at their bit positions (spec 5.1.3.1), read back from the 88-bit number independently. */
    @Test
    void qrBitLayout() {
        SetupPayload p =
                new SetupPayload(0xABCD, 0x1234, CommissioningFlow.USER_INTENT, 4, new Discriminator(0xFED), 0x5F5E0FE);
        byte[] le = Base38.decode(p.qrCode().substring(3));
        assertEquals(11, le.length);
        byte[] be = new byte[12];
        for (int i = 0; i < 11; i++) {
            be[11 - i] = le[i];
        }
        BigInteger n = new BigInteger(be);
        assertEquals(0, bits(n, 0, 3));
        assertEquals(0xABCD, bits(n, 3, 16));
        assertEquals(0x1234, bits(n, 19, 16));
        assertEquals(1, bits(n, 35, 2));
        assertEquals(4, bits(n, 37, 8));
        assertEquals(0xFED, bits(n, 45, 12));
        assertEquals(0x5F5E0FE, bits(n, 57, 27));
        assertEquals(0, bits(n, 84, 4));
    }

    private static long bits(BigInteger n, int from, int len) {
        return n.shiftRight(from)
                .and(BigInteger.ONE.shiftLeft(len).subtract(BigInteger.ONE))
                .longValue();
    }

    static LongStream seeds() {
        long seed = new Random().nextLong();
        System.out.println("SetupPayloadTest seed " + seed);
        return LongStream.of(seed);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void roundTrips(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            int passcode;
            do {
                passcode = 1 + r.nextInt(Passcode.MAX);
            } while (!Passcode.isValid(passcode));
            CommissioningFlow flow = CommissioningFlow.values()[r.nextInt(3)];
            SetupPayload p = new SetupPayload(
                    r.nextInt(0x10000),
                    r.nextInt(0x10000),
                    flow,
                    r.nextInt(256),
                    new Discriminator(r.nextInt(4096)),
                    passcode);
            assertEquals(p, SetupPayload.parseQrCode(p.qrCode()), "seed " + seed);
            assertEquals(22, p.qrCode().length(), "seed " + seed);
            SetupPayload.ManualCode m = SetupPayload.ManualCode.parse(p.formattedManualCode());
            assertEquals(passcode, m.passcode(), "seed " + seed);
            assertEquals(p.discriminator().shortValue(), m.shortDiscriminator(), "seed " + seed);
            if (flow != CommissioningFlow.STANDARD) {
                assertEquals(p.vendorId(), m.vendorId(), "seed " + seed);
                assertEquals(p.productId(), m.productId(), "seed " + seed);
            }
            byte[] data = new byte[r.nextInt(20)];
            r.nextBytes(data);
            assertArrayEquals(
                    data,
                    Base38.decode(Base38.encode(data)),
                    "seed " + seed + " " + HexFormat.of().formatHex(data));
        }
    }

    @Test
    void base38KnownAnswers() {
        assertEquals("", Base38.encode(new byte[0]));
        assertEquals("00", Base38.encode(new byte[] {0}));
        assertEquals("R6", Base38.encode(new byte[] {(byte) 0xFF})); // 255 = 27 + 6·38, least significant first
        assertEquals("0000", Base38.encode(new byte[] {0, 0}));
        assertEquals("NE71", Base38.encode(new byte[] {(byte) 0xFF, (byte) 0xFF}));
        assertEquals("PLS18", Base38.encode(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));
        assertEquals(
                "'!' at 1 is not a Base38 character",
                assertThrows(IllegalArgumentException.class, () -> Base38.decode("0!"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Base38.decode("..")); // 1443 > 255
    }

    @Test
    void verhoeffKnownAnswers() {
        assertEquals('3', Verhoeff.checkDigit("236"));
        assertEquals('1', Verhoeff.checkDigit("12345"));
        assertTrue(Verhoeff.isValid("2363"));
        assertTrue(!Verhoeff.isValid("2336"));
        assertEquals('2', Verhoeff.checkDigit("3497011233"));
    }

    @Test
    void badInput() {
        assertEquals(
                "vendor ID 65536 is out of range: 16 bits, 0 to 0xFFFF",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new SetupPayload(
                                        0x10000, 0, CommissioningFlow.STANDARD, 2, new Discriminator(0), 20202021))
                        .getMessage());
        assertEquals(
                "discriminator 4096 is out of range: it has 12 bits, 0 to 4095 (0xFFF)",
                assertThrows(IllegalArgumentException.class, () -> new Discriminator(4096))
                        .getMessage());
        assertEquals(
                "the check digit of manual code '3497-011-2333' is wrong",
                assertThrows(IllegalArgumentException.class, () -> SetupPayload.ManualCode.parse("3497-011-2333"))
                        .getMessage());
        assertEquals(
                "commissioning flow 3 is not one of 0 (standard), 1 (user intent), 2 (custom)",
                assertThrows(IllegalArgumentException.class, () -> CommissioningFlow.of(3))
                        .getMessage());
        assertEquals(
                "SetupPayload[vid 65521, pid 32768, STANDARD, discriminator 3840, passcode redacted]",
                new SetupPayload(0xFFF1, 0x8000, CommissioningFlow.STANDARD, 2, new Discriminator(3840), 20202021)
                        .toString());
    }

    @Test
    void extremes() {
        for (int vid : new int[] {0, 0xFFFF}) {
            for (int disc : new int[] {0, 4095}) {
                for (int pc : new int[] {1, 99999998}) {
                    SetupPayload p =
                            new SetupPayload(vid, vid, CommissioningFlow.CUSTOM, 0xFF, new Discriminator(disc), pc);
                    assertEquals(p, SetupPayload.parseQrCode(p.qrCode()));
                    assertEquals(
                            pc, SetupPayload.ManualCode.parse(p.manualCode()).passcode());
                }
            }
        }
    }
}
