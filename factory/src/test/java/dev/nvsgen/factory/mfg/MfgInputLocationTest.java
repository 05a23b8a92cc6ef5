package dev.nvsgen.factory.mfg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.nvs.PartitionSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * mfg's input errors carry their place as fields, not only in the text: an editor or a station's UI
 * marks the line without parsing messages. Each case: the file, line and key the error must report.
 */
class MfgInputLocationTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "config {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "ns,namespace,\\nk,blob,string\\n | 2 | k",
                "ns,namespace,\\nk,data\\n | 2 | k",
                "ns,namespace,\\nk,data,string,ONCE\\n | 2 | k",
                "ns,namespace,\\nk,data,nosuch\\n | 2 | k",
                "k,data,string\\n | 1 | k",
                "ns,namespace,\\nk,data,string,REPEAT,x\\n | 2 | ",
                "ns,namespace,\\nthis_key_is_far_too_long,data,string\\n | 2 | ",
            })
    void configErrorsCarryFileLineAndKey(String config, int line, String key) {
        NvsInputException e =
                assertThrows(NvsInputException.class, () -> MfgConfig.parse(config.replace("\\n", "\n"), "c.csv"));
        assertEquals(Optional.of("c.csv"), e.file(), e.getMessage());
        assertEquals(OptionalInt.of(line), e.line(), e.getMessage());
        assertEquals(Optional.ofNullable(key), e.key(), e.getMessage());
    }

    @ParameterizedTest(name = "values {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "serial,rev\\nA,1\\nB,300\\n | values.csv | 3 | rev",
                "serial,rev\\nA,1,2\\n | values.csv | 2 | ",
                "serial\\nA\\n | config.csv | 3 | rev",
            })
    void valuesErrorsCarryFileLineAndKey(String values, String file, int line, String key) throws IOException {
        Path valuesFile = Files.writeString(dir.resolve("values.csv"), values.replace("\\n", "\n"));
        MfgConfig config = MfgConfig.parse("ns,namespace,\nserial,data,string\nrev,data,u8\n", "config.csv");
        NvsInputException e = assertThrows(
                NvsInputException.class,
                () -> MfgBatch.builder(config, valuesFile, "P", PartitionSize.parse("0x3000"))
                        .valuesName("values.csv")
                        .outputDir(dir.resolve("out"), "out")
                        .baseDir(dir)
                        .build()
                        .check()
                        .run(d -> {}));
        assertEquals(Optional.of(file), e.file(), e.getMessage());
        assertEquals(OptionalInt.of(line), e.line(), e.getMessage());
        assertEquals(Optional.ofNullable(key), e.key(), e.getMessage());
    }
}
