package dev.nvsgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nvsgen.factory.RunLock;
import dev.nvsgen.matter.Passcode;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.partitions.PartitionTable;
import dev.nvsgen.provisioning.Provisioner;
import dev.nvsgen.securecert.TlvHeader;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on the module path (failsafe's {@code module-path} execution in cli/pom.xml): every other
 * test runs on the class path, where a missing {@code requires}, an unexported package or a service
 * the JDK finds only through a module go unnoticed until the runtime distribution, which runs modules.
 * Here each nvsgen module is a named module and the main jobs run through them.
 */
class ModulePathIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path tmp;

    @Test
    void everyNvsgenModuleIsNamedAndExportsNoInternals() {
        List<Class<?>> anchors = List.of(
                Main.class,
                NvsPartition.class,
                PartitionTable.class,
                RunLock.class,
                Provisioner.class,
                TlvHeader.class,
                Passcode.class,
                dev.nvsgen.crypto.credentials.CertificateAuthority.class);
        for (Class<?> anchor : anchors) {
            Module module = anchor.getModule();
            assertTrue(module.isNamed(), anchor + " is on the class path, not in its module");
            ModuleDescriptor descriptor = module.getDescriptor();
            Set<String> internals = descriptor.exports().stream()
                    .map(ModuleDescriptor.Exports::source)
                    .filter(p -> p.contains(".internal"))
                    .collect(Collectors.toSet());
            assertEquals(Set.of(), internals, module.getName() + " exports internal packages");
        }
    }

    @Test
    void generateAndTheExampleBatchRunThroughTheModules() throws Exception {
        Path image = tmp.resolve("example.bin");
        CliRun generate = CliRun.in(ROOT, "generate", "testdata/example/factory.csv", image.toString(), "0x6000");
        assertEquals(0, generate.status(), generate.err());
        assertEquals(0x6000, Files.size(image));

        Path out = tmp.resolve("batch");
        CliRun batch = CliRun.in(ROOT, "batch", "testdata/batch/manifest.yaml", "--outdir", out.toString());
        assertEquals(0, batch.status(), batch.err());
        try (var images = Files.list(out.resolve("bin"))) {
            assertEquals(8, images.count());
        }
        CliRun verify = CliRun.in(ROOT, "verify", image.toString());
        assertEquals(0, verify.status(), verify.err());
    }
}
