/**
 * CA keys in PKCS#11 tokens: found by label or id through the JDK's PKCS#11 wrapper, logged in through
 * SunPKCS11, signed with in the token. Not API.
 */
package dev.nvsgen.crypto.internal.pkcs11;
