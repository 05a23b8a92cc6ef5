/** Internals of the esp_secure_cert writer: the DS peripheral's key blob cipher. Not exported. */
package dev.nvsgen.securecert.internal;
