package dev.nvsgen.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nvsgen.nvs.NvsInputException;
import dev.nvsgen.provisioning.model.Origin;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A device list's errors carry the file and line as fields, as the message names them. */
class DeviceListLocationTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "serial,mac\\nA,1,2\\n | 2",
                "name,mac\\nA,1\\n | 1",
                "serial,serial\\nA,1\\n | 1",
                "serial,,x\\nA,1,2\\n | 1",
                "serial\\n\"A\\n | 2",
                "serial\\n | 0",
            })
    void errorsCarryFileAndLine(String csv, int line) {
        NvsInputException e = assertThrows(
                NvsInputException.class,
                () -> DeviceList.csv(
                        csv.replace("\\n", "\n"), "devices.csv", "serial", Origin.code("test", "devices")));
        assertEquals(Optional.of("devices.csv"), e.file(), e.getMessage());
        assertEquals(line == 0 ? OptionalInt.empty() : OptionalInt.of(line), e.line(), e.getMessage());
    }
}
