package dev.nvsgen.nvs.read;

import java.util.Objects;

/**
 * One problem found in an image, located by page, entry slot and byte offset from the start of the
 * image.
 *
 * @param kind what is wrong
 * @param severity whether data is lost or damaged ({@link Severity#ERROR}) or the runtime tidies it up
 *     without loss ({@link Severity#WARNING})
 * @param page the page (0-based position in the image), or -1 for the image as a whole
 * @param slot the entry slot in the page (0 to 125), or -1 for the page as a whole
 * @param offset the byte the finding points at, from the start of the image
 * @param message what is wrong, in words, with expected and actual values where there are any
 */
public record Finding(Kind kind, Severity severity, int page, int slot, long offset, String message) {

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    /** How bad a finding is. */
    public enum Severity {
        /** Data is lost, unreadable or damaged, or the runtime would refuse the partition. */
        ERROR,
        /** An inconsistency nvs_flash repairs at start-up without losing the newest data (an interrupted write). */
        WARNING
    }

    /** What a finding is about. */
    public enum Kind {
        /** The image is not a whole number of 4096-byte pages. */
        IMAGE_SIZE,
        /** A page whose header says "erased" holds other bytes than 0xFF; nvs_flash treats it as corrupt. */
        PAGE_NOT_ERASED,
        /** A page header's CRC does not match; nvs_flash ignores the page. */
        PAGE_HEADER_CRC,
        /** A page header's state word is not one nvs_flash writes; it ignores the page. */
        PAGE_STATE,
        /** A page header names a format version newer than 2; nvs_flash refuses the whole partition. */
        PAGE_VERSION,
        /** A page header's unused bytes are not 0xFF. */
        PAGE_HEADER_RESERVED,
        /** Two pages carry the same sequence number. */
        PAGE_SEQUENCE,
        /** The unused bits at the end of an entry-state bitmap are not all ones. */
        BITMAP_PADDING,
        /** An entry's state bits are 01, which nvs_flash never writes; it erases the entry. */
        ENTRY_STATE,
        /** An entry marked empty in the bitmap holds other bytes than 0xFF. */
        ENTRY_NOT_ERASED,
        /** The entry after the last written one on the active page holds data: an interrupted write. */
        HALF_WRITTEN,
        /** A written entry after the first free slot of the active page, which nvs_flash never reads. */
        UNREACHABLE,
        /** An item header's CRC does not match; nvs_flash erases the item. */
        ENTRY_CRC,
        /** An item header names no known type; nvs_flash erases the item. */
        ENTRY_TYPE,
        /** An item's span disagrees with its type or size, or runs past the page; nvs_flash erases it. */
        ENTRY_SPAN,
        /** An item's chunk index is wrong for its type. */
        ENTRY_CHUNK,
        /** An item's key is empty, not terminated, not padded with NULs or not UTF-8. */
        ENTRY_KEY,
        /** Some entries of a string or blob payload are not marked written; nvs_flash erases the item. */
        SPAN_INCOMPLETE,
        /** A string or blob payload does not match the CRC in its header; nvs_flash will not return it. */
        PAYLOAD_CRC,
        /** A string payload does not end with a NUL. */
        STRING_UNTERMINATED,
        /** The same key is stored more than once. */
        DUPLICATE_KEY,
        /** Two different keys on the active page share nvs_flash's 24-bit item hash, so it erases one. */
        HASH_COLLISION,
        /** An item refers to a namespace index that no namespace entry defines. */
        NAMESPACE_UNDEFINED,
        /** A namespace name, or a namespace index, is defined more than once. */
        NAMESPACE_DUPLICATE,
        /** A namespace entry assigns index 0 or 255, which nvs_flash reserves. */
        NAMESPACE_INDEX,
        /** A blob index disagrees with its chunks (count or total size); nvs_flash erases it. */
        BLOB_INDEX_MISMATCH,
        /** A blob chunk that no blob index claims; nvs_flash erases it. */
        BLOB_ORPHAN_CHUNK,
        /** A version 1 blob hidden by a version 2 blob of the same key. */
        BLOB_SHADOWED,
        /** nvs_flash lists the entry but cannot read its value. */
        VALUE_UNREADABLE,
        /** A page left in the FREEING state by an interrupted page reclaim. */
        FREEING_PAGE,
        /** A read/write partition without an erased page; nvs_flash_init fails. */
        NO_FREE_PAGE,
        /** No written entry reads as a valid item: the image is probably encrypted. */
        NOT_DECRYPTED
    }

    /** True for findings that are about a single entry. */
    public boolean hasSlot() {
        return slot >= 0;
    }

    /** One line: where, what, and the message. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(severity == Severity.ERROR ? "error" : "warning").append(": ");
        if (page >= 0) {
            s.append("page ").append(page);
            if (slot >= 0) {
                s.append(" entry ").append(slot);
            }
            s.append(" (offset 0x").append(Long.toHexString(offset)).append(')');
        } else {
            s.append("image");
        }
        return s.append(": ").append(kind).append(": ").append(message).toString();
    }
}
