package dev.nvsgen.matter;

import java.math.BigInteger;

/**
 * What a device's onboarding codes carry (Matter Core Specification 5.1): the QR code payload
 * ({@code MT:} + Base38) and the 11- or 21-digit manual pairing code.
 *
 * <p>QR payload: an 88-bit little-endian number, from bit 0: version (3 bits, 0), vendor ID (16),
 * product ID (16), commissioning flow (2), discovery capabilities (8), discriminator (12), passcode
 * (27), padding (4, zero); its 11 bytes in Base38.
 *
 * <p>Manual code: digit 1 = discriminator bits 10–11, plus 4 when VID and PID follow (any flow but
 * standard); digits 2–6 = passcode bits 0–13 with discriminator bits 8–9 above them; digits 7–10 =
 * passcode bits 14–26; then VID and PID as 5 digits each for a non-standard flow; then the Verhoeff check
 * digit.
 *
 * @param discoveryCapabilities the rendezvous bitmap: bit 0 SoftAP, bit 1 BLE, bit 2 on-network
 */
public record SetupPayload(
        int vendorId,
        int productId,
        CommissioningFlow flow,
        int discoveryCapabilities,
        Discriminator discriminator,
        int passcode) {
    private static final String PREFIX = "MT:";
    private static final int PAYLOAD_BYTES = 11;

    public SetupPayload {
        checkId(vendorId, "vendor ID");
        checkId(productId, "product ID");
        if (discoveryCapabilities < 0 || discoveryCapabilities > 0xFF) {
            throw new IllegalArgumentException(
                    "discovery capabilities " + discoveryCapabilities + " do not fit the 8-bit bitmap");
        }
        Passcode.of(passcode);
    }

    /** The payload of {@code passcode}, whose digits it holds (the payload prints it: it is a secret too). */
    public static SetupPayload of(
            int vendorId,
            int productId,
            CommissioningFlow flow,
            int discoveryCapabilities,
            Discriminator discriminator,
            Passcode passcode) {
        return new SetupPayload(vendorId, productId, flow, discoveryCapabilities, discriminator, passcode.reveal());
    }

    /** The QR code text: {@code MT:} and 19 Base38 characters. */
    public String qrCode() {
        BigInteger bits = BigInteger.valueOf(passcode)
                .shiftLeft(12)
                .or(BigInteger.valueOf(discriminator.value()))
                .shiftLeft(8)
                .or(BigInteger.valueOf(discoveryCapabilities))
                .shiftLeft(2)
                .or(BigInteger.valueOf(flow.code()))
                .shiftLeft(16)
                .or(BigInteger.valueOf(productId))
                .shiftLeft(16)
                .or(BigInteger.valueOf(vendorId))
                .shiftLeft(3); // version 0
        byte[] le = new byte[PAYLOAD_BYTES];
        byte[] be = bits.toByteArray();
        for (int i = 0; i < PAYLOAD_BYTES && i < be.length; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return PREFIX + Base38.encode(le);
    }

    /**
     * The payload a QR code text holds.
     *
     * @throws IllegalArgumentException for text that is not {@code MT:} and 11 Base38-encoded bytes of
     *     version 0 with zero padding and a valid passcode
     */
    public static SetupPayload parseQrCode(String text) {
        if (!text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("'" + text + "' does not start with " + PREFIX);
        }
        byte[] le = Base38.decode(text.substring(PREFIX.length()));
        if (le.length != PAYLOAD_BYTES) {
            throw new IllegalArgumentException("the QR payload holds " + le.length + " bytes, not " + PAYLOAD_BYTES);
        }
        byte[] be = new byte[PAYLOAD_BYTES + 1];
        for (int i = 0; i < PAYLOAD_BYTES; i++) {
            be[PAYLOAD_BYTES - i] = le[i];
        }
        BigInteger bits = new BigInteger(be);
        int version = field(bits, 0, 3);
        if (version != 0) {
            throw new IllegalArgumentException("QR payload version " + version + " is not 0");
        }
        if (field(bits, 84, 4) != 0) {
            throw new IllegalArgumentException("the QR payload's padding bits are not zero");
        }
        return new SetupPayload(
                field(bits, 3, 16),
                field(bits, 19, 16),
                CommissioningFlow.of(field(bits, 35, 2)),
                field(bits, 37, 8),
                new Discriminator(field(bits, 45, 12)),
                field(bits, 57, 27));
    }

    private static int field(BigInteger bits, int from, int length) {
        return bits.shiftRight(from).intValue() & ((1 << length) - 1);
    }

    /** The manual pairing code's digits: 11, or 21 with VID and PID for a non-standard flow. */
    public String manualCode() {
        boolean vidPid = flow != CommissioningFlow.STANDARD;
        int shortDisc = discriminator.shortValue();
        int chunk1 = (shortDisc >> 2 & 0x3) | (vidPid ? 1 << 2 : 0);
        int chunk2 = (passcode & 0x3FFF) | (shortDisc & 0x3) << 14;
        int chunk3 = passcode >> 14 & 0x1FFF;
        StringBuilder s = new StringBuilder(21);
        s.append(chunk1).append(String.format("%05d", chunk2)).append(String.format("%04d", chunk3));
        if (vidPid) {
            s.append(String.format("%05d", vendorId)).append(String.format("%05d", productId));
        }
        s.append(Verhoeff.checkDigit(s));
        return s.toString();
    }

    /**
     * The manual code as esp-matter-mfg-tool prints it: {@code XXXX-XXX-XXXX}, and for 21 digits a second
     * line {@code XXXX-XXX-XX-X}.
     */
    public String formattedManualCode() {
        String m = manualCode();
        String first = m.substring(0, 4) + "-" + m.substring(4, 7) + "-" + m.substring(7, 11);
        if (m.length() == 11) {
            return first;
        }
        return first + "\n" + m.substring(11, 15) + "-" + m.substring(15, 18) + "-" + m.substring(18, 20) + "-"
                + m.substring(20);
    }

    /**
     * What a manual pairing code says: the passcode, the short discriminator (its upper 4 bits) and, in a
     * 21-digit code, VID and PID.
     *
     * @param vendorId 0 for an 11-digit code
     */
    public record ManualCode(
            int passcode, int shortDiscriminator, boolean hasVendorAndProduct, int vendorId, int productId) {
        /**
         * Reads a manual code's digits (dashes, spaces and line breaks ignored).
         *
         * @throws IllegalArgumentException for a length other than 11 or 21, or a wrong check digit
         */
        public static ManualCode parse(String text) {
            String d = text.replaceAll("[-\\s]", "");
            if (d.length() != 11 && d.length() != 21) {
                throw new IllegalArgumentException(
                        "a manual code has 11 or 21 digits, '" + text + "' has " + d.length());
            }
            if (!Verhoeff.isValid(d)) {
                throw new IllegalArgumentException("the check digit of manual code '" + text + "' is wrong");
            }
            int chunk1 = d.charAt(0) - '0';
            int chunk2 = Integer.parseInt(d.substring(1, 6));
            int chunk3 = Integer.parseInt(d.substring(6, 10));
            boolean vidPid = (chunk1 & 4) != 0;
            int passcode = (chunk2 & 0x3FFF) | chunk3 << 14;
            int shortDisc = (chunk1 & 3) << 2 | chunk2 >> 14 & 3;
            if (vidPid != (d.length() == 21)) {
                throw new IllegalArgumentException("manual code '" + text + "' has " + d.length()
                        + " digits but its first digit says VID and PID are " + (vidPid ? "present" : "absent"));
            }
            return vidPid
                    ? new ManualCode(
                            passcode,
                            shortDisc,
                            true,
                            Integer.parseInt(d.substring(10, 15)),
                            Integer.parseInt(d.substring(15, 20)))
                    : new ManualCode(passcode, shortDisc, false, 0, 0);
        }
    }

    private static void checkId(int id, String what) {
        if (id < 0 || id > 0xFFFF) {
            throw new IllegalArgumentException(what + " " + id + " is out of range: 16 bits, 0 to 0xFFFF");
        }
    }

    @Override
    public String toString() {
        return "SetupPayload[vid " + vendorId + ", pid " + productId + ", " + flow + ", discriminator "
                + discriminator.value() + ", passcode redacted]";
    }
}
