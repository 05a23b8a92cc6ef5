package dev.nvsgen.crypto.internal.pkcs11;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Exports the JDK's PKCS#11 wrapper to nvsgen when, and only when, a PKCS#11 key is used, in a JVM started
 * with {@code java -jar}.
 *
 * <p>Why not the manifest's {@code Add-Exports}: the launcher applies it before {@code main}, and doing so
 * spins lambda classes that are not in the JDK's default CDS archive, about 10 ms of every call (5% of a
 * small {@code generate}) for a package that few calls need. nvsgen's executable jar names this class as its
 * {@code Launcher-Agent-Class} instead: the launcher hands it the {@link Instrumentation} before {@code
 * main}, which costs nothing measurable, and {@link Cryptoki} asks for the export on the first PKCS#11 key.
 * The export goes to nvsgen's own module only (the class path's unnamed module under {@code java -jar}).
 */
public final class WrapperExport {
    private static volatile Instrumentation instrumentation;

    private WrapperExport() {}

    /**
     * Called by the {@code java -jar} launcher (the jar's {@code Launcher-Agent-Class}); keeps the
     * instrumentation for {@link #exportTo}.
     *
     * @param args the agent's arguments (none)
     * @param inst the JVM's instrumentation
     */
    public static void agentmain(String args, Instrumentation inst) {
        instrumentation = inst;
    }

    /**
     * Exports {@code pkg} of {@code from} to {@code to}, when this JVM was started through the agent.
     *
     * @return whether the package is now exported to {@code to}
     */
    static boolean exportTo(Module from, String pkg, Module to) {
        Instrumentation inst = instrumentation;
        if (inst == null || !inst.isModifiableModule(from)) {
            return false;
        }
        inst.redefineModule(from, Set.of(), Map.of(pkg, Set.of(to)), Map.of(), Set.of(), Map.of());
        return from.isExported(pkg, to);
    }
}
