package dev.nvsgen.cli;

import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Parameters;

/**
 * The positional arguments of {@code generate} and {@code encrypt}: {@code INPUT.csv… OUTPUT SIZE}, as
 * nvs_partition_gen takes them; SIZE may be left out when a partition table gives it.
 */
final class CsvInputsOutputSize {
    /**
     * A number as {@link dev.nvsgen.nvs.PartitionSize#parse} reads sizes: decimal, 0x…, 0o…, 0b…, with K or M. In a holder: compiling it spins
     * lambdas, which a plain {@code generate} (no partition table) would pay for at start-up and never use.
     */
    private static final class Size {
        static final Pattern PATTERN = Pattern.compile("(?i)(0x[0-9a-f_]+|0o[0-7_]+|0b[01_]+|[0-9_]+)[km]?");
    }

    @Parameters(
            arity = "2..*",
            paramLabel = "INPUT.csv… OUTPUT SIZE",
            hideParamSyntax = true,
            description =
                    "CSV inputs, the output image, the partition size (e.g. 0x3000, 12288 or 12K; at most 128M); with --partition-table"
                            + " SIZE may be left out (the partition's size is used).")
    List<String> args;

    /** The arguments split up; {@code size} is null when left out. */
    record Split(List<String> inputs, String output, String size) {}

    /**
     * With {@code sizeOptional} (a partition table gives the size) the last argument is the size only
     * when it reads as a number and there are at least three.
     */
    Split split(boolean sizeOptional) {
        int n = args.size();
        if (sizeOptional
                && (n == 2 || !Size.PATTERN.matcher(args.get(n - 1).strip()).matches())) {
            return new Split(List.copyOf(args.subList(0, n - 1)), args.get(n - 1), null);
        }
        if (n < 3) {
            throw new CliException("expected INPUT.csv… OUTPUT SIZE (SIZE may be left out with --partition-table)");
        }
        return new Split(List.copyOf(args.subList(0, n - 2)), args.get(n - 2), args.get(n - 1));
    }
}
