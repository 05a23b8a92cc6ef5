/**
 * Credential batches ({@code nvsgen batch}) and the provisioning API: {@code Provisioner} (built in code
 * or from a manifest), device lists, per-device credentials and the parallel run that turns them into
 * one image per device, and the run record. What each device gets is the model of
 * {@code dev.nvsgen.provisioning.model}.
 */
package dev.nvsgen.provisioning;
