package dev.nvsgen.nvs.util;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding for input files: a file in another encoding is refused rather than misread
 * ({@code new String(bytes, UTF_8)} would quietly put U+FFFD in place of every bad byte).
 */
public final class Utf8Text {
    private Utf8Text() {}

    /** The text {@code bytes} encode; throws when they are not valid UTF-8. */
    public static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
