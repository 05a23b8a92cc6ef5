package dev.nvsgen.partitions;

/**
 * A partition table, flash layout or option that cannot be used: a bad CSV row, overlapping partitions, a
 * merged file that would leave the flash. The message names the place ({@code partitions.csv:4: …}) and is
 * meant for the person running the tool.
 */
public class PartitionTableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PartitionTableException(String message) {
        super(message);
    }

    public PartitionTableException(String message, Throwable cause) {
        super(message, cause);
    }
}
