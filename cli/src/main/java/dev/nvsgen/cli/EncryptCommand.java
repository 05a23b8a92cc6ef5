package dev.nvsgen.cli;

import dev.nvsgen.crypto.NvsEncryption;
import dev.nvsgen.crypto.NvsKeys;
import dev.nvsgen.factory.NvsTarget;
import dev.nvsgen.factory.OutputPlan;
import dev.nvsgen.nvs.FormatVersion;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.PartitionSize;
import dev.nvsgen.nvs.csv.EspIdfCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nvsgen encrypt}: the drop-in for {@code nvs_partition_gen encrypt}. */
@Command(
        name = "encrypt",
        description = {
            "Generate an encrypted NVS partition image from ESP-IDF CSV files, byte for byte as"
                    + " nvs_partition_gen encrypt does.",
            "The keys come from a keys file (--inputkey) or are made now (--keygen) and written to"
                    + " OUTDIR/keys/: random, or derived from an HMAC key with --key_protect_hmac."
        })
final class EncryptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    FormatVersionOption version;

    @Option(
            names = "--outdir",
            paramLabel = "DIR",
            defaultValue = ".",
            description = "Folder the image and keys/ go to (default: current folder).")
    String outdir;

    @Option(names = "--keygen", description = "Make new keys and write them to OUTDIR/keys/.")
    boolean keygen;

    @Option(
            names = "--inputkey",
            paramLabel = "FILE",
            description = "Encrypt with the keys in FILE (an nvs_keys partition, 4096 bytes, or the bare 64 bytes).")
    String inputkey;

    @Mixin
    KeyGenOptions keyGen;

    @Mixin
    PartitionTableMixin partitionTable;

    @Mixin
    CsvInputsOutputSize positional;

    @Mixin
    ForceOption force = new ForceOption();

    @Override
    public Integer call() throws Exception {
        Main main = Main.of(spec);
        partitionTable.checkUsage();
        CsvInputsOutputSize.Split a = positional.split(partitionTable.present());
        FormatVersion formatVersion = version.formatVersion();
        checkKeyOptions();
        // The HMAC scheme derives the keys on the device: an nvs_keys partition plays no part in it.
        NvsTarget target = partitionTable.present() ? partitionTable.target(main, !keyGen.keyProtectHmac) : null;
        PartitionSize size = target == null ? PartitionSize.parse(a.size()) : partitionTable.size(target, a.size());

        PendingFiles out = new PendingFiles(main);
        NvsKeys keys;
        if (keygen) {
            keys = keyGen.create(main, outdir, out);
        } else {
            keys = NvsKeys.read(main.resolve(inputkey), inputkey);
            out.input(main.resolve(inputkey), inputkey, "the keys file given with --inputkey");
        }
        List<Path> inputs = Main.paths(a.inputs());
        List<Path> filesNamed = new ArrayList<>();
        NvsPartition partition = EspIdfCsv.read(inputs, formatVersion, main.workingDir(), filesNamed);
        out.inputs(inputs, "a CSV input");
        out.inputs(filesNamed, "a file a `file` row names");
        partitionTable.addInputTo(out, main);
        Warnings.print(spec, partition);
        byte[] plain = partition.toImage(size);
        Path output = OutputPaths.resolve(main, outdir, a.output());
        byte[] image = NvsEncryption.encrypt(plain, keys);
        out.add(
                output,
                image,
                false,
                "encrypted NVS binary (version " + formatVersion.number() + ", " + size + ")",
                OutputPlan.Kind.NVS_IMAGE);
        FlashOutputs.Plan flash = null;
        if (target != null) {
            Path keysImage = target.keys().isPresent() ? keysImage(main, out, keys, output) : null;
            byte[] keysBytes = keysImage == null ? null : keys.toKeysPartition();
            flash = FlashOutputs.plan(target, output, image, keysImage, keysBytes, partitionTable.mergedPath(main));
            flash.addTo(out);
        }
        out.writeAll(spec.commandLine().getOut(), force.force);
        if (flash != null) {
            flash.printCommands(main, spec.commandLine().getOut());
        }
        return ExitCode.OK;
    }

    /**
     * The file to flash to the nvs_keys partition: the keys file this run writes, or the one given with
     * --inputkey when it is already a keys partition image; otherwise (bare 64 bytes) one is queued
     * beside the other key files, named after the image.
     */
    private Path keysImage(Main main, PendingFiles out, NvsKeys keys, Path output) throws IOException {
        byte[] partition = keys.toKeysPartition();
        for (PendingFiles.Pending f : out.files()) {
            if (f.secret() && Arrays.equals(f.data(), partition)) {
                return f.path();
            }
        }
        if (inputkey != null) {
            Path given = main.resolve(inputkey);
            if (Arrays.equals(Files.readAllBytes(given), partition)) {
                return given;
            }
        }
        String name = output.getFileName().toString().replaceFirst("\\.bin$", "") + "-nvs_keys.bin";
        Path path = KeyFilePaths.resolve(main, outdir, name);
        out.addKeyFile(path, partition, "nvs_keys partition image", "--inputkey");
        return path;
    }

    private void checkKeyOptions() {
        if (keygen && inputkey != null) {
            throw new CliException("--keygen and --inputkey exclude each other: make new keys or use a keys file");
        }
        if (!keygen && inputkey == null) {
            throw new CliException("encrypt needs keys: --inputkey FILE, or --keygen to make them"
                    + (keyGen.anyHmacOption() ? " (the HMAC options only say how --keygen makes them)" : ""));
        }
        if (inputkey != null) {
            if (keyGen.anyHmacOption()) {
                throw new CliException("--key_protect_hmac and the --kp_hmac_ options make new keys with --keygen;"
                        + " they do not go with --inputkey");
            }
            if (keyGen.keyfile != null) {
                spec.commandLine()
                        .getErr()
                        .println(spec.qualifiedName(" ") + ": warning: --keyfile is ignored with --inputkey"
                                + " (no keys file is written)");
            }
            return;
        }
        keyGen.check();
    }
}
