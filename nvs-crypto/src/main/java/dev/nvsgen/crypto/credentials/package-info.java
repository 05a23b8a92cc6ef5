/**
 * Device credentials for factory provisioning: load a CA certificate and key, generate a key pair per
 * device and issue its certificate, or sign a certificate request from a device whose key never leaves
 * it. Bouncy Castle builds and parses the X.509 structures; the JDK generates keys and signs.
 */
package dev.nvsgen.crypto.credentials;
