package dev.nvsgen.nvs.read;

import dev.nvsgen.nvs.FormatVersion;
import java.util.Objects;

/**
 * One page of an image as its header and entry-state bitmap describe it.
 *
 * @param index the page's position in the image (0-based)
 * @param state what the header says, {@link State#CORRUPT} when nvs_flash would not accept it
 * @param sequence the page's sequence number, or -1 when it has none (empty and corrupt pages)
 * @param version the format version the header names, or null when it has none
 * @param written entries marked written in the bitmap (item headers and payload)
 * @param erased entries marked erased (or with the state bits 01, which nvs_flash treats as erased)
 * @param empty entries never written since the page was erased
 */
public record PageSummary(
        int index, State state, long sequence, FormatVersion version, int written, int erased, int empty) {

    public PageSummary {
        Objects.requireNonNull(state, "state");
    }

    /** A page's state as nvs_flash sees it when it loads the partition. */
    public enum State {
        /** Erased: all 0xFF, no header. */
        EMPTY,
        /** The page new items go to. */
        ACTIVE,
        /** Closed for writing; its items stay readable. */
        FULL,
        /** Being emptied into a new page (reclaim was interrupted); its items stay readable. */
        FREEING,
        /** Not usable: bad header CRC, unknown state, a newer version, or data in an erased page. */
        CORRUPT
    }
}
