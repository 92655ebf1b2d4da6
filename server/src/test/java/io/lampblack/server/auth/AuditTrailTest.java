package io.lampblack.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditTrailTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    /** Refuses (like PostgreSQL refusing a NUL) every batch holding an entry of user "refused". */
    private static final class PickyStore implements AuditStore {
        final List<AuditLog.Entry> rows = new ArrayList<>();

        @Override
        public synchronized void append(List<AuditLog.Entry> entries) {
            if (entries.stream().anyMatch(e -> e.username().equals("refused")))
                throw new IllegalStateException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00");
            rows.addAll(entries);
        }

        @Override
        public synchronized List<AuditLog.Entry> recent(int limit) {
            return List.copyOf(rows);
        }

        @Override
        public boolean unreachable(RuntimeException failure) {
            return false; // it refuses, it is never away
        }

        @Override
        public synchronized int deleteBefore(Instant cutoff) {
            int before = rows.size();
            rows.removeIf(e -> e.at().isBefore(cutoff));
            return before - rows.size();
        }
    }

    private AuditLog.Entry entry(String user) {
        return new AuditLog.Entry(clock.instant(), user, "GET", "/api/info", 200, "127.0.0.1");
    }

    @Test
    void everyFieldLosesItsControlCharacters() {
        AuditLog.Entry e =
                new AuditLog.Entry(clock.instant(), "a\0b\r\nc", "GE\tT", "/x\u0085y", 401, "1\u007f", "d\ne\uD800");
        assertEquals("a?b??c", e.username());
        assertEquals("GE?T", e.method());
        assertEquals("/x?y", e.path());
        assertEquals("1?", e.remoteAddress());
        assertEquals("d?e?", e.description());
        assertEquals("caf\u00e9 \uD83D\uDE00", AuditLog.clean("caf\u00e9 \uD83D\uDE00"), "valid text is kept");
    }

    @Test
    void anEntryTheStoreRefusesIsDroppedAndTheOthersWritten() throws Exception {
        PickyStore store = new PickyStore();
        try (AuditTrail trail = new AuditTrail(store, Optional.empty(), 100, clock)) {
            trail.record(entry("before"));
            trail.record(entry("refused"));
            trail.record(entry("after"));
            trail.flush(Duration.ofSeconds(30));
            trail.record(entry("later"));
            List<String> users =
                    trail.recent(10).stream().map(AuditLog.Entry::username).toList();
            assertTrue(users.containsAll(List.of("before", "after", "later")), users.toString());
            assertFalse(users.contains("refused"));
            assertEquals(1, trail.dropped());
        }
    }

    @Test
    void entriesRecordedAfterCloseAreCounted() throws Exception {
        AuditTrail trail = new AuditTrail(new PickyStore(), Optional.empty(), 100, clock);
        trail.close();
        trail.record(entry("late"));
        assertEquals(1, trail.lost());
    }

    @Test
    void purgeDeletesOlderEntriesAndCountsThem() throws Exception {
        PickyStore store = new PickyStore();
        try (AuditTrail trail = new AuditTrail(store, Optional.empty(), 100, clock)) {
            trail.record(entry("old"));
            clock.advance(Duration.ofDays(91));
            trail.record(entry("new"));
            trail.flush(Duration.ofSeconds(30));
            assertEquals(1, trail.purge(Duration.ofDays(90)));
            assertEquals(1, trail.purged());
            assertEquals(
                    List.of("new"),
                    store.recent(10).stream().map(AuditLog.Entry::username).toList());
        }
    }
}
