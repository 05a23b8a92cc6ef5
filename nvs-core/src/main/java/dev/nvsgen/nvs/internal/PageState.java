package dev.nvsgen.nvs.internal;

/**
 * The state word at the start of a page header. States advance by clearing bits, as NOR flash can
 * only clear bits without an erase (ESP-IDF {@code Page::PageState}).
 */
public enum PageState {
    UNINITIALIZED(0xFFFFFFFF),
    ACTIVE(0xFFFFFFFE),
    FULL(0xFFFFFFFC),
    FREEING(0xFFFFFFF8),
    CORRUPT(0xFFFFFFF0),
    INVALID(0x00000000);

    private final int code;

    PageState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The state {@code code} names, or null when it names none. */
    public static PageState fromCode(int code) {
        for (PageState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
