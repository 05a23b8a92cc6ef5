package dev.nvsgen.cli;

import dev.nvsgen.factory.OutputPlan;
import dev.nvsgen.nvs.util.AtomicFiles;
import dev.nvsgen.nvs.util.InputFiles;
import dev.nvsgen.nvs.util.JsonText;
import dev.nvsgen.partitions.PartitionEntry;
import dev.nvsgen.partitions.PartitionTable;
import dev.nvsgen.partitions.PartitionTableOptions;
import dev.nvsgen.partitions.SecureBoot;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nvsgen partitions}: shows an ESP-IDF partition table and converts it between CSV and binary. */
@Command(
        name = "partitions",
        description = {
            "Show or convert an ESP-IDF partition table (CSV <-> binary) as ESP-IDF's gen_esp32part.py does.",
            "FILE is partitions.csv or partition-table.bin: empty offsets are filled in, K/M sizes read, the"
                    + " table checked.",
            "Without -o it prints the table; with -o it converts as gen_esp32part does (CSV to binary, binary"
                    + " to CSV) unless --format or the output's extension (.bin, .csv, .json) says otherwise."
        })
final class PartitionsCommand implements Callable<Integer> {
    enum Format {
        text,
        json,
        csv,
        bin
    }

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "FILE", description = "partitions.csv or partition-table.bin.")
    String file;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "text, json, csv (gen_esp32part's decoded form, every offset resolved) or bin;"
                    + " default: text, or with -o the output's extension, else the other form than FILE's.")
    Format format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "OUT",
            description = "Write to OUT instead of standard output (needed for bin).")
    String output;

    @Option(
            names = "--offset",
            paramLabel = "ADDR",
            defaultValue = "0x8000",
            description = "Where the table itself is in flash (default: ${DEFAULT-VALUE}).")
    String offset;

    @Option(
            names = "--secure",
            arity = "0..1",
            paramLabel = "v1|v2",
            preprocessor = SecureValue.class,
            description = "App partition sizes aligned for secure boot (v1: 64 KB; v2: 4 KB).")
    String secure;

    @Option(names = "--disable-md5sum", description = "No MD5 row in the binary table (nor checked in one read).")
    boolean disableMd5;

    @Option(names = "--primary-bootloader-offset", paramLabel = "ADDR", description = "For bootloader partitions.")
    String primaryBootloaderOffset;

    @Option(names = "--recovery-bootloader-offset", paramLabel = "ADDR", description = "For a recovery bootloader.")
    String recoveryBootloaderOffset;

    @Option(
            names = "--flash-size",
            paramLabel = "SIZE",
            description = "Check the partitions fit: 1MB, 2MB, 4MB, 8MB, 16MB, 32MB, 64MB or 128MB.")
    String flashSize;

    @Option(
            names = {"-q", "--quiet"},
            description = "Do not print warnings.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Main main = Main.of(spec);
        Path input = main.resolve(file);
        byte[] data = InputFiles.read(input, file, InputFiles.MAX_PARTITION_TABLE, "a partition table");
        PartitionTable table = PartitionTable.parse(data, String.valueOf(input.getFileName()), options());
        PrintWriter out = spec.commandLine().getOut();
        if (!quiet) {
            PrintWriter err = spec.commandLine().getErr();
            table.warnings().forEach(w -> err.println("nvsgen partitions: warning: " + w));
            err.flush();
        }
        Format f = format != null ? format : defaultFormat(PartitionTable.isBinary(data));
        if (output == null || output.equals("-")) {
            if (f == Format.bin) {
                throw new CliException("--format bin writes binary data: give a file with -o OUT");
            }
            out.print(render(f, table, file));
            out.flush();
            return ExitCode.OK;
        }
        Path target = main.resolve(output);
        byte[] bytes =
                f == Format.bin ? table.toBinary() : render(f, table, file).getBytes(StandardCharsets.UTF_8);
        new OutputPlan("--force")
                .input(input, file, "the partition table it converts")
                .output(target, output, "the output (-o)", OutputPlan.Kind.ANY)
                .check(false);
        AtomicFiles.write(target, bytes, false);
        out.println("Wrote " + f + " partition table (" + table.entries().size() + " partitions): " + output);
        return ExitCode.OK;
    }

    /** {@code --secure} takes {@code v1} or {@code v2} when one follows, as gen_esp32part's argparse does; else v1. */
    static final class SecureValue implements IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec arg, Map<String, Object> info) {
            boolean separate = " ".equals(info.get("separator")); // not --secure=VALUE
            if (separate
                    && (args.isEmpty()
                            || !(args.peek().equals("v1") || args.peek().equals("v2")))) {
                args.push("v1"); // a bare --secure, as if --secure=v1
            }
            return false; // picocli goes on to take the value
        }
    }

    private PartitionTableOptions options() {
        PartitionTableOptions o = PartitionTableOptions.defaults()
                .withTableOffset(Addresses.parse("--offset", offset))
                .withMd5(!disableMd5)
                .withVariables(System.getenv());
        if (secure != null) {
            o = o.withSecureBoot(
                    switch (secure.toLowerCase(Locale.ROOT)) {
                        case "v1" -> SecureBoot.V1;
                        case "v2" -> SecureBoot.V2;
                        default -> throw new CliException("--secure takes v1 or v2, not '" + secure + "'");
                    });
        }
        if (primaryBootloaderOffset != null) {
            o = o.withPrimaryBootloaderOffset(Addresses.parse("--primary-bootloader-offset", primaryBootloaderOffset));
        }
        if (recoveryBootloaderOffset != null) {
            o = o.withRecoveryBootloaderOffset(
                    Addresses.parse("--recovery-bootloader-offset", recoveryBootloaderOffset));
        }
        if (flashSize != null) {
            List<String> sizes = List.of("1MB", "2MB", "4MB", "8MB", "16MB", "32MB", "64MB", "128MB");
            if (!sizes.contains(flashSize)) {
                throw new CliException(
                        "--flash-size takes one of " + String.join(", ", sizes) + ", not '" + flashSize + "'");
            }
            o = o.withFlashSize(Long.parseLong(flashSize.replace("MB", "")) << 20);
        }
        return o;
    }

    private Format defaultFormat(boolean inputIsBinary) {
        if (output == null || output.equals("-")) {
            return Format.text;
        }
        String name = output.toLowerCase(Locale.ROOT);
        if (name.endsWith(".bin")) {
            return Format.bin;
        }
        if (name.endsWith(".csv")) {
            return Format.csv;
        }
        if (name.endsWith(".json")) {
            return Format.json;
        }
        return inputIsBinary ? Format.csv : Format.bin;
    }

    static String render(Format f, PartitionTable table, String source) {
        return switch (f) {
            case csv -> table.toCsv();
            case json -> json(table);
            case text -> text(table, source);
            case bin -> throw new IllegalArgumentException("binary is not text");
        };
    }

    private static String text(PartitionTable table, String source) {
        StringBuilder out = new StringBuilder();
        out.append(source)
                .append(": partition table at 0x")
                .append(Long.toHexString(table.tableOffset()))
                .append(", ")
                .append(table.entries().size())
                .append(table.entries().size() == 1 ? " partition" : " partitions")
                .append(", flash used up to 0x")
                .append(Long.toHexString(table.flashEnd()))
                .append('\n');
        String[][] rows = new String[table.entries().size() + 1][];
        rows[0] = new String[] {"Name", "Type", "SubType", "Offset", "Size", "End", "Flags"};
        for (int i = 0; i < table.entries().size(); i++) {
            PartitionEntry e = table.entries().get(i);
            rows[i + 1] = new String[] {
                e.name(),
                e.typeName(),
                e.subtypeName(),
                "0x" + Long.toHexString(e.offset()),
                "0x" + Long.toHexString(e.size()) + " (" + PartitionTable.sizeText(e.size()) + ")",
                "0x" + Long.toHexString(e.end()),
                e.flagsText()
            };
        }
        int[] widths = new int[rows[0].length];
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                widths[c] = Math.max(widths[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                line.append(r[c]).append(" ".repeat(widths[c] - r[c].length() + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String json(PartitionTable table) {
        StringBuilder out = new StringBuilder("{\n  \"tableOffset\": ")
                .append(table.tableOffset())
                .append(",\n  \"md5\": ")
                .append(table.options().md5())
                .append(",\n  \"partitions\": [");
        List<PartitionEntry> entries = table.entries();
        for (int i = 0; i < entries.size(); i++) {
            PartitionEntry e = entries.get(i);
            out.append(i == 0 ? "\n" : ",\n")
                    .append("    {\"name\": ")
                    .append(JsonText.quote(e.name()))
                    .append(", \"type\": ")
                    .append(JsonText.quote(e.typeName()))
                    .append(", \"typeId\": ")
                    .append(e.type())
                    .append(", \"subtype\": ")
                    .append(JsonText.quote(e.subtypeName()))
                    .append(", \"subtypeId\": ")
                    .append(e.subtype())
                    .append(", \"offset\": ")
                    .append(e.offset())
                    .append(", \"size\": ")
                    .append(e.size())
                    .append(", \"encrypted\": ")
                    .append(e.encrypted())
                    .append(", \"readonly\": ")
                    .append(e.readonly())
                    .append('}');
        }
        return out.append(entries.isEmpty() ? "]\n}\n" : "\n  ]\n}\n").toString();
    }
}
