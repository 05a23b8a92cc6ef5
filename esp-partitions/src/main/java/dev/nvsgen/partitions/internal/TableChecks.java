package dev.nvsgen.partitions.internal;

import dev.nvsgen.partitions.PartitionEntry;
import dev.nvsgen.partitions.PartitionTableException;
import dev.nvsgen.partitions.PartitionTableOptions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks {@code gen_esp32part.py} makes on a whole table, in its order: each partition on its own
 * (alignment, read-only rules), unique names, no overlaps and nothing below the table's end, at most
 * one otadata of 0x2000 bytes (and one TEE otadata), the flash size, and room in the binary form.
 * Each failure names the row; the advice-only checks go to the warnings.
 */
public final class TableChecks {
    /** Read/write NVS needs 3 pages; smaller NVS partitions must be flagged read-only (ESP-IDF 5.3+). */
    private static final long NVS_READ_WRITE_MIN = 0x3000;

    private static final long OTADATA_SIZE = 0x2000;

    private TableChecks() {}

    public static void verify(List<Row> rows, PartitionTableOptions options, List<String> warnings) {
        for (Row r : rows) {
            verifyOne(r, options, warnings);
        }
        uniqueNames(rows);
        noOverlaps(rows, options);
        singleOtadata(rows, PartitionTypes.DATA_OTA, "otadata", "ota");
        singleOtadata(rows, PartitionTypes.DATA_TEE_OTA, "TEE otadata", "tee_ota");
        if (options.flashSize().isPresent()) {
            long flash = options.flashSize().getAsLong();
            for (Row r : rows) {
                if (r.entry().end() > flash) {
                    throw new PartitionTableException(
                            r.where() + ": ends at " + hex(r.entry().end()) + ", beyond the flash size " + hex(flash)
                                    + " (" + flash / (1024 * 1024) + "MB)");
                }
            }
        }
        int max = PartitionRecord.maxEntries(options.md5());
        if (rows.size() > max) {
            throw new PartitionTableException(rows.get(max).origin() + ": the table has " + rows.size()
                    + " partitions; its binary form holds at most " + max
                    + (options.md5() ? " (with its MD5 row)" : ""));
        }
    }

    private static void verifyOne(Row r, PartitionTableOptions options, List<String> warnings) {
        PartitionEntry e = r.entry();
        long align = PartitionTypes.offsetAlignment(e.type());
        if (e.offset() % align != 0) {
            throw new PartitionTableException(r.where() + ": offset " + hex(e.offset()) + " is not aligned to "
                    + hex(align)
                    + (e.type() == PartitionTypes.APP
                            ? " (app partitions start on a 64 KB boundary)"
                            : " (partitions start on a 4 KB flash sector)"));
        }
        if (e.type() == PartitionTypes.APP) {
            long sizeAlign = options.secureBoot().appSizeAlignment();
            if (e.size() % sizeAlign != 0) {
                throw new PartitionTableException(r.where() + ": size " + hex(e.size()) + " is not a multiple of "
                        + hex(sizeAlign) + ", as app partitions must be"
                        + (sizeAlign == 0x10000 ? " with secure boot V1" : ""));
            }
        }
        Integer typeByName = PartitionTypes.types().get(e.name());
        if (typeByName != null && typeByName != e.type()) {
            warnings.add(r.where() + ": the name is a partition type, but not this partition's type (" + e.typeName()
                    + "); a mistake in the table?");
        }
        if (PartitionTypes.isSubtypeName(e.name())) {
            Integer subtypeByName = PartitionTypes.subtypes(e.type()).get(e.name());
            if (subtypeByName == null || subtypeByName != e.subtype()) {
                warnings.add(r.where() + ": the name is a partition subtype, but this partition is " + e.typeName()
                        + "," + e.subtypeName() + "; a mistake in the table?");
            }
        }
        if (e.type() == PartitionTypes.DATA
                && (e.subtype() == PartitionTypes.DATA_OTA || e.subtype() == PartitionTypes.DATA_COREDUMP)
                && e.readonly()) {
            throw new PartitionTableException(r.where() + ": " + e.typeName() + "," + e.subtypeName()
                    + " partitions are always read-write and cannot be flagged readonly");
        }
        if (e.isNvs() && e.size() < NVS_READ_WRITE_MIN && !e.readonly()) {
            throw new PartitionTableException(r.where() + ": an NVS partition of " + hex(e.size())
                    + " bytes must be flagged readonly (read/write NVS needs at least "
                    + hex(NVS_READ_WRITE_MIN) + ")");
        }
    }

    private static void uniqueNames(List<Row> rows) {
        Map<String, Row> seen = new HashMap<>();
        for (Row r : rows) {
            Row first = seen.putIfAbsent(r.entry().name(), r);
            if (first != null) {
                throw new PartitionTableException(r.where() + ": the name is already used by " + first.origin()
                        + "; partition names must be unique");
            }
        }
    }

    private static void noOverlaps(List<Row> rows, PartitionTableOptions options) {
        long tableEnd = options.firstPartitionOffset();
        Row last = null;
        // A stable sort, as Python's: rows at the same offset are checked in table order.
        for (Row r : rows.stream()
                .sorted(Comparator.comparingLong(x -> x.entry().offset()))
                .toList()) {
            PartitionEntry e = r.entry();
            boolean primary = (e.type() == PartitionTypes.BOOTLOADER || e.type() == PartitionTypes.PARTITION_TABLE)
                    && e.subtype() == PartitionTypes.SUBTYPE_PRIMARY;
            if (e.offset() < tableEnd && !primary) {
                throw new PartitionTableException(r.where() + ": offset " + hex(e.offset()) + " is below "
                        + hex(tableEnd) + ", the end of the partition table at " + hex(options.tableOffset()));
            }
            if (last != null && e.offset() < last.entry().end()) {
                throw new PartitionTableException(r.where() + ": at " + hex(e.offset()) + " it overlaps partition '"
                        + last.entry().name() + "' (" + last.origin() + ") at "
                        + hex(last.entry().offset()) + "-"
                        + hex(last.entry().end() - 1));
            }
            last = r;
        }
    }

    private static void singleOtadata(List<Row> rows, int subtype, String what, String subtypeName) {
        List<Row> found = rows.stream()
                .filter(r ->
                        r.entry().type() == PartitionTypes.DATA && r.entry().subtype() == subtype)
                .toList();
        if (found.size() > 1) {
            throw new PartitionTableException(found.get(1).where() + ": a second " + what + " partition (data,"
                    + subtypeName + "; the first is '" + found.get(0).entry().name() + "' at "
                    + found.get(0).origin() + "); only one is allowed");
        }
        if (found.size() == 1 && found.get(0).entry().size() != OTADATA_SIZE) {
            throw new PartitionTableException(
                    found.get(0).where() + ": an " + what + " partition must be " + hex(OTADATA_SIZE) + " bytes, not "
                            + hex(found.get(0).entry().size()));
        }
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
