package dev.nvsgen.matter;

import dev.nvsgen.matter.internal.Png;
import io.nayuki.qrcodegen.QrCode;
import io.nayuki.qrcodegen.QrSegment;
import java.util.List;

/**
 * A QR symbol of an onboarding payload and its PNG. The symbol is what esp-matter-mfg-tool makes
 * (pyqrcode): version 2 at least, error correction M, alphanumeric mode for the {@code MT:} text; the
 * PNG is 6 pixels a module with a 4-module quiet zone (198 × 198 pixels for version 2). The mask may
 * differ from pyqrcode's: both pick it by the standard's penalty rules, and any mask reads the same.
 */
public final class QrImage {
    public static final int SCALE = 6;
    public static final int QUIET_ZONE = 4;
    private static final int MIN_VERSION = 2;

    private final QrCode code;

    private QrImage(QrCode code) {
        this.code = code;
    }

    /** The symbol of {@code text} (a {@code MT:} payload, or any text). */
    public static QrImage of(String text) {
        List<QrSegment> segments = QrSegment.makeSegments(text);
        return new QrImage(QrCode.encodeSegments(segments, QrCode.Ecc.MEDIUM, MIN_VERSION, 40, -1, false));
    }

    /** Modules on a side (25 for version 2). */
    public int size() {
        return code.size;
    }

    public int version() {
        return code.version;
    }

    /** Whether the module at column {@code x}, row {@code y} is dark. */
    public boolean module(int x, int y) {
        return code.getModule(x, y);
    }

    /** The PNG at {@link #SCALE} pixels a module with a {@link #QUIET_ZONE}-module border. */
    public byte[] png() {
        return png(SCALE, QUIET_ZONE);
    }

    public byte[] png(int scale, int quietZone) {
        boolean[][] m = new boolean[code.size][code.size];
        for (int y = 0; y < code.size; y++) {
            for (int x = 0; x < code.size; x++) {
                m[y][x] = code.getModule(x, y);
            }
        }
        return Png.modules(m, scale, quietZone);
    }
}
