package dev.nvsgen.provisioning;

import dev.nvsgen.factory.DeviceOutput;
import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.util.AtomicFiles;
import dev.nvsgen.nvs.util.CsvText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The matter preset's files in a run folder: per device {@code matter/SERIAL-onb_codes.csv} (QR payload,
 * manual code, discriminator, passcode, as esp-matter-mfg-tool writes them) and {@code matter/SERIAL-qrcode.png},
 * the esp_secure_cert image {@code bin/SERIAL-esp_secure_cert.bin} when the DAC key goes there, and at the end
 * {@value MatterFactoryData#RECORD}: every device's certificate serial and codes, in device order. All
 * owner-only: the codes carry the passcode, the TLV image the DAC's key.
 */
final class MatterRecord {
    static final List<String> COLUMNS =
            List.of("serial", "certificate_serial", "qrcode", "manualcode", "discriminator", "passcode");

    private MatterRecord() {}

    /** The matter files a device may have in {@code out}. */
    static List<Path> files(Path out, Device d) {
        return List.of(
                codes(out, d.serial()),
                out.resolve(MatterFactoryData.FOLDER).resolve(d.serial() + MatterFactoryData.QR),
                out.resolve(BatchRun.IMAGES).resolve(d.serial() + MatterFactoryData.SECURE_CERT_IMAGE));
    }

    private static Path codes(Path out, String serial) {
        return out.resolve(MatterFactoryData.FOLDER).resolve(serial + MatterFactoryData.CODES);
    }

    /** {@code output} with the device's matter files, each owner-only. */
    static DeviceOutput add(DeviceOutput output, Path out, Device d, MatterFactoryData.Made made) {
        DeviceOutput o = output.withSecretFile(codes(out, d.serial()), made.codesCsv())
                .withSecretFile(files(out, d).get(1), made.qrPng());
        if (made.secureCertImage().isPresent()) {
            o = o.withSecretFile(files(out, d).get(2), made.secureCertImage().get());
        }
        return o;
    }

    /**
     * Writes {@value MatterFactoryData#RECORD} for {@code rows}, from each device's codes file (so that a
     * resumed run's record holds the devices an earlier run made too).
     *
     * @throws NvsInputException when a device's codes file is gone or damaged
     */
    static void write(Path out, String shown, List<RunLog.Row> rows) throws IOException {
        StringBuilder s = new StringBuilder(RunLog.line(COLUMNS));
        for (RunLog.Row r : rows) {
            Path file = codes(out, r.serial());
            String name = shown + "/" + out.relativize(file).toString().replace(java.io.File.separatorChar, '/');
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new NvsInputException(name + ": cannot be read for " + MatterFactoryData.RECORD + " ("
                        + e.getMessage() + "); make the device again (remove its image and resume)");
            }
            if (lines.size() != 2 || !lines.get(0).equals(MatterFactoryData.CODES_HEADER)) {
                throw new NvsInputException(name + ": is not an onboarding codes file ("
                        + MatterFactoryData.CODES_HEADER + "); make the device again (remove its image and resume)");
            }
            s.append(CsvText.field(r.serial()))
                    .append(',')
                    .append(CsvText.field(r.certificateSerial()))
                    .append(',')
                    .append(lines.get(1))
                    .append('\n');
        }
        AtomicFiles.write(out.resolve(MatterFactoryData.RECORD), s.toString().getBytes(StandardCharsets.UTF_8), true);
    }
}
