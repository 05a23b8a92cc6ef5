package dev.nvsgen.matter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Spake2pVerifierTest {
    /** The connectedhomeip SDK's test commissionable data (the spake2p tool's and every example device's). */
    @Test
    void chipSdkTestVector() {
        Spake2pVerifier v = Spake2pVerifier.derive(
                Passcode.of(20202021), "SPAKE2P Key Salt".getBytes(StandardCharsets.US_ASCII), 1000);
        assertEquals(
                "uWFwqugDNGiEck/po7KHwwMwwqZgN10XuyBajPGuyzUEV/iree4lOrao5GuwnlQ65CJzbeUB49s31EH+NEkg0JVI5MGCQGMMT/SRPFNRODm3wH/MBiehuFc6FJ/NH6Rmzw==",
                v.base64());
        assertEquals(Spake2pVerifier.LENGTH, v.bytes().length());
    }

    /** What esp-matter-mfg-tool 1.0.23 computed for its pinned vectors (salt of 32 random bytes, 1000 and 10000 iterations). */
    @Test
    void referenceToolVectors() {
        assertEquals(
                "8FXMW6tEVI+N6nJHQh7UJv9trSPXqZqHDfOFz8NgPI0Ef4stLjqB0xaxV3ubb6AOnrK8I06HPcs6mRSuJL8Fa9KAbwCfyHmnb2PITnN8rb1+7f4+kC1R9m52XcnTHgngjA==",
                Spake2pVerifier.derive(Passcode.of(20202021), b64("JEMJ1hsNX13sdtuEYPN/X8TgdK4wWbEdkOW/8MyK2G0="), 1000)
                        .base64());
        assertEquals(
                "WnnrBUFVnFiuxSk6BXqaJcbHbfl0tnvNr8F5OVTP8QcEatnoXvi84blWRxtzhykzCR/aa2lHL1kX16dIJdA58+T3se3IFa+n8BvYv8X7EOHnna/i/7m78VAz28itPunpjQ==",
                Spake2pVerifier.derive(
                                Passcode.of(34567890), b64("vug0V0cXaOIS0ytM3883vPL/RgpgK+yPJ2DiT3qfFmc="), 10000)
                        .base64());
    }

    /** RFC 7914 section 11: PBKDF2-HMAC-SHA-256 of "passwd", "salt", c = 1, 64 bytes. */
    @Test
    void pbkdf2KnownAnswer() {
        byte[] dk = Spake2pVerifier.pbkdf2(
                "passwd".getBytes(StandardCharsets.US_ASCII), "salt".getBytes(StandardCharsets.US_ASCII), 1, 64);
        assertEquals(
                "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
                HexFormat.of().formatHex(dk));
        byte[] dk2 = Spake2pVerifier.pbkdf2(
                "Password".getBytes(StandardCharsets.US_ASCII), "NaCl".getBytes(StandardCharsets.US_ASCII), 80000, 64);
        assertEquals(
                "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d",
                HexFormat.of().formatHex(dk2));
    }

    @Test
    void matchesOnlyItsInputs() {
        byte[] salt = b64("JEMJ1hsNX13sdtuEYPN/X8TgdK4wWbEdkOW/8MyK2G0=");
        Spake2pVerifier v = Spake2pVerifier.derive(Passcode.of(20202021), salt, 1000);
        assertTrue(v.matches(Passcode.of(20202021), salt, 1000));
        assertFalse(v.matches(Passcode.of(20202022), salt, 1000));
        assertFalse(v.matches(Passcode.of(20202021), salt, 1001));
    }

    @Test
    void refusesWhatTheSpecificationDoes() {
        Passcode p = Passcode.of(20202021);
        assertEquals(
                "the SPAKE2+ salt is 15 bytes; the Matter specification wants 16 to 32",
                assertThrows(IllegalArgumentException.class, () -> Spake2pVerifier.derive(p, new byte[15], 1000))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Spake2pVerifier.derive(p, new byte[33], 1000));
        assertEquals(
                "SPAKE2+ iteration count 999 is out of range: the Matter specification allows 1000 to 100000",
                assertThrows(IllegalArgumentException.class, () -> Spake2pVerifier.derive(p, new byte[16], 999))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> Spake2pVerifier.derive(p, new byte[16], 100_001));
        assertEquals(
                "a SPAKE2+ verifier is 97 bytes (w0 and L), this one is 96",
                assertThrows(IllegalArgumentException.class, () -> Spake2pVerifier.of(new byte[96]))
                        .getMessage());
    }

    private static byte[] b64(String s) {
        return Base64.getDecoder().decode(s);
    }
}
