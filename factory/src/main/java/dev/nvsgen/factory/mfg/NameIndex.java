package dev.nvsgen.factory.mfg;

/**
 * Remembers device names by a 64-bit hash and the line each came from, to find a repeated name in a
 * values file of a million rows in about 12 bytes a device. A hit is only a candidate: the caller
 * compares the names themselves (two names sharing a hash is possible, if very unlikely).
 */
final class NameIndex {
    private long[] hashes = new long[1024];
    private int[] lines = new int[1024];
    private int size;

    /** Records {@code name} at {@code line}; returns the line of an earlier name with its hash, or 0. */
    int add(String name, int line) {
        if (2 * (size + 1) > hashes.length) {
            grow();
        }
        long h = hash(name);
        int mask = hashes.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            if (hashes[i] == 0) {
                hashes[i] = h;
                lines[i] = line;
                size++;
                return 0;
            }
            if (hashes[i] == h) {
                return lines[i];
            }
        }
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldLines = lines;
        hashes = new long[oldHashes.length * 2];
        lines = new int[oldHashes.length * 2];
        int mask = hashes.length - 1;
        for (int j = 0; j < oldHashes.length; j++) {
            if (oldHashes[j] != 0) {
                int i = (int) oldHashes[j] & mask;
                while (hashes[i] != 0) {
                    i = (i + 1) & mask;
                }
                hashes[i] = oldHashes[j];
                lines[i] = oldLines[j];
            }
        }
    }

    /** FNV-1a over the UTF-16 units, then MurmurHash3's finaliser to spread the bits; never 0 (the empty slot). */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
