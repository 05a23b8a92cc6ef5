/**
 * Device credentials for factory provisioning: a CA from files, a key store, a PKCS#11 token (its key
 * signing in the token) or objects in hand; certificate profiles (validity, key usage, extended key
 * usage, alternative names); a key pair and certificate per device, or a certificate for a device's own
 * request. Bouncy Castle builds and parses the X.509 structures; the JDK generates keys and signs.
 */
package dev.nvsgen.crypto.credentials;
