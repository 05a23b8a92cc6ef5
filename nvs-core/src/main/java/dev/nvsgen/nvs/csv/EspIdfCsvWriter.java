package dev.nvsgen.nvs.csv;

import dev.nvsgen.nvs.NvsEntry;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsType;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.util.CsvText;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes a partition as ESP-IDF CSV rows that {@code nvs_partition_gen} (and {@code nvsgen generate})
 * turns back into the same partition: namespace rows where the namespaces are defined, integers in
 * decimal, floats and doubles in {@link dev.nvsgen.nvs.FloatText}'s form, strings as text, blobs as
 * {@code hex2bin}.
 *
 * <p>The generator adds Wi-Fi helper entries of its own ({@link EspIdfRows}); where the partition holds
 * exactly those, they are left to it. Every CSV is read back before it is returned, so a partition that
 * no CSV reproduces (a string with a carriage return, say) is refused rather than written wrongly.
 */
final class EspIdfCsvWriter {
    private static final List<String> STA_EXTRAS = List.of("sta.apinfo", "sta.pmk", "sta.apsw");

    private final NvsPartition partition;
    private final StringBuilder out = new StringBuilder("key,type,encoding,value\n");
    private boolean staExtrasAdded;
    private String apSsid;
    private String apPassword;
    private boolean apAuthmodeSet;

    private EspIdfCsvWriter(NvsPartition partition) {
        this.partition = Objects.requireNonNull(partition, "partition");
    }

    static String write(NvsPartition partition) {
        EspIdfCsvWriter w = new EspIdfCsvWriter(partition);
        w.rows();
        String csv = w.out.toString();
        w.checkRoundTrip(csv);
        return csv;
    }

    private void rows() {
        List<NvsEntry> entries = partition.entries();
        List<String> namespaces = partition.namespaces();
        String current = null;
        int ns = 0;
        for (int i = 0; i <= entries.size(); i++) {
            while (ns < namespaces.size() && partition.entriesBefore(ns) == i) {
                current = namespaces.get(ns++);
                row(current, "namespace", "", "");
            }
            if (i == entries.size()) {
                break;
            }
            NvsEntry e = entries.get(i);
            if (!e.namespace().equals(current)) {
                current = e.namespace();
                row(current, "namespace", "", "");
            }
            if (i + 1 < entries.size() && generatorAddsPmkInfo(e, entries.get(i + 1))) {
                continue;
            }
            String text = text(e.value());
            trackAp(e.key(), text);
            row(e.key(), "data", encoding(e.value()), text);
            if (!staExtrasAdded && (e.key().equals("sta.ssid") || e.key().equals("sta.pswd"))) {
                staExtrasAdded = true;
                if (followedByStaExtras(entries, i)) {
                    i += STA_EXTRAS.size();
                }
            }
        }
    }

    /** The generator writes its station helper entries after the first sta.ssid or sta.pswd row. */
    private static boolean followedByStaExtras(List<NvsEntry> entries, int i) {
        for (int k = 0; k < STA_EXTRAS.size(); k++) {
            int j = i + 1 + k;
            if (j >= entries.size()
                    || !entries.get(j).key().equals(STA_EXTRAS.get(k))
                    || !entries.get(j).namespace().equals(entries.get(i).namespace())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The generator writes ap.pmk_info itself before an ap.ssid, ap.passwd or ap.authmode row once all
     * three are known and the auth mode is not 0: such an entry is left to it.
     */
    private boolean generatorAddsPmkInfo(NvsEntry e, NvsEntry next) {
        if (!e.key().equals("ap.pmk_info") || !next.namespace().equals(e.namespace())) {
            return false;
        }
        String ssid = apSsid;
        String password = apPassword;
        boolean authmode = apAuthmodeSet;
        String text = text(next.value());
        switch (next.key()) {
            case "ap.ssid" -> ssid = text;
            case "ap.passwd" -> password = text;
            case "ap.authmode" -> authmode |= !text.equals("0");
            default -> {
                return false;
            }
        }
        return ssid != null && !ssid.isEmpty() && password != null && !password.isEmpty() && authmode;
    }

    private void trackAp(String key, String text) {
        switch (key) {
            case "ap.ssid" -> apSsid = text;
            case "ap.passwd" -> apPassword = text;
            case "ap.authmode" -> apAuthmodeSet |= !text.equals("0");
            default -> {}
        }
    }

    private static String encoding(NvsValue v) {
        return v.type() == NvsType.BLOB ? "hex2bin" : v.type().csvName();
    }

    private static String text(NvsValue v) {
        if (v instanceof NvsValue.IntValue i) {
            return i.bigValue().toString();
        }
        if (v instanceof NvsValue.FloatValue f) {
            return f.text();
        }
        if (v instanceof NvsValue.DoubleValue d) {
            return d.text();
        }
        if (v instanceof NvsValue.StringValue s) {
            return s.text();
        }
        return ((NvsValue.BlobValue) v).data().hex();
    }

    private void row(String key, String type, String encoding, String value) {
        out.append(field(key))
                .append(',')
                .append(type)
                .append(',')
                .append(encoding)
                .append(',')
                .append(field(value))
                .append('\n');
    }

    /** Quotes a field that holds a separator, a quote or a line break, or that would start a comment line. */
    private static String field(String s) {
        return s.startsWith("#") ? CsvText.quoted(s) : CsvText.field(s);
    }

    private void checkRoundTrip(String csv) {
        NvsPartition.Builder b = NvsPartition.builder(partition.version());
        NvsPartition back;
        try {
            EspIdfCsv.readInto(new EspIdfRows(b, Path.of("")), "(csv)", csv);
            back = b.build();
        } catch (NvsInputException e) {
            throw new NvsInputException("the partition cannot be written as ESP-IDF CSV: " + e.getMessage(), e);
        }
        if (back.equals(partition)) {
            return;
        }
        List<NvsEntry> want = partition.entries();
        List<NvsEntry> got = back.entries();
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            if (!want.get(i).equals(got.get(i))) {
                throw unrepresentable(
                        want.get(i), "CSV would give " + got.get(i).value() + " instead");
            }
        }
        if (want.size() != got.size()) {
            NvsEntry first = want.size() > got.size() ? want.get(got.size()) : got.get(want.size());
            throw unrepresentable(
                    first,
                    "nvs_partition_gen would write " + got.size() + " entries instead of " + want.size()
                            + " (it adds Wi-Fi helper entries of its own)");
        }
        throw new NvsInputException(
                "the partition cannot be written as ESP-IDF CSV: its namespaces would be defined in another order");
    }

    private static NvsInputException unrepresentable(NvsEntry e, String why) {
        return new NvsInputException("the partition cannot be written as ESP-IDF CSV exactly: " + e.namespace() + "/"
                + e.key() + ": " + why);
    }
}
