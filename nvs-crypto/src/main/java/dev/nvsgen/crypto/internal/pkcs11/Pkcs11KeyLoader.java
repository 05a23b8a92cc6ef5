package dev.nvsgen.crypto.internal.pkcs11;

import dev.nvsgen.crypto.credentials.Pkcs11Uri;
import dev.nvsgen.nvs.NvsInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginException;

/**
 * Finds the private key a PKCS#11 URI names and logs in to its token. The JDK's SunPKCS11 provider,
 * configured here for the token's slot (never installed), logs in; the key is then found by its label or
 * id and used through the JDK's PKCS#11 wrapper beneath SunPKCS11 ({@link Cryptoki}), because
 * SunPKCS11's KeyStore hides a key that has no certificate object beside it. Every failure is one
 * {@link NvsInputException} naming the URI (never the PIN).
 */
public final class Pkcs11KeyLoader {
    private static final AtomicInteger PROVIDERS = new AtomicInteger();

    private Pkcs11KeyLoader() {}

    /** Why PKCS#11 keys cannot be used in this JVM, or null when they can. */
    public static String unavailableReason() {
        return Cryptoki.unavailable().orElse(null);
    }

    /**
     * Logs in to the token {@code uri} names, in {@code library}, with {@code pin}, and returns its key.
     * The caller wipes {@code pin}.
     */
    public static TokenKey load(Pkcs11Uri uri, Path library, char[] pin) {
        String where = uri.toString();
        Cryptoki.unavailable().ifPresent(reason -> {
            throw new NvsInputException(where + ": " + reason);
        });
        if (!Files.isRegularFile(library)) {
            throw new NvsInputException(where + ": PKCS#11 library " + library + ": no such file");
        }
        String libraryPath = library.toAbsolutePath().toString();
        Cryptoki cryptoki;
        try {
            cryptoki = Cryptoki.open(libraryPath);
        } catch (IOException e) {
            throw new NvsInputException(
                    where + ": cannot load " + library + " as a PKCS#11 library (" + e.getMessage() + ")");
        } catch (Cryptoki.Pkcs11Error e) {
            throw new NvsInputException(where + ": " + library + " failed to initialise (" + e.getMessage() + ")");
        }
        try {
            Cryptoki.TokenInfo token = findToken(cryptoki, uri, library);
            login(cryptoki, token, libraryPath, pin, where);
            long session = cryptoki.openSession(token.slot());
            try {
                return findKey(cryptoki, session, token, uri);
            } catch (RuntimeException e) {
                cryptoki.closeSession(session);
                throw e;
            }
        } catch (Cryptoki.Pkcs11Error e) {
            throw new NvsInputException(where + ": the token failed (" + e.getMessage() + ")");
        }
    }

    private static Cryptoki.TokenInfo findToken(Cryptoki cryptoki, Pkcs11Uri uri, Path library)
            throws Cryptoki.Pkcs11Error {
        List<Cryptoki.TokenInfo> all = new ArrayList<>();
        List<Cryptoki.TokenInfo> matching = new ArrayList<>();
        for (long slot : cryptoki.slotsWithTokens()) {
            Cryptoki.TokenInfo t = cryptoki.tokenInfo(slot);
            all.add(t);
            if (uri.token().map(t.label()::equals).orElse(true)
                    && uri.serial().map(t.serial()::equals).orElse(true)
                    && uri.manufacturer().map(t.manufacturer()::equals).orElse(true)
                    && uri.model().map(t.model()::equals).orElse(true)
                    && uri.slotId().map(s -> s == slot).orElse(true)) {
                matching.add(t);
            }
        }
        String labels = all.isEmpty()
                ? "none"
                : String.join(", ", all.stream().map(t -> "'" + t.label() + "'").toList());
        if (matching.isEmpty()) {
            throw new NvsInputException(uri + ": no such token in " + library + " (tokens present: " + labels + ")");
        }
        if (matching.size() > 1) {
            throw new NvsInputException(uri + ": " + matching.size() + " tokens match (" + labels
                    + "): add token=, serial= or slot-id= to the URI");
        }
        return matching.get(0);
    }

    /**
     * Logs in through SunPKCS11 configured for the token's slot; login state belongs to the token, so the
     * sessions nvsgen opens afterwards are logged in too. Without SunPKCS11, straight through the wrapper.
     */
    private static void login(Cryptoki cryptoki, Cryptoki.TokenInfo token, String library, char[] pin, String where)
            throws Cryptoki.Pkcs11Error {
        Provider base = Security.getProvider("SunPKCS11");
        if (base != null) {
            String config = "--name=nvsgen" + PROVIDERS.incrementAndGet() + "\nlibrary = \""
                    + library.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\nslot = " + token.slot() + "\n";
            Provider p;
            try {
                p = base.configure(config);
            } catch (RuntimeException e) {
                // SunPKCS11 refuses some tokens (e.g. mechanisms it cannot map); log in directly then.
                p = null;
            }
            if (p instanceof AuthProvider auth) {
                try {
                    auth.login(null, callbacks -> {
                        for (var c : callbacks) {
                            if (c instanceof PasswordCallback pc) {
                                pc.setPassword(pin);
                            } else {
                                throw new UnsupportedCallbackException(c);
                            }
                        }
                    });
                    return;
                } catch (LoginException e) {
                    Throwable cause = e.getCause();
                    String message = cause == null ? e.getMessage() : cause.getMessage();
                    throw new NvsInputException(where + ": " + refusal(message, token));
                }
            }
        }
        long session = cryptoki.openSession(token.slot());
        try {
            cryptoki.login(session, pin);
        } catch (Cryptoki.Pkcs11Error e) {
            cryptoki.closeSession(session);
            throw new NvsInputException(where + ": " + refusal(e.getMessage(), token));
        }
        // The session stays open: closing a token's last session would log it out again.
    }

    private static String refusal(String pkcs11Message, Cryptoki.TokenInfo token) {
        String m = pkcs11Message == null ? "" : pkcs11Message;
        if (m.contains("CKR_PIN_INCORRECT") || m.contains("CKR_PIN_INVALID") || m.contains("CKR_PIN_LEN_RANGE")) {
            return "token '" + token.label() + "' refused the PIN (" + m.strip() + ")";
        }
        if (m.contains("CKR_PIN_LOCKED")) {
            return "token '" + token.label() + "': the user PIN is locked (CKR_PIN_LOCKED)";
        }
        return "cannot log in to token '" + token.label() + "' (" + m.strip() + ")";
    }

    private static TokenKey findKey(Cryptoki cryptoki, long session, Cryptoki.TokenInfo token, Pkcs11Uri uri)
            throws Cryptoki.Pkcs11Error {
        byte[] label = uri.object().map(o -> o.getBytes(StandardCharsets.UTF_8)).orElse(null);
        byte[] id = uri.id().map(b -> b.toByteArray()).orElse(null);
        long[] keys = cryptoki.findPrivateKeys(session, label, id);
        if (keys.length == 0) {
            List<String> present = new ArrayList<>();
            for (long k : cryptoki.findPrivateKeys(session, null, null)) {
                Object[] a = cryptoki.attributes(session, k, Cryptoki.CKA_LABEL);
                present.add(a[0] instanceof char[] c ? "'" + new String(c) + "'" : "(no label)");
            }
            throw new NvsInputException(uri + ": token '" + token.label() + "' holds no private key "
                    + uri.describeObject() + " (its private keys: "
                    + (present.isEmpty() ? "none" : String.join(", ", present)) + ")");
        }
        if (keys.length > 1) {
            throw new NvsInputException(uri + ": token '" + token.label() + "' holds " + keys.length + " private keys "
                    + uri.describeObject() + ": add id= to the URI to pick one");
        }
        Object[] a = cryptoki.attributes(
                session,
                keys[0],
                Cryptoki.CKA_KEY_TYPE,
                Cryptoki.CKA_SIGN,
                Cryptoki.CKA_SENSITIVE,
                Cryptoki.CKA_EXTRACTABLE);
        long type = (Long) a[0];
        String algorithm;
        if (type == Cryptoki.CKK_EC) {
            algorithm = "EC";
        } else if (type == Cryptoki.CKK_RSA) {
            algorithm = "RSA";
        } else {
            throw new NvsInputException(uri + ": the key is of PKCS#11 key type 0x" + Long.toHexString(type)
                    + "; nvsgen signs certificates with EC or RSA keys");
        }
        if (Boolean.FALSE.equals(a[1])) {
            throw new NvsInputException(uri + ": the token does not let this key sign (CKA_SIGN is false)");
        }
        return new TokenKey(
                cryptoki,
                token.slot(),
                keys[0],
                algorithm,
                "key " + uri.describeObject() + " in token '" + token.label() + "'",
                Boolean.TRUE.equals(a[2]),
                Boolean.TRUE.equals(a[3]),
                session);
    }
}
