/**
 * The batch manifest's YAML, read into the provisioning model: the only code of nvsgen that sees YAML or
 * a YAML node's line. Not exported.
 */
package dev.nvsgen.provisioning.internal.manifest;
