package dev.nvsgen.provisioning.model;

import java.util.Objects;

/**
 * A whole batch as a manifest gives it: what each device gets ({@code provisioning}), the devices, the CA
 * to load (null when nothing is issued) and the output folder ({@code outputDir}, relative to the
 * spec's folder; null for the caller's choice).
 */
public record BatchSpec(ProvisioningSpec provisioning, DeviceSource devices, CaSource ca, String outputDir) {
    public BatchSpec {
        Objects.requireNonNull(provisioning, "provisioning");
        Objects.requireNonNull(devices, "devices");
        if ((ca == null) != (provisioning.issuance() == null)) {
            throw new IllegalArgumentException("a CA goes with an issuance policy, and only with one");
        }
    }
}
