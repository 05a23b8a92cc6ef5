package dev.nvsgen.securecert;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.crypto.flash.Chip;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A key the device's eFuse must hold before the partition works: the HMAC key of the RSA DS peripheral
 * (purpose {@code HMAC_DOWN_DIGITAL_SIGNATURE}) or the ECDSA peripheral's key ({@code ECDSA_KEY…}). Burning is
 * done with espefuse on the device; {@link #commandLine} says how. Never prints key bytes.
 */
public final class EfuseKeyBurn {
    /** The purpose espefuse sets for the RSA DS peripheral's HMAC key. */
    public static final String HMAC_DOWN_DIGITAL_SIGNATURE = "HMAC_DOWN_DIGITAL_SIGNATURE";

    private final int keyId;
    private final String purpose;
    private final Optional<HmacKey> hmacKey;
    private final boolean generated;
    private final byte[] ecdsaScalar;

    private EfuseKeyBurn(int keyId, String purpose, Optional<HmacKey> hmacKey, boolean generated, byte[] ecdsaScalar) {
        this.keyId = keyId;
        this.purpose = purpose;
        this.hmacKey = hmacKey;
        this.generated = generated;
        this.ecdsaScalar = ecdsaScalar;
    }

    static EfuseKeyBurn hmac(int keyId, HmacKey key, boolean generated) {
        return new EfuseKeyBurn(keyId, HMAC_DOWN_DIGITAL_SIGNATURE, Optional.of(key), generated, null);
    }

    static EfuseKeyBurn ecdsa(int keyId, int bits, byte[] scalar) {
        String purpose = bits == 192 ? "ECDSA_KEY_P192" : bits == 384 ? "ECDSA_KEY_P384" : "ECDSA_KEY";
        return new EfuseKeyBurn(keyId, purpose, Optional.empty(), false, scalar.clone());
    }

    /** The eFuse key block number, 0 to 5 ({@code BLOCK_KEY0}..{@code BLOCK_KEY5}). */
    public int keyId() {
        return keyId;
    }

    /** espefuse's block name: {@code BLOCK_KEY1}. */
    public String block() {
        return "BLOCK_KEY" + keyId;
    }

    /** espefuse's key purpose: {@code HMAC_DOWN_DIGITAL_SIGNATURE}, {@code ECDSA_KEY}, … */
    public String purpose() {
        return purpose;
    }

    /** The HMAC key (RSA DS); write it owner-only, it is the device's secret. */
    public Optional<HmacKey> hmacKey() {
        return hmacKey;
    }

    /** True if this run made the HMAC key (none was given): it must be kept to burn it. */
    public boolean generated() {
        return generated;
    }

    public boolean isEcdsa() {
        return ecdsaScalar != null;
    }

    /** The ECDSA peripheral's key as the tool's {@code ecdsa_key.bin} holds it (big-endian scalar); a secret. */
    public byte[] exportEcdsaKey() {
        if (ecdsaScalar == null) {
            throw new IllegalStateException("not an ECDSA peripheral key");
        }
        return ecdsaScalar.clone();
    }

    /**
     * The espefuse command that burns this key: {@code espefuse.py --chip esp32s3 -p PORT burn_key BLOCK_KEY1
     * hmac_key.bin HMAC_DOWN_DIGITAL_SIGNATURE}.
     *
     * @param keyFile the file to burn: the HMAC key file, or for ECDSA the private key (PEM)
     */
    public String commandLine(Chip chip, String port, String keyFile) {
        Objects.requireNonNull(chip, "chip");
        return "espefuse.py --chip " + chip.id() + " -p " + port + " burn_key " + block() + " " + keyFile + " "
                + purpose;
    }

    @Override
    public String toString() {
        return "EfuseKeyBurn[" + block() + ", " + purpose + (generated ? ", generated" : "") + ", redacted]";
    }

    void wipe() {
        if (ecdsaScalar != null) {
            Arrays.fill(ecdsaScalar, (byte) 0);
        }
    }
}
