package dev.nvsgen.nvs.internal;

/** The two bits the entry-state bitmap keeps for each entry (ESP-IDF {@code Page::EntryState}). */
public enum EntryState {
    /** 0b11: never written since the page was erased. */
    EMPTY,
    /** 0b10: holds an item header or payload. */
    WRITTEN,
    /** 0b00: was written, then erased. */
    ERASED,
    /** 0b01: a state nvs_flash never writes; treated as erased. */
    ILLEGAL;

    static EntryState fromBits(int bits) {
        return switch (bits) {
            case 0b11 -> EMPTY;
            case 0b10 -> WRITTEN;
            case 0b00 -> ERASED;
            default -> ILLEGAL;
        };
    }
}
