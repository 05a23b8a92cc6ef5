package dev.nvsgen.factory;

import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.read.NvsReader;
import dev.nvsgen.nvs.util.InputFiles;
import dev.nvsgen.partitions.FlashArgsFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The files one run reads and writes, checked together before the first byte is written: no output may
 * be an input of the run, a key file, or another output of the run (compared as real paths, symlinks
 * followed, and as the same file on disk); an output that exists must be a regular file, and one that is
 * not a file nvsgen could have written (a CSV, say, when OUTPUT was left out) is replaced only when the
 * run is forced. A file that holds key material ({@link KeyMaterialFiles}) is never replaced by an output
 * that is not itself keys, forced or not.
 *
 * <pre>{@code
 * OutputPlan plan = new OutputPlan("--force")    // the caller's word for check(true)
 *         .input(csv, "input.csv", "a CSV input")
 *         .keyFile(keys, "keys.bin", "the keys file given with --inputkey")
 *         .output(image, "nvs.bin", "the image", OutputPlan.Kind.NVS_IMAGE);
 * plan.check(force);   // throws NvsInputException naming both files
 * }</pre>
 */
public final class OutputPlan {
    /**
     * Says whether an existing file is one a run could have written in an output's place, so that it may
     * be replaced without --force. Each format's module knows its own files ({@link NvsReader#looksLikeImage},
     * {@link NvsKeys#looksLikeKeysPartition}, {@link FlashArgsFiles#looksLikeArgsFile}); a plan only asks.
     */
    public interface Recogniser {
        /**
         * True when a file of {@code size} bytes starting with {@code head} (its first {@link #HEAD} bytes,
         * or all of it when shorter) looks like this output.
         */
        boolean recognises(byte[] head, long size);

        /** How many bytes of an existing file a recogniser is shown. */
        int HEAD = 4096;
    }

    /** What an output holds, which says what an existing file in its place may be replaced without --force. */
    public enum Kind {
        /** An NVS partition image: replaces a file that starts with an NVS page (or erased flash) or an empty file. */
        NVS_IMAGE("an NVS image", new NvsImages()),
        /** A flash image of several partitions (--merged): as {@link #NVS_IMAGE}, or starting with an nvs_keys page. */
        FLASH_IMAGE("a flash image", new FlashImages()),
        /** An esptool argument file: replaces one that starts as nvsgen writes them. */
        FLASH_ARGS("an esptool argument file nvsgen wrote", new ArgsFiles()),
        /** Key material: never replaced with other contents (the caller checks that); only the path rules apply. */
        KEYS("a file nvsgen writes", null),
        /** Any regular file may be replaced (the user named this output explicitly with an option). */
        ANY("a file nvsgen writes", null);

        private final String description;
        private final Recogniser recogniser;

        Kind(String description, Recogniser recogniser) {
            this.description = description;
            this.recogniser = recogniser;
        }
    }

    /** {@link Kind#NVS_IMAGE}: what nvs-core's reader takes for an image. */
    private static final class NvsImages implements Recogniser {
        @Override
        public boolean recognises(byte[] head, long size) {
            return NvsReader.looksLikeImage(head, size);
        }
    }

    /** {@link Kind#FLASH_IMAGE}: an NVS image, or a keys partition followed by more. */
    private static final class FlashImages implements Recogniser {
        @Override
        public boolean recognises(byte[] head, long size) {
            return NvsReader.looksLikeImage(head, size)
                    || (size % HEAD == 0 && size > HEAD && NvsKeys.looksLikeKeysPartition(head));
        }
    }

    /** {@link Kind#FLASH_ARGS}: what esp-partitions writes. */
    private static final class ArgsFiles implements Recogniser {
        @Override
        public boolean recognises(byte[] head, long size) {
            return FlashArgsFiles.looksLikeArgsFile(head);
        }
    }

    /** An output; {@code recogniser} null when any existing regular file may be replaced. */
    private record Entry(
            Path path, String shown, String what, String description, Recogniser recogniser, boolean holdsKeys) {}

    private final List<Entry> keep = new ArrayList<>();
    private final List<Entry> outputs = new ArrayList<>();
    private final String forceOption;

    /** A plan whose refusals point at {@code check(true)}, this API's way to replace a file anyway. */
    public OutputPlan() {
        this("check(true)");
    }

    /** A plan whose refusals point at {@code forceOption} as the way to replace a file anyway. */
    public OutputPlan(String forceOption) {
        this.forceOption = Objects.requireNonNull(forceOption);
    }

    /** A file the run reads, which must survive it; {@code what} says what it is ("the CSV input"). */
    public OutputPlan input(Path file, String shown, String what) {
        keep.add(new Entry(file, shown, what, null, null, false));
        return this;
    }

    /** A key file the run uses (--inputkey, an HMAC key, decrypt's KEYFILE): never an output. */
    public OutputPlan keyFile(Path file, String shown, String what) {
        return input(file, shown, what);
    }

    /** A file the run writes. */
    public OutputPlan output(Path file, String shown, String what, Kind kind) {
        outputs.add(new Entry(file, shown, what, kind.description, kind.recogniser, kind == Kind.KEYS));
        return this;
    }

    /**
     * A file the run writes, of a kind not in {@link Kind}: an existing file in its place is replaced
     * without --force when {@code recogniser} knows it (null: any regular file); {@code description} says
     * what it should have been ("an NVS image").
     */
    public OutputPlan output(Path file, String shown, String what, String description, Recogniser recogniser) {
        outputs.add(new Entry(file, shown, what, Objects.requireNonNull(description), recogniser, false));
        return this;
    }

    /**
     * Checks every output against every file to keep and against the other outputs, then each existing
     * output's kind; with {@code force} an existing regular file of another kind may be replaced. When all
     * is well, removes temporary files that crashed runs left in the outputs' folders.
     *
     * @throws NvsInputException naming the output, what it would replace, and how to go on
     */
    public void check(boolean force) {
        List<Identity> kept = new ArrayList<>(keep.size());
        for (Entry k : keep) {
            kept.add(Identity.of(k.path()));
        }
        List<Identity> written = new ArrayList<>(outputs.size());
        for (Entry o : outputs) {
            Identity id = Identity.of(o.path());
            for (int i = 0; i < keep.size(); i++) {
                if (id.same(kept.get(i))) {
                    Entry k = keep.get(i);
                    throw new NvsInputException(o.shown() + ": " + o.what() + " would overwrite " + k.what()
                            + (k.shown().equals(o.shown()) ? "" : " (" + k.shown() + ")")
                            + "; an output never replaces an input or a key file (is an argument missing?)");
                }
            }
            for (int i = 0; i < written.size(); i++) {
                if (id.same(written.get(i))) {
                    Entry other = outputs.get(i);
                    throw new NvsInputException(o.shown() + ": is both " + other.what() + " and " + o.what()
                            + " of this run; give them different names");
                }
            }
            written.add(id);
            checkExisting(o, id, force);
        }
        Set<Path> folders = new LinkedHashSet<>();
        for (Entry o : outputs) {
            Path parent = o.path().toAbsolutePath().getParent();
            if (parent != null) {
                folders.add(parent);
            }
        }
        for (Path f : folders) {
            TempFiles.removeStale(f);
        }
    }

    /**
     * Refuses to replace {@code file} (called {@code shown}) when it exists and is not a regular file
     * (a folder, a FIFO, a device): a rename would put an image in its place. For batches, whose many
     * outputs are checked one by one.
     *
     * @throws NvsInputException naming the file and what it is
     */
    public static void checkReplaceable(Path file, String shown) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return; // not there (or unreadable: the write will say so)
        }
        if (a.isDirectory()) {
            throw new NvsInputException(shown + ": is a folder; nvsgen does not replace it with a file");
        }
        if (!a.isRegularFile()) {
            throw new NvsInputException(shown + ": is " + InputFiles.kind(file)
                    + ", not a regular file; nvsgen writes only regular files and does not replace this one");
        }
    }

    private void checkExisting(Entry o, Identity id, boolean force) {
        if (id.attributes == null) {
            return;
        }
        if (id.attributes.isDirectory()) {
            throw new NvsInputException(o.shown() + ": is a folder; name the file to write");
        }
        if (!id.attributes.isRegularFile()) {
            throw new NvsInputException(o.shown() + ": is " + InputFiles.kind(o.path())
                    + ", not a regular file; nvsgen writes only regular files and does not replace this one");
        }
        if (!o.holdsKeys()) {
            // Not even with force: key material lost cannot be made again, the output can.
            String keys = KeyMaterialFiles.describe(o.path());
            if (keys != null) {
                throw new NvsInputException(o.shown() + ": holds " + keys + ", which nvsgen never replaces (not even"
                        + " with " + forceOption + "); name another output");
            }
        }
        if (force || o.recogniser() == null || id.attributes.size() == 0) {
            return;
        }
        if (!couldHaveWritten(o.path(), o.recogniser(), id.attributes.size())) {
            throw new NvsInputException(o.shown() + ": exists and is not " + o.description()
                    + "; not replacing it (use " + forceOption + " to replace it)");
        }
    }

    /** True when the file at {@code path} is one {@code recogniser} knows. */
    static boolean couldHaveWritten(Path path, Recogniser recogniser, long size) {
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(Recogniser.HEAD);
        } catch (IOException e) {
            return false;
        }
        return recogniser.recognises(head, size);
    }

    /**
     * Where a path leads: its real path (symlinks followed; for a file that does not exist yet, the real
     * path of its nearest existing folder plus the rest) and, if it exists, its attributes, whose file
     * key tells hard links and case variants apart from different files.
     */
    private record Identity(Path real, BasicFileAttributes attributes) {
        static Identity of(Path path) {
            Path abs = path.toAbsolutePath().normalize();
            BasicFileAttributes a = null;
            try {
                a = Files.readAttributes(abs, BasicFileAttributes.class);
            } catch (IOException e) {
                // Does not exist (or a dangling symlink): compared by path alone.
            }
            return new Identity(realPath(abs), a);
        }

        boolean same(Identity other) {
            if (attributes != null && other.attributes != null) {
                Object k1 = attributes.fileKey();
                Object k2 = other.attributes.fileKey();
                if (k1 != null && k2 != null) {
                    return k1.equals(k2);
                }
            }
            return real.equals(other.real);
        }

        private static Path realPath(Path abs) {
            Path existing = abs;
            List<Path> rest = new ArrayList<>();
            while (existing != null) {
                try {
                    Path real = existing.toRealPath();
                    for (int i = rest.size() - 1; i >= 0; i--) {
                        real = real.resolve(rest.get(i));
                    }
                    return real;
                } catch (IOException e) {
                    if (Files.isSymbolicLink(existing)) {
                        // A dangling symlink: writing through it would create its target.
                        try {
                            Path target = Files.readSymbolicLink(existing);
                            Path resolved = existing.resolveSibling(target).normalize();
                            if (!resolved.equals(existing)) {
                                Path r = realPath(resolved);
                                for (int i = rest.size() - 1; i >= 0; i--) {
                                    r = r.resolve(rest.get(i));
                                }
                                return r;
                            }
                        } catch (IOException | StackOverflowError ignored) {
                            // fall through: compare by the path as given
                        }
                    }
                    if (existing.getFileName() == null) {
                        break;
                    }
                    rest.add(existing.getFileName());
                    existing = existing.getParent();
                }
            }
            return abs;
        }
    }
}
