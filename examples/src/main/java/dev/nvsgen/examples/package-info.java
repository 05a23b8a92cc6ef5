/** The provisioning API at work: README's batch through the API, and a provisioning service over HTTP. */
package dev.nvsgen.examples;
