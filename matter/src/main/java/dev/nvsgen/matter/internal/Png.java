package dev.nvsgen.matter.internal;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A 1-bit greyscale PNG (ISO/IEC 15948) of a black-and-white raster: signature, IHDR, one IDAT
 * (zlib-deflated scanlines, filter 0), IEND. Enough for QR codes, and no java.desktop (whose ImageIO is
 * some 12 MB of a runtime image and 30 ms of start-up) for it.
 */
public final class Png {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Png() {}

    /** The PNG of {@code width × height} pixels where {@code black(x, y)} says which are black. */
    public static byte[] bilevel(int width, int height, PixelSource black) {
        int rowBytes = (width + 7) / 8;
        byte[] raw = new byte[height * (rowBytes + 1)];
        for (int y = 0; y < height; y++) {
            int base = y * (rowBytes + 1); // filter type 0 at base
            for (int x = 0; x < width; x++) {
                if (!black.isBlack(x, y)) { // 1 = white in greyscale
                    raw[base + 1 + x / 8] |= (byte) (0x80 >>> (x % 8));
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        out.write(SIGNATURE, 0, SIGNATURE.length);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 1; // bit depth
        ihdr[9] = 0; // colour type: greyscale
        // compression 0 (deflate), filter method 0, no interlace
        chunk(out, "IHDR", ihdr);
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        d.setInput(raw);
        d.finish();
        byte[] buf = new byte[raw.length + 64];
        int n = 0;
        while (!d.finished()) {
            n += d.deflate(buf, n, buf.length - n);
        }
        d.end();
        chunk(out, "IDAT", java.util.Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** Which pixels are black. */
    @FunctionalInterface
    public interface PixelSource {
        boolean isBlack(int x, int y);
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.write(len, 0, 4);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t, 0, 4);
        out.write(data, 0, data.length);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.write(c, 0, 4);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
