package io.lampblack.server.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessMetadataCacheTest {

    private static ProcessMetadata meta(String cmdline, boolean startSeen) {
        return new ProcessMetadata("a.exe", "c:\\a.exe", cmdline, "", "", 1, 0, "", "", "", "", -1, "", startSeen);
    }

    @Test
    void aSeenStartIsNotReplacedByPartialMetadata() {
        ProcessMetadataCache cache = new ProcessMetadataCache(10);
        cache.put("g", meta("partial", false));
        cache.put("g", meta("full", true));
        cache.put("g", meta("partial again", false));
        assertEquals("full", cache.get("g").orElseThrow().cmdline());
        cache.put("g", meta("newer full", true));
        assertEquals("newer full", cache.get("g").orElseThrow().cmdline());
    }

    @Test
    void theLeastRecentlyUsedEntryGoesFirst() {
        ProcessMetadataCache cache = new ProcessMetadataCache(2);
        cache.put("a", meta("a", true));
        cache.put("b", meta("b", true));
        cache.get("a");
        cache.put("c", meta("c", true));
        assertEquals(2, cache.size());
        assertEquals(Optional.empty(), cache.get("b"));
        assertEquals("a", cache.get("a").orElseThrow().cmdline());
        assertEquals("c", cache.get("c").orElseThrow().cmdline());
    }
}
