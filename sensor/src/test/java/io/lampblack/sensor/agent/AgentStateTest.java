package io.lampblack.sensor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.EventKind;
import io.lampblack.protocol.sensor.SensorProtocol.BanList;
import io.lampblack.protocol.sensor.SensorProtocol.SensorConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The group's settings, the ban list and the drop counts, applied at once and kept across restarts. */
class AgentStateTest {

    @TempDir
    Path data;

    @Test
    void theGroupsKindsDecideWhatIsKeptAndEverythingSurvivesARestart() throws Exception {
        AgentState s = new AgentState(data);
        assertTrue(s.collects(EventKind.NET_CONN), "everything until the server says otherwise");
        assertEquals("", s.configVersion());
        s.config(new SensorConfig(
                "5d0c9a1e77b3f2a4",
                2,
                Map.of("collect_netconns", false),
                Arrays.asList("PROCESS_START", "PROCESS_END", "MODULE_INFO", "NO_SUCH_KIND", null),
                30,
                true,
                List.of("10.0.0.1")));
        s.banList(new BanList("9c1f", List.of("7fb55f5a7fb55f5a7fb55f5a7fb55f5a")));
        s.dropped(12, 2);

        AgentState after = new AgentState(data);
        assertTrue(after.collects(EventKind.PROCESS_START));
        assertFalse(after.collects(EventKind.NET_CONN), "not collected by the group: dropped before spooling");
        assertTrue(after.collects(EventKind.TAMPER), "kinds no flag governs are always collected");
        assertEquals("5d0c9a1e77b3f2a4", after.configVersion());
        assertEquals(List.of("10.0.0.1"), after.isolationExclusions());
        assertEquals("9c1f", after.banListVersion());
        assertEquals(12, after.droppedEvents());
        assertEquals(2, after.droppedEventLogs());
    }
}
