package dev.nvsgen.nvs;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable sequence of bytes with content equality: what blobs and strings hold. */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** A copy of {@code data}; later changes to the array do not show through. */
    public static Bytes of(byte... data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    public static Bytes of(byte[] data, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(data, offset, offset + length));
    }

    /** Takes ownership of {@code data} without copying; callers must not touch the array afterwards. */
    static Bytes wrap(byte[] data) {
        return new Bytes(data);
    }

    public static Bytes fromHex(String hex) {
        return wrap(HEX.parseHex(hex));
    }

    public int length() {
        return data.length;
    }

    public byte get(int index) {
        return data[index];
    }

    public byte[] toByteArray() {
        return data.clone();
    }

    /** Copies all bytes into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(data, 0, target, offset, data.length);
    }

    public void copyTo(int from, byte[] target, int offset, int length) {
        System.arraycopy(data, from, target, offset, length);
    }

    public String hex() {
        return HEX.formatHex(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return data.length <= 32
                ? "[" + hex() + "]"
                : "[" + data.length + " bytes " + HEX.formatHex(data, 0, 16) + "…]";
    }
}
