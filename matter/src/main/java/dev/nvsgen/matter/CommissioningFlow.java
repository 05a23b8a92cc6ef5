package dev.nvsgen.matter;

/** How a device is put into commissioning mode (Matter Core Specification 5.1.3.1), by its 2-bit code. */
public enum CommissioningFlow {
    STANDARD(0),
    USER_INTENT(1),
    CUSTOM(2);

    private final int code;

    CommissioningFlow(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /**
     * The flow of {@code code}.
     *
     * @throws IllegalArgumentException for a code other than 0, 1, 2
     */
    public static CommissioningFlow of(int code) {
        for (CommissioningFlow f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "commissioning flow " + code + " is not one of 0 (standard), 1 (user intent), 2 (custom)");
    }
}
