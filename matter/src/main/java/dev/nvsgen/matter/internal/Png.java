package dev.nvsgen.matter.internal;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A 1-bit greyscale PNG (ISO/IEC 15948) of a QR module matrix: signature, IHDR, one IDAT
 * (zlib-deflated scanlines, filter 0), IEND. Enough for QR codes, and no java.desktop (whose ImageIO is
 * some 12 MB of a runtime image and 30 ms of start-up) for it.
 */
public final class Png {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Png() {}

    /**
     * The PNG of a module matrix ({@code modules[y][x]} true for black) drawn {@code scale} pixels a
     * module inside a {@code border}-module white margin: each module row is packed once and repeated.
     */
    public static byte[] modules(boolean[][] modules, int scale, int border) {
        int n = modules.length;
        int side = (n + 2 * border) * scale;
        int rowBytes = (side + 7) / 8;
        byte[] raw = new byte[side * (rowBytes + 1)];
        byte[] white = new byte[rowBytes];
        java.util.Arrays.fill(white, (byte) 0xFF);
        byte[] line = new byte[rowBytes];
        for (int y = 0; y < side; y++) {
            int my = y / scale - border;
            byte[] src = white;
            if (my >= 0 && my < n && y % scale == 0) {
                java.util.Arrays.fill(line, (byte) 0xFF);
                for (int x = 0; x < side; x++) {
                    int mx = x / scale - border;
                    if (mx >= 0 && mx < n && modules[my][mx]) {
                        line[x / 8] &= (byte) ~(0x80 >>> (x % 8));
                    }
                }
            }
            if (my >= 0 && my < n) {
                src = line;
            }
            System.arraycopy(src, 0, raw, y * (rowBytes + 1) + 1, rowBytes); // filter type 0 before each row
        }
        // Padding bits at the end of a row are white (1), as in the per-pixel form; readers ignore them.
        return encode(side, side, raw);
    }

    private static byte[] encode(int width, int height, byte[] raw) {
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
