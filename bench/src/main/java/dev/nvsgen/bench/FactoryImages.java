package dev.nvsgen.bench;

import dev.nvsgen.nvs.NvsPartition;
import dev.nvsgen.nvs.NvsValue;
import dev.nvsgen.nvs.PartitionSize;
import java.util.Random;

/** The factory-style device the issues benchmark: serial, integers, a DER cert and key, a PEM CA; 0x6000. */
final class FactoryImages {
    static final PartitionSize SIZE = PartitionSize.parse("0x6000");

    final byte[] certDer = random(400, 1);
    final byte[] keyDer = random(121, 2);
    final String caPem = pem(random(480, 3));

    NvsPartition device(int n) {
        return NvsPartition.builder()
                .namespace("factory")
                .put("serial", NvsValue.string("SN-" + (100000 + n)))
                .put("hw_rev", NvsValue.u8(3))
                .put("mfg_date", NvsValue.u32(20261126))
                .put("cal_offset", NvsValue.i16(-42))
                .put("boot_count", NvsValue.u32(0))
                .put("device_cert", NvsValue.blob(certDer))
                .put("device_key", NvsValue.blob(keyDer))
                .put("ca_cert", NvsValue.string(caPem))
                .namespace("wifi")
                .put("country", NvsValue.string("DE"))
                .build();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }
}
