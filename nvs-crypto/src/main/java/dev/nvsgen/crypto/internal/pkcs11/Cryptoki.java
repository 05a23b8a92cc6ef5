package dev.nvsgen.crypto.internal.pkcs11;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The few PKCS#11 calls nvsgen makes, through the JDK's own PKCS#11 wrapper ({@code
 * sun.security.pkcs11.wrapper}, the layer under SunPKCS11), reached by reflection so that the code
 * compiles with {@code --release 17}. The JVM must export that package to nvsgen: {@code
 * --add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED} (the runtime distribution's
 * launcher passes it to batches, naming this module), or, under {@code java -jar} (bin/nvsgen on a JDK
 * runs the jar so), the jar's launcher agent {@link WrapperExport} exports it on first use. Why not SunPKCS11's KeyStore alone: it lists a private key only when a certificate
 * with the same CKA_ID sits beside it, and most tokens hold the CA key alone.
 *
 * <p>One instance per library; PKCS#11 errors come out as {@link Pkcs11Error} with the CKR_ code.
 */
final class Cryptoki {
    static final String PACKAGE = "sun.security.pkcs11.wrapper";

    /** The JVM option that exports the wrapper to nvsgen, named as this JVM runs it (class or module path). */
    static String addExports() {
        Module nvsgen = Cryptoki.class.getModule();
        return "--add-exports jdk.crypto.cryptoki/" + PACKAGE + "="
                + (nvsgen.isNamed() ? nvsgen.getName() : "ALL-UNNAMED");
    }

    // PKCS#11 v2.40 constants (pkcs11t.h).
    static final long CKF_SERIAL_SESSION = 0x4;
    static final long CKF_OS_LOCKING_OK = 0x2;
    static final long CKU_USER = 1;
    static final long CKO_PRIVATE_KEY = 3;
    static final long CKK_RSA = 0;
    static final long CKK_EC = 3;
    static final long CKA_CLASS = 0x0;
    static final long CKA_TOKEN = 0x1;
    static final long CKA_LABEL = 0x3;
    static final long CKA_KEY_TYPE = 0x100;
    static final long CKA_ID = 0x102;
    static final long CKA_SENSITIVE = 0x103;
    static final long CKA_SIGN = 0x108;
    static final long CKA_EXTRACTABLE = 0x162;
    static final long CKM_RSA_PKCS = 0x1;
    static final long CKM_ECDSA = 0x1041;
    static final long CKR_USER_ALREADY_LOGGED_IN = 0x100;

    /** A CKR_ error from the library, with its code. */
    static final class Pkcs11Error extends Exception {
        private static final long serialVersionUID = 1L;
        final long code;

        Pkcs11Error(long code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** What a token says about itself. */
    record TokenInfo(long slot, String label, String manufacturer, String model, String serial) {}

    private static volatile Api api;

    private final Object pkcs11;

    private Cryptoki(Object pkcs11) {
        this.pkcs11 = pkcs11;
    }

    /**
     * Why nvsgen cannot use PKCS#11 in this JVM (no cryptoki module, or its wrapper not exported), or
     * empty when it can.
     */
    static Optional<String> unavailable() {
        Optional<Module> cryptoki = ModuleLayer.boot().findModule("jdk.crypto.cryptoki");
        if (cryptoki.isEmpty()) {
            return Optional.of("this Java runtime has no PKCS#11 support (module jdk.crypto.cryptoki is missing)");
        }
        Module nvsgen = Cryptoki.class.getModule();
        if (!cryptoki.get().isExported(PACKAGE, nvsgen) && !WrapperExport.exportTo(cryptoki.get(), PACKAGE, nvsgen)) {
            return Optional.of("PKCS#11 keys need the JVM option " + addExports()
                    + " (java -jar nvsgen.jar and bin/nvsgen set it; add it when running nvsgen from your own"
                    + " class or module path)");
        }
        return Optional.empty();
    }

    /**
     * Loads and initialises {@code library} (once per JVM, as the JDK's wrapper caches it; SunPKCS11
     * configured with the same path shares it).
     *
     * @throws IOException when the library cannot be loaded or is no PKCS#11 library
     */
    static Cryptoki open(String library) throws IOException, Pkcs11Error {
        Api a = api();
        try {
            Object args = a.initArgsType.getConstructor().newInstance();
            a.initArgsType.getField("flags").setLong(args, CKF_OS_LOCKING_OK);
            return new Cryptoki(a.getInstance.invoke(null, library, "C_GetFunctionList", args, false));
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof IOException io) {
                throw io;
            }
            throw a.translate(t);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the JDK's PKCS#11 wrapper changed shape", e);
        }
    }

    long[] slotsWithTokens() throws Pkcs11Error {
        return (long[]) call("C_GetSlotList", true);
    }

    TokenInfo tokenInfo(long slot) throws Pkcs11Error {
        Object info = call("C_GetTokenInfo", slot);
        try {
            Class<?> c = info.getClass();
            return new TokenInfo(
                    slot,
                    text((char[]) c.getField("label").get(info)),
                    text((char[]) c.getField("manufacturerID").get(info)),
                    text((char[]) c.getField("model").get(info)),
                    text((char[]) c.getField("serialNumber").get(info)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the JDK's PKCS#11 wrapper changed shape", e);
        }
    }

    long openSession(long slot) throws Pkcs11Error {
        return (Long) call("C_OpenSession", slot, CKF_SERIAL_SESSION, null, null);
    }

    void closeSession(long session) {
        try {
            call("C_CloseSession", session);
        } catch (Pkcs11Error e) {
            // Closing is best effort: the library forgets the session with the process anyway.
        }
    }

    /** Logs the user in; a token that already is logged in (by SunPKCS11, or an earlier load) is fine. */
    void login(long session, char[] pin) throws Pkcs11Error {
        try {
            api().login.invoke(pkcs11, session, CKU_USER, pin);
        } catch (InvocationTargetException e) {
            Pkcs11Error error = api().translate(e.getCause());
            if (error.code != CKR_USER_ALREADY_LOGGED_IN) {
                throw error;
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the JDK's PKCS#11 wrapper changed shape", e);
        }
    }

    /** Handles of the token's private keys, narrowed by label and id where given. */
    long[] findPrivateKeys(long session, byte[] label, byte[] id) throws Pkcs11Error {
        int n = 2 + (label == null ? 0 : 1) + (id == null ? 0 : 1);
        Object template = Array.newInstance(api().attributeType, n);
        int i = 0;
        Array.set(template, i++, attribute(CKA_CLASS, CKO_PRIVATE_KEY));
        Array.set(template, i++, attribute(CKA_TOKEN, Boolean.TRUE));
        if (label != null) {
            Array.set(template, i++, attribute(CKA_LABEL, label));
        }
        if (id != null) {
            Array.set(template, i, attribute(CKA_ID, id));
        }
        call("C_FindObjectsInit", session, template);
        try {
            return (long[]) call("C_FindObjects", session, 16L);
        } finally {
            call("C_FindObjectsFinal", session);
        }
    }

    /** The values of {@code types} of {@code object}: Long, Boolean, char[] or byte[] as the JDK's wrapper maps them. */
    Object[] attributes(long session, long object, long... types) throws Pkcs11Error {
        Object template = Array.newInstance(api().attributeType, types.length);
        for (int i = 0; i < types.length; i++) {
            Array.set(template, i, attribute(types[i], null));
        }
        call("C_GetAttributeValue", session, object, template);
        Object[] out = new Object[types.length];
        try {
            Field value = api().attributeType.getField("pValue");
            for (int i = 0; i < types.length; i++) {
                out[i] = value.get(Array.get(template, i));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the JDK's PKCS#11 wrapper changed shape", e);
        }
        return out;
    }

    /** Signs {@code data} with the key {@code key} by {@code mechanism}, in the token. */
    byte[] sign(long session, long mechanism, long key, byte[] data) throws Pkcs11Error {
        Object mech;
        try {
            mech = api().newMechanism.newInstance(mechanism);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the JDK's PKCS#11 wrapper changed shape", e);
        }
        call("C_SignInit", session, mech, key);
        return (byte[]) call("C_Sign", session, data);
    }

    private Object attribute(long type, Object value) {
        try {
            return api().newAttribute.newInstance(type, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the JDK's PKCS#11 wrapper changed shape", e);
        }
    }

    private Object call(String name, Object... args) throws Pkcs11Error {
        Api a = api();
        Method m = a.methods.get(name);
        try {
            return m.invoke(pkcs11, args);
        } catch (InvocationTargetException e) {
            throw a.translate(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(unavailable().orElse("cannot call " + name), e);
        }
    }

    private static String text(char[] blankPadded) {
        return blankPadded == null ? "" : new String(blankPadded).strip();
    }

    private static Api api() {
        Api a = api;
        if (a == null) {
            synchronized (Cryptoki.class) {
                if (api == null) {
                    api = new Api();
                }
                a = api;
            }
        }
        return a;
    }

    /** The reflective handles, looked up once. */
    private static final class Api {
        final Class<?> pkcs11Type;
        final Class<?> attributeType;
        final Class<?> mechanismType;
        final Class<?> initArgsType;
        final Class<?> exceptionType;
        final Constructor<?> newMechanism;
        final Constructor<?> newAttribute;
        final Method getInstance;
        final Method login;
        final Map<String, Method> methods = new HashMap<>();

        Api() {
            try {
                pkcs11Type = Class.forName(PACKAGE + ".PKCS11");
                attributeType = Class.forName(PACKAGE + ".CK_ATTRIBUTE");
                mechanismType = Class.forName(PACKAGE + ".CK_MECHANISM");
                initArgsType = Class.forName(PACKAGE + ".CK_C_INITIALIZE_ARGS");
                exceptionType = Class.forName(PACKAGE + ".PKCS11Exception");
                Class<?> attributes = attributeType.arrayType();
                newMechanism = mechanismType.getConstructor(long.class);
                newAttribute = attributeType.getConstructor(long.class, Object.class);
                getInstance =
                        pkcs11Type.getMethod("getInstance", String.class, String.class, initArgsType, boolean.class);
                login = pkcs11Type.getMethod("C_Login", long.class, long.class, char[].class);
                methods.put("C_GetSlotList", pkcs11Type.getMethod("C_GetSlotList", boolean.class));
                methods.put("C_GetTokenInfo", pkcs11Type.getMethod("C_GetTokenInfo", long.class));
                methods.put(
                        "C_OpenSession",
                        pkcs11Type.getMethod(
                                "C_OpenSession",
                                long.class,
                                long.class,
                                Object.class,
                                Class.forName(PACKAGE + ".CK_NOTIFY")));
                methods.put("C_CloseSession", pkcs11Type.getMethod("C_CloseSession", long.class));
                methods.put("C_FindObjectsInit", pkcs11Type.getMethod("C_FindObjectsInit", long.class, attributes));
                methods.put("C_FindObjects", pkcs11Type.getMethod("C_FindObjects", long.class, long.class));
                methods.put("C_FindObjectsFinal", pkcs11Type.getMethod("C_FindObjectsFinal", long.class));
                methods.put(
                        "C_GetAttributeValue",
                        pkcs11Type.getMethod("C_GetAttributeValue", long.class, long.class, attributes));
                methods.put("C_SignInit", pkcs11Type.getMethod("C_SignInit", long.class, mechanismType, long.class));
                methods.put("C_Sign", pkcs11Type.getMethod("C_Sign", long.class, byte[].class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the JDK's PKCS#11 wrapper is missing or changed shape", e);
            }
        }

        Pkcs11Error translate(Throwable t) {
            if (exceptionType.isInstance(t)) {
                try {
                    long code = (Long) exceptionType.getMethod("getErrorCode").invoke(t);
                    return new Pkcs11Error(code, t.getMessage());
                } catch (ReflectiveOperationException e) {
                    return new Pkcs11Error(-1, t.getMessage());
                }
            }
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            return new Pkcs11Error(-1, String.valueOf(t));
        }
    }
}
