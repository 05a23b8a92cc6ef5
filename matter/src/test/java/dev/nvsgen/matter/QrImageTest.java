package dev.nvsgen.matter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

/** The QR PNG read back by ZXing, an independent decoder, through a PNG reader of this test's own (no ImageIO). */
class QrImageTest {
    @Test
    void pngDecodesToThePayload() throws Exception {
        long seed = new Random().nextLong();
        System.out.println("QrImageTest seed " + seed);
        Random r = new Random(seed);
        for (int i = 0; i < 20; i++) {
            int pc;
            do {
                pc = 1 + r.nextInt(Passcode.MAX);
            } while (!Passcode.isValid(pc));
            String text = new SetupPayload(
                            r.nextInt(0x10000),
                            r.nextInt(0x10000),
                            CommissioningFlow.values()[r.nextInt(3)],
                            2,
                            new Discriminator(r.nextInt(4096)),
                            pc)
                    .qrCode();
            QrImage q = QrImage.of(text);
            assertEquals(2, q.version(), "22 alphanumeric characters fit version 2-M, as pyqrcode draws them");
            assertEquals(25, q.size());
            byte[] png = q.png();
            assertEquals(text, decode(png), "seed " + seed);
        }
    }

    /** Reads the 1-bit greyscale PNG QrImage writes: IHDR, IDAT, IEND, filter 0 rows. */
    static String decode(byte[] png) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(png);
        b.position(8);
        int width = 0;
        int height = 0;
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        while (b.hasRemaining()) {
            int len = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            byte[] data = new byte[len];
            b.get(data);
            b.getInt(); // CRC
            String t = new String(type, java.nio.charset.StandardCharsets.US_ASCII);
            if (t.equals("IHDR")) {
                ByteBuffer h = ByteBuffer.wrap(data);
                width = h.getInt();
                height = h.getInt();
                assertEquals(1, data[8], "bit depth");
                assertEquals(0, data[9], "greyscale");
            } else if (t.equals("IDAT")) {
                idat.write(data);
            }
        }
        assertEquals(198, width);
        byte[] raw = new InflaterInputStream(new ByteArrayInputStream(idat.toByteArray())).readAllBytes();
        int rowBytes = (width + 7) / 8;
        byte[] lum = new byte[width * height];
        for (int y = 0; y < height; y++) {
            assertEquals(0, raw[y * (rowBytes + 1)], "filter type");
            for (int x = 0; x < width; x++) {
                boolean white = (raw[y * (rowBytes + 1) + 1 + x / 8] & (0x80 >>> (x % 8))) != 0;
                lum[y * width + x] = white ? (byte) 255 : 0;
            }
        }
        int w = width;
        int h = height;
        LuminanceSource source = new LuminanceSource(w, h) {
            @Override
            public byte[] getRow(int y, byte[] row) {
                byte[] out = row != null && row.length >= w ? row : new byte[w];
                System.arraycopy(lum, y * w, out, 0, w);
                return out;
            }

            @Override
            public byte[] getMatrix() {
                return lum;
            }
        };
        return new QRCodeReader()
                .decode(
                        new BinaryBitmap(new HybridBinarizer(source)),
                        Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE))
                .getText();
    }
}
