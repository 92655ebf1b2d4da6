package io.lampblack.server.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.EventKind;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The mapping of a group's {@code collect_*} flags to event kinds (documented in docs/compatibility.md). */
class CollectFlagTest {

    @Test
    void everyFlagIsAGroupFieldAndNoKindHasTwoFlags() {
        Set<EventKind> seen = new HashSet<>();
        for (CollectFlag f : CollectFlag.values()) {
            assertTrue(f.field().startsWith("collect_"), f.field());
            for (EventKind k : f.kinds()) assertTrue(seen.add(k), k + " is governed twice");
        }
    }

    @Test
    void aGroupWithoutNetconnsCollectsEverythingElse() {
        Set<EventKind> kinds = CollectFlag.collectedKinds(EnumSet.complementOf(EnumSet.of(CollectFlag.NETCONNS)));
        assertFalse(kinds.contains(EventKind.NET_CONN));
        assertEquals(EnumSet.complementOf(EnumSet.of(EventKind.NET_CONN)), kinds);
    }

    @Test
    void kindsNoFlagGovernsAreAlwaysCollected() {
        Set<EventKind> kinds = CollectFlag.collectedKinds(EnumSet.noneOf(CollectFlag.class));
        assertEquals(
                EnumSet.of(EventKind.TAMPER, EventKind.PROCESS_BLOCK, EventKind.PROCESS_METADATA, EventKind.OTHER),
                kinds);
    }

    @Test
    void theDefaultsCollectEveryKind() {
        assertEquals(EnumSet.allOf(EventKind.class), CollectFlag.collectedKinds(CollectFlag.DEFAULTS));
    }
}
