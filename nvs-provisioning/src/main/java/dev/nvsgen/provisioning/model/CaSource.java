package dev.nvsgen.provisioning.model;

import dev.nvsgen.crypto.credentials.Pkcs11Uri;

/** Where the CA that issues device certificates comes from, when a run loads it itself. */
public sealed interface CaSource {
    /** A certificate (chain) file and a key file (PEM or DER), the key perhaps encrypted. */
    record KeyFile(FileRef certificate, FileRef key, Secret passphrase) implements CaSource {}

    /** A certificate (chain) file and a key in a PKCS#11 token, by RFC 7512 URI, used through {@code library}. */
    record Pkcs11(FileRef certificate, Pkcs11Uri uri, FileRef library, Secret pin) implements CaSource {}

    /** A PKCS#12 key store holding the key and its certificate chain. */
    record KeyStore(FileRef file, String alias, Secret password) implements CaSource {}
}
