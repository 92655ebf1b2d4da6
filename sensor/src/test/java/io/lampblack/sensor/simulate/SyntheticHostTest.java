package io.lampblack.sensor.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.EventLogReader;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticHostTest {

    /**
     * The ingest benchmark's figures are only comparable across versions while its data stays the same: these are
     * the bytes the ingest profile produced before the query profile was added.
     */
    @Test
    void ingestProfileIsUnchanged() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int s = 0; s < 3; s++) {
            SyntheticHost h = new SyntheticHost(42 + s);
            for (int i = 0; i < 30; i++) md.update(h.nextUpload(1000));
        }
        assertEquals(
                "bd383da04c5b94d3e7d66f51635862dae9d0178428589f37f52f72b50ae1ceba",
                HexFormat.of().formatHex(md.digest()));
    }

    @Test
    void queryProfileIsDeterministic() {
        SyntheticHost a = new SyntheticHost(7, SyntheticHost.Profile.QUERY);
        SyntheticHost b = new SyntheticHost(7, SyntheticHost.Profile.QUERY);
        for (int i = 0; i < 5; i++) assertArrayEquals(a.nextUpload(500), b.nextUpload(500));
    }

    /** Binary joins need every binary described before it is run or loaded, as the catalog says. */
    @Test
    void queryProfileDescribesEveryBinaryBeforeItsUse() throws Exception {
        Map<String, SyntheticCatalog.Binary> catalog = new HashMap<>();
        for (SyntheticCatalog.Binary b : SyntheticCatalog.binaries()) catalog.put(b.md5(), b);
        SyntheticHost host = new SyntheticHost(11, SyntheticHost.Profile.QUERY);
        Set<String> described = new HashSet<>();
        Set<String> signatures = new HashSet<>();
        int events = 0;
        for (int u = 0; u < 40; u++) {
            for (CbEventMsg e : EventLogReader.decodeLenient(host.nextUpload(1000), Integer.MAX_VALUE - 16)) {
                events++;
                if (e.hasModule()) {
                    String md5 = e.getModule().getMd5().toStringUtf8();
                    SyntheticCatalog.Binary b = catalog.get(md5);
                    assertTrue(b != null, "module info for a binary outside the catalog: " + md5);
                    assertEquals(b.digsigResult(), e.getModule().getUtf8DigSigResult());
                    signatures.add(b.digsigResult());
                    described.add(md5);
                    continue;
                }
                String process = HexFormat.of()
                        .withUpperCase()
                        .formatHex(e.getHeader().getProcessMd5().toByteArray());
                assertTrue(described.contains(process), "process binary used before it was described");
                if (e.hasModload()) {
                    String module = HexFormat.of()
                            .withUpperCase()
                            .formatHex(e.getModload().getMd5Hash().toByteArray());
                    assertTrue(described.contains(module), "module loaded before it was described");
                }
            }
        }
        assertEquals(40 * 1000, events, "every upload has exactly the events asked for");
        assertTrue(signatures.containsAll(Set.of("Signed", "Unsigned", "Expired")), signatures.toString());
    }
}
