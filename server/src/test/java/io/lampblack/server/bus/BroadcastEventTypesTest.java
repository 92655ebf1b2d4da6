package io.lampblack.server.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.EventKind;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class BroadcastEventTypesTest {

    @Test
    void carbonBlackTokensAndRoutingKeySuffixes() {
        assertEquals(
                EnumSet.of(
                        EventKind.PROCESS_START,
                        EventKind.PROCESS_END,
                        EventKind.MODULE_INFO,
                        EventKind.FILE_MOD,
                        EventKind.CHILD_PROCESS),
                BroadcastEventTypes.parse(" process, moduleinfo ,FILEMOD,childproc"));
        assertTrue(BroadcastEventTypes.parse("").isEmpty(), "default: none");
    }

    @Test
    void starMeansEveryRoutedKind() {
        var all = BroadcastEventTypes.parse("*");
        for (EventKind k : EventKind.values()) assertEquals(k.isRouted(), all.contains(k), k.name());
    }

    @Test
    void unknownTokensFailNamingThem() {
        var e = assertThrows(IllegalArgumentException.class, () -> BroadcastEventTypes.parse("process,bogus"));
        assertTrue(e.getMessage().contains("'bogus'"), e.getMessage());
    }
}
