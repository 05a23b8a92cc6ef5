package dev.nvsgen.provisioning;

import dev.nvsgen.nvs.NvsInputException;
import java.util.List;

/**
 * What is about to be written does not suit the firmware's configuration ({@code --sdkconfig}): one line per
 * finding, each naming the sdkconfig option, where the mismatch was written and what to change. Nothing was
 * written.
 */
public final class FirmwareMismatchException extends NvsInputException {
    private static final long serialVersionUID = 1L;

    /** The findings, never empty: a caller shows each on its own line. */
    private final String[] findings;

    public FirmwareMismatchException(List<String> findings) {
        super(String.join("\n", findings));
        if (findings.isEmpty()) {
            throw new IllegalArgumentException("no findings");
        }
        this.findings = findings.toArray(String[]::new);
    }

    /** One line per finding. */
    public List<String> findings() {
        return List.of(findings);
    }

    /** Throws one for {@code findings}, if there are any. */
    public static void refuseIfAny(List<String> findings) {
        if (!findings.isEmpty()) {
            throw new FirmwareMismatchException(findings);
        }
    }
}
