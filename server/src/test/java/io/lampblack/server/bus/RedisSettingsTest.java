package io.lampblack.server.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.EventKind;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --redis-url} and {@code --redis-event-types} as an operator writes them, and what they are refused for. */
class RedisSettingsTest {

    private static final String MD5 = "0123456789abcdef0123456789abcdef";

    @Test
    void urlWithDefaultsDatabaseAndPassword() {
        RedisAddress plain = RedisAddress.parse("redis://127.0.0.1");
        assertEquals(new RedisAddress("127.0.0.1", 6379, 0, null, null), plain);
        RedisAddress full = RedisAddress.parse("redis://cb:s%40cret@redis.example:6380/3");
        assertEquals("redis.example", full.host());
        assertEquals(6380, full.port());
        assertEquals(3, full.database());
        assertEquals("cb", full.user());
        assertEquals("s@cret", full.password());
        assertFalse(full.toString().contains("cret"), "no password in log lines");
        RedisAddress passwordOnly = RedisAddress.parse("redis://:pw@h:1/0");
        assertNull(passwordOnly.user());
        assertEquals("pw", passwordOnly.password());
        RedisAddress plus = RedisAddress.parse("redis://a+b:p+w%2B@h:1/0");
        assertEquals("a+b", plus.user(), "a plus in userinfo is a plus, not a space");
        assertEquals("p+w+", plus.password());
        for (String bad : new String[] {"http://h:1/0", "redis://h:1/x", "redis:///0", "not a url"}) {
            assertThrows(IllegalArgumentException.class, () -> RedisAddress.parse(bad), bad);
        }
    }

    @Test
    void aQueuedUploadHoldsItsBytesAndTheSelectedSpansNotTheDecodedEvents() throws Exception {
        var log = io.lampblack.protocol.EventLogReader.decodeStrict(
                io.lampblack.protocol.EventLogWriter.frame(java.util.List.of(
                        io.lampblack.server.support.HostEvents.start(10, 0, "c:\\a.exe", "a", MD5),
                        io.lampblack.server.support.HostEvents.netconn(10, "x.example", "10.0.0.1", 443),
                        io.lampblack.server.support.HostEvents.regmod(10, "hklm\\x"))),
                1 << 24);
        RedisEventPublisher.Arrival a = RedisEventPublisher.Arrival.of(null, log, RedisEventTypes.parse("netconn"));
        for (var c : RedisEventPublisher.Arrival.class.getRecordComponents()) {
            assertFalse(
                    c.getType() == io.lampblack.protocol.DecodedEventLog.class
                            || c.getType() == java.util.List.class
                                    && c.getName().equals("events"),
                    "the decoded upload is not held: " + c.getName());
        }
        assertEquals(1, a.events());
        assertEquals(log.records().get(1), a.spans().getFirst());
        assertEquals(
                log.framed().length + RedisEventPublisher.HEAP_PER_QUEUED_EVENT,
                a.heapBytes(),
                "the queue's bound counts what is held");
    }

    @Test
    void typesAndTheirChannels() {
        Map<EventKind, byte[]> all = RedisEventTypes.parse("*");
        assertEquals(8, all.size());
        assertArrayEquals(bytes("ingress.event.procstart"), all.get(EventKind.PROCESS_START));
        assertArrayEquals(bytes("ingress.event.module"), all.get(EventKind.MODULE_INFO));
        Map<EventKind, byte[]> some = RedisEventTypes.parse(" process , netconn,MODULELOAD");
        assertEquals(3, some.size());
        assertArrayEquals(bytes("ingress.event.procstart"), some.get(EventKind.PROCESS_START));
        assertArrayEquals(bytes("ingress.event.netconn"), some.get(EventKind.NET_CONN));
        assertTrue(some.containsKey(EventKind.MODULE_LOAD));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RedisEventTypes.parse("netconn,crossproc"));
        assertTrue(e.getMessage().contains("'crossproc'"), e.getMessage());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
