package dev.nvsgen.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DevicesTest {
    @Test
    void aRangeNeedsAPrefixOrAnEmptyOne() {
        assertEquals(
                List.of("SN-001", "SN-002"),
                Devices.range("SN-", 1, 2, 3).stream().map(Device::serial).toList());
        assertEquals(
                List.of("001", "002"),
                Devices.range("", 1, 2, 3).stream().map(Device::serial).toList());
        // It made serials null001.
        NullPointerException e = assertThrows(NullPointerException.class, () -> Devices.range(null, 1, 2, 3));
        assertEquals("prefix (\"\" for serials without one)", e.getMessage());
    }
}
