package dev.nvsgen.securecert;

import dev.nvsgen.crypto.HmacKey;
import dev.nvsgen.nvs.Bytes;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.CsvParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * configure_esp_secure_cert.py's CSV ({@code --esp_secure_cert_csv}; {@code parse_esp_secure_cert_csv} in
 * {@code tools/esp_secure_cert/tlv_format_construct.py}): a header row naming the columns {@code tlv_type,
 * tlv_subtype, data_value, data_type, priv_key_type, algorithm, key_size, efuse_id, efuse_key}, then one row per
 * TLV. {@code tlv_type} is a type name ({@code ESP_SECURE_CERT_CA_CERT_TLV}) or number; {@code data_type} is
 * {@code file} (a path), {@code string} (UTF-8, no NUL), {@code hex} or {@code base64}. Values are trimmed; rows
 * whose {@code tlv_type} starts with {@code #} are comments.
 *
 * <p>Unlike the tool, a missing {@code efuse_key} file is refused rather than replaced by a new random key.
 */
public final class SecureCertCsv {
    private static final List<String> COLUMNS = List.of(
            "tlv_type",
            "tlv_subtype",
            "data_value",
            "data_type",
            "priv_key_type",
            "algorithm",
            "key_size",
            "efuse_id",
            "efuse_key");

    private SecureCertCsv() {}

    /**
     * The items of a CSV file.
     *
     * @param base what relative paths in the CSV are resolved against (the tool: the current directory)
     * @throws NvsInputException naming the file and line of the first bad row
     */
    public static List<SecureCertItem> read(Path csv, Path base) {
        String text;
        try {
            text = Files.readString(csv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NvsInputException(csv + ": no such CSV file");
        } catch (IOException e) {
            throw new NvsInputException(csv + ": cannot read it (" + e.getMessage() + ")");
        }
        return parse(text, csv.toString(), base);
    }

    /** The items of CSV {@code text}, called {@code name} in errors. */
    public static List<SecureCertItem> parse(String text, String name, Path base) {
        List<CsvParser.Record> records;
        try {
            records = CsvParser.parse(text, false);
        } catch (CsvParser.MalformedCsvException e) {
            throw new NvsInputException(name + ":" + e.line() + ": " + e.getMessage(), name, e.line(), null, null, e);
        }
        List<SecureCertItem> items = new ArrayList<>();
        if (records.isEmpty()) {
            throw new NvsInputException(name + ": empty CSV: the first row names the columns");
        }
        List<String> header = new ArrayList<>();
        for (String h : records.get(0).fields()) {
            header.add(h.strip());
        }
        for (String required : List.of("tlv_type", "tlv_subtype", "data_value", "data_type")) {
            if (!header.contains(required)) {
                throw new NvsInputException(name + ":" + records.get(0).line() + ": the header has no '" + required
                        + "' column (the columns are " + String.join(",", COLUMNS) + ")");
            }
        }
        for (CsvParser.Record r : records.subList(1, records.size())) {
            if (r.isBlank()) {
                continue;
            }
            Row row = new Row(header, r, name);
            if (row.get("tlv_type").startsWith("#")) {
                continue;
            }
            try {
                items.add(row.item(base));
            } catch (NvsInputException e) {
                throw new NvsInputException(
                        name + ":" + r.line() + ": " + e.getMessage(), name, r.line(), null, null, e);
            }
        }
        return items;
    }

    /**
     * A private-key item from the tool's columns (or {@code --priv_key_algo ALGO BITS}), checking the declared
     * algorithm and size against the key.
     *
     * @param algorithm {@code RSA} or {@code ECDSA}; may be empty for a plaintext key
     * @param bits the declared size; 0 when not given (plaintext keys only)
     * @param efuseKeyId -1 when not given (plaintext keys only)
     */
    public static SecureCertItem.PrivateKey keyItem(
            TlvSubtype subtype,
            PrivateKeyFile key,
            KeyProtection protection,
            String algorithm,
            int bits,
            int efuseKeyId,
            Optional<HmacKey> hmacKey) {
        if (protection != KeyProtection.PLAINTEXT) {
            if (efuseKeyId < 0) {
                throw new NvsInputException(protection.id() + " needs the eFuse key id (0 to 5) of its key block");
            }
            if (efuseKeyId > 5) {
                throw new NvsInputException("eFuse key id " + efuseKeyId + " is outside 0 to 5");
            }
            String expected = protection == KeyProtection.RSA_DS ? "RSA" : "ECDSA";
            if (!expected.equals(algorithm)) {
                throw new NvsInputException(
                        protection.id() + " needs algorithm " + expected + ", not '" + algorithm + "'");
            }
            if (bits == 0) {
                throw new NvsInputException(protection.id() + " needs the key size in bits");
            }
        }
        if (!algorithm.isEmpty() && !algorithm.equals(key.algorithm())) {
            throw new NvsInputException(
                    key.name() + ": declared " + algorithm + " but it is an " + key.algorithm() + " key");
        }
        if (bits != 0 && bits != key.bits()) {
            throw new NvsInputException(
                    key.name() + ": declared " + algorithm + " " + bits + " but it is a " + key.bits() + "-bit key");
        }
        if (protection != KeyProtection.RSA_DS && hmacKey.isPresent()) {
            throw new NvsInputException(
                    "an eFuse HMAC key file is for rsa_ds keys only (the ECDSA peripheral" + " burns the key itself)");
        }
        return new SecureCertItem.PrivateKey(subtype, key, protection, efuseKeyId, hmacKey);
    }

    /** Reads a file for an input, naming it in errors. */
    static byte[] readFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NvsInputException(file + ": no such file");
        } catch (IOException e) {
            throw new NvsInputException(file + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    private static final class Row {
        private final List<String> header;
        private final CsvParser.Record record;
        private final String csvName;

        Row(List<String> header, CsvParser.Record record, String csvName) {
            this.header = header;
            this.record = record;
            this.csvName = csvName;
        }

        String get(String column) {
            int i = header.indexOf(column);
            return i < 0 || i >= record.fields().size()
                    ? ""
                    : record.fields().get(i).strip();
        }

        SecureCertItem item(Path base) {
            TlvType type = type(get("tlv_type"));
            TlvSubtype subtype = TlvSubtype.fromCode(integer("tlv_subtype", get("tlv_subtype")), -1);
            String value = get("data_value");
            String dataType = get("data_type");
            if (value.isEmpty()) {
                throw new NvsInputException("data_value is empty");
            }
            if (dataType.isEmpty()) {
                throw new NvsInputException("data_type is empty (file, string, hex or base64)");
            }
            String label = dataType.equals("file") ? value : type.toolName() + " in " + csvName;
            byte[] data = data(value, dataType, base);
            return switch (type) {
                case CA_CERT, DEV_CERT ->
                    new SecureCertItem.Certificate(type, subtype, CertificateFile.read(data, label));
                case PRIV_KEY -> {
                    String kind = get("priv_key_type").toLowerCase(Locale.ROOT);
                    if (kind.isEmpty()) {
                        throw new NvsInputException("priv_key_type is empty: plaintext, rsa_ds or ecdsa_peripheral");
                    }
                    KeyProtection protection = KeyProtection.of(kind);
                    PrivateKeyFile key = PrivateKeyFile.read(data, label, null);
                    String efuseKey = get("efuse_key");
                    Optional<HmacKey> hmac = efuseKey.isEmpty()
                            ? Optional.empty()
                            : Optional.of(HmacKey.read(base.resolve(efuseKey), efuseKey));
                    String id = get("efuse_id");
                    String size = get("key_size");
                    yield keyItem(
                            subtype,
                            key,
                            protection,
                            get("algorithm").toUpperCase(Locale.ROOT),
                            size.isEmpty() ? 0 : integer("key_size", size),
                            id.isEmpty() ? -1 : integer("efuse_id", id),
                            hmac);
                }
                default -> new SecureCertItem.Data(type, subtype, Bytes.of(data));
            };
        }

        private static TlvType type(String s) {
            TlvType named = TlvType.named(s);
            if (named != null) {
                return named;
            }
            try {
                return TlvType.fromCode(Integer.parseInt(s), -1);
            } catch (NumberFormatException e) {
                throw new NvsInputException("tlv_type '" + s + "' is neither a type name"
                        + " (ESP_SECURE_CERT_CA_CERT_TLV, …, ESP_SECURE_CERT_USER_DATA_5_TLV) nor a number");
            } catch (SecureCertFormatException e) {
                throw new NvsInputException("tlv_type " + s + " is not a type esp_secure_cert_mgr defines");
            }
        }

        private static int integer(String column, String s) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new NvsInputException(column + " '" + s + "' is not a number");
            }
        }

        private static byte[] data(String value, String dataType, Path base) {
            return switch (dataType) {
                case "file" -> readFile(base.resolve(value));
                case "string" -> value.getBytes(StandardCharsets.UTF_8);
                case "hex" -> {
                    try {
                        yield HexFormat.of().parseHex(value.replace(" ", ""));
                    } catch (IllegalArgumentException e) {
                        throw new NvsInputException("data_value is not hex: " + e.getMessage());
                    }
                }
                case "base64" -> {
                    try {
                        yield Base64.getMimeDecoder().decode(value);
                    } catch (IllegalArgumentException e) {
                        throw new NvsInputException("data_value is not base64: " + e.getMessage());
                    }
                }
                default ->
                    throw new NvsInputException("data_type '" + dataType + "' is not file, string, hex or base64");
            };
        }
    }
}
