package dev.nvsgen.provisioning;

import java.nio.file.Path;

/**
 * What a run into an output folder did: devices in the list, images made now, devices an interrupted
 * run had already finished (resume), its duration, and the run record written (CSV and JSON).
 */
public record RunSummary(int devices, int made, int resumed, long nanos, Path recordCsv, Path recordJson) {
    /** Images made per second of the run; 0 when none were made. */
    public double devicesPerSecond() {
        return nanos == 0 ? 0 : made / (nanos / 1e9);
    }
}
