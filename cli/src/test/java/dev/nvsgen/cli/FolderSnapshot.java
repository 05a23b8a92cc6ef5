package dev.nvsgen.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything in a folder tree: each entry's kind, permissions and, for files, SHA-256. Two snapshots
 * are equal when nothing that existed changed (byte for byte, same mode) and nothing was added.
 */
record FolderSnapshot(Map<String, String> entries) {
    static FolderSnapshot of(Path dir) {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                m.put(dir.relativize(p).toString(), describe(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FolderSnapshot(m);
    }

    /** The files whose name contains {@code part}, relative. */
    java.util.List<String> named(String part) {
        return entries.keySet().stream().filter(n -> n.contains(part)).toList();
    }

    static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }

    private static String describe(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return "link " + Files.readSymbolicLink(p);
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return "dir " + mode(p);
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return "special " + mode(p);
        }
        if (Files.size(p) > (64 << 20)) {
            // The probes' sparse multi-GB files: too large to hash in a test, told apart by size and time.
            return "file " + mode(p) + " " + Files.size(p) + " bytes, " + Files.getLastModifiedTime(p);
        }
        try {
            return "file " + mode(p) + " "
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
