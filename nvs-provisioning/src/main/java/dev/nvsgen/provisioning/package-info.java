/**
 * Credential batches ({@code nvsgen batch}): YAML manifests, device lists, per-device credentials and the parallel run that
 * turns them into one image per device. Loaded only when a batch runs.
 */
package dev.nvsgen.provisioning;
