package io.lampblack.server.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.sensor.SensorProtocol;
import io.lampblack.protocol.sensor.SensorProtocol.ActionResult;
import io.lampblack.protocol.sensor.SensorProtocol.HostStatus;
import io.lampblack.server.problem.InvalidInput;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Requests to sensors and their outcomes, over a store that counts what it is asked: a check-in reaches the store
 * only when it reports on an action, pending requests are replaced rather than stacked, and a restart of the
 * control finds the pending actions again.
 */
class SensorControlTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-05T10:00:00Z"), ZoneOffset.UTC);
    static final HostStatus MEMORY =
            new HostStatus(null, null, null, null, null, null, 8L << 30, null, null, null, null, null, null, null);

    @Test
    void aCheckinWithoutResultsCostsNoStoreAccessAndIsWrittenOnClose() {
        CountingStore store = new CountingStore();
        SensorRegistry registry = new SensorRegistry(store, CLOCK);
        int id = registry.register(new HostFacts("H", null, null, null, null, null, null, 1))
                .sensor()
                .id();
        SensorControl control = new SensorControl(registry, store, CLOCK, CheckinInterval.fixed(30));
        int before = store.calls.get();
        for (int i = 0; i < 100; i++) control.checkin(id, List.of(), List.of(), MEMORY);
        assertEquals(before, store.calls.get(), "100 check-ins, no store access");
        assertEquals(8L << 30, registry.sensor(id).orElseThrow().facts().physicalMemory());
        control.close();
        assertEquals(1, store.checkinsSaved.size(), "written once, in the batch on close");
        assertEquals(
                Optional.of(CLOCK.instant()), store.checkinsSaved.getFirst().lastCheckinTime());
    }

    @Test
    void aNewerRequestWithdrawsThePendingOne() {
        CountingStore store = new CountingStore();
        SensorRegistry registry = new SensorRegistry(store, CLOCK);
        int id = registry.register(new HostFacts("H", null, null, null, null, null, null, 1))
                .sensor()
                .id();
        SensorControl control = new SensorControl(registry, store, CLOCK, CheckinInterval.fixed(30));
        control.change(id, new SensorChange(Optional.empty(), 1, true, "", false, false));
        assertEquals(List.of(SensorProtocol.ISOLATE), types(control.pending(id)));
        assertEquals(SensorControl.HURRIED_SECONDS, control.intervalSeconds(id));
        control.change(id, new SensorChange(Optional.empty(), 1, false, "", false, false));
        assertEquals(List.of(), control.pending(id), "un-isolating a sensor never isolated asks nothing");
        assertEquals("withdrawn", store.ended.getFirst().outcome());
        assertEquals(30, control.intervalSeconds(id));

        control.change(id, new SensorChange(Optional.empty(), 1, true, "", false, false));
        long action = control.pending(id).getFirst().id();
        control.checkin(id, List.of(), List.of(new ActionResult(action, SensorProtocol.APPLIED, "")), null);
        assertTrue(registry.sensor(id).orElseThrow().isolating());
        control.checkin(id, List.of(), List.of(new ActionResult(action, SensorProtocol.FAILED, "late")), null);
        assertTrue(registry.sensor(id).orElseThrow().isolating(), "a result for an ended action is ignored");
        assertEquals("", registry.sensor(id).orElseThrow().healthMessage());
    }

    @Test
    void pendingActionsAreFoundAgainAndUnknownGroupsRefused() {
        CountingStore store = new CountingStore();
        SensorRegistry registry = new SensorRegistry(store, CLOCK);
        int id = registry.register(new HostFacts("H", null, null, null, null, null, null, 1))
                .sensor()
                .id();
        SensorControl first = new SensorControl(registry, store, CLOCK, CheckinInterval.fixed(30));
        first.change(id, new SensorChange(Optional.empty(), 1, false, "", true, false));
        first.close();
        SensorControl again = new SensorControl(registry, store, CLOCK, CheckinInterval.fixed(30));
        assertEquals(List.of(SensorProtocol.RESTART), types(again.pending(id)));
        InvalidInput e = assertThrows(
                InvalidInput.class,
                () -> again.change(id, new SensorChange(Optional.empty(), 99, false, "", true, false)));
        assertTrue(e.getMessage().contains("group_id 99"));
        assertFalse(registry.sensor(id).orElseThrow().groupId() == 99);
    }

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        Instant now = CLOCK.instant();

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static int sensor(SensorRegistry registry) {
        return registry.register(new HostFacts("H", null, null, null, null, null, null, 1))
                .sensor()
                .id();
    }

    private static void report(SensorControl control, int id, long action, String outcome) {
        control.checkin(id, List.of(), List.of(new ActionResult(action, outcome, "")), null);
    }

    @Test
    void aDeliveredActionIsNotWithdrawnAndItsResultStillCounts() {
        CountingStore store = new CountingStore();
        SensorRegistry registry = new SensorRegistry(store, CLOCK);
        int id = sensor(registry);
        SensorControl control = new SensorControl(registry, store, CLOCK, CheckinInterval.fixed(30));
        control.change(id, new SensorChange(Optional.empty(), null, true, null, null, null));
        report(control, id, control.pending(id).getFirst().id(), SensorProtocol.APPLIED);
        assertTrue(registry.sensor(id).orElseThrow().isolating(), "isolated and confirmed");

        control.change(id, new SensorChange(Optional.empty(), null, false, null, null, null));
        long u1 = control.pending(id).getFirst().id();
        assertEquals(
                List.of(u1),
                control.checkin(id, List.of(), List.of(), null).actions().stream()
                        .map(PendingAction::id)
                        .toList(),
                "the check-in delivers U1");
        control.change(id, new SensorChange(Optional.empty(), null, true, null, null, null));
        assertEquals(
                List.of(SensorProtocol.UNISOLATE, SensorProtocol.ISOLATE),
                types(control.pending(id)),
                "U1 is left to finish, an isolate queued after it");
        long i2 = control.pending(id).get(1).id();

        report(control, id, u1, SensorProtocol.APPLIED);
        Sensor s = registry.sensor(id).orElseThrow();
        assertFalse(s.isolating(), "the sensor un-isolated: the server must say so");
        assertTrue(s.networkIsolationEnabled(), "the isolate is still asked");
        report(control, id, i2, SensorProtocol.APPLIED);
        assertTrue(registry.sensor(id).orElseThrow().isolating());
        assertEquals(List.of(), control.pending(id));
    }

    @Test
    void anUndeliveredActionIsStillWithdrawn() {
        CountingStore store = new CountingStore();
        SensorRegistry registry = new SensorRegistry(store, CLOCK);
        int id = sensor(registry);
        SensorControl control = new SensorControl(registry, store, CLOCK, CheckinInterval.fixed(30));
        control.change(id, new SensorChange(Optional.empty(), null, true, null, null, null));
        control.change(id, new SensorChange(Optional.empty(), null, false, null, null, null));
        assertEquals(List.of(), control.pending(id));
    }

    @Test
    void aFailedUninstallEndsTheRequest() {
        CountingStore store = new CountingStore();
        SensorRegistry registry = new SensorRegistry(store, CLOCK);
        int id = sensor(registry);
        SensorControl control = new SensorControl(registry, store, CLOCK, CheckinInterval.fixed(30));
        control.change(id, new SensorChange(Optional.empty(), null, null, null, null, true));
        assertTrue(registry.sensor(id).orElseThrow().uninstall());
        report(control, id, control.pending(id).getFirst().id(), SensorProtocol.FAILED);
        Sensor s = registry.sensor(id).orElseThrow();
        assertFalse(s.uninstall(), "nothing pending, nothing asked");
        assertFalse(s.uninstalled());
        assertFalse(store.sensorsSaved.getLast().uninstall(), "stored too");
        control.change(id, new SensorChange(Optional.empty(), null, null, null, null, true));
        assertEquals(List.of(SensorProtocol.UNINSTALL), types(control.pending(id)), "it can be asked again");
    }

    @Test
    void aShortenedIntervalDoesNotTurnASensorOffline() {
        CountingStore store = new CountingStore();
        MovingClock clock = new MovingClock();
        SensorRegistry registry = new SensorRegistry(store, clock);
        int id = sensor(registry);
        AtomicInteger seconds = new AtomicInteger(600);
        SensorControl control = new SensorControl(registry, store, clock, sensorId -> seconds.get());
        control.checkin(id, List.of(), List.of(), null);
        seconds.set(30);
        clock.now = clock.now.plusSeconds(300);
        Sensor s = registry.sensor(id).orElseThrow();
        assertEquals("Online", control.status(s), "it was told 600 s and is not late");
        assertEquals(Optional.of(CLOCK.instant().plusSeconds(600)), control.nextCheckin(s));
        clock.now = clock.now.plusSeconds(1000);
        assertEquals("Offline", control.status(s));
    }

    @Test
    void absentFieldsKeepTheCurrentValuesAndStaleFlushesAreIgnored() {
        CountingStore store = new CountingStore();
        SensorRegistry registry = new SensorRegistry(store, CLOCK);
        int id = sensor(registry);
        SensorControl control = new SensorControl(registry, store, CLOCK, CheckinInterval.fixed(30));
        control.change(id, new SensorChange(Optional.empty(), null, null, "note", true, null));
        control.change(id, new SensorChange(Optional.empty(), null, null, null, null, null));
        Sensor s = registry.sensor(id).orElseThrow();
        assertEquals("note", s.notes());
        assertTrue(s.restartQueued());
        assertEquals(List.of(SensorProtocol.RESTART), types(control.pending(id)));

        Instant until = CLOCK.instant().plusSeconds(3600);
        control.change(id, new SensorChange(Optional.of(until), null, null, null, null, null));
        long flush = control.pending(id).getLast().id();
        report(control, id, flush, SensorProtocol.APPLIED);
        assertEquals(Optional.of(until), registry.sensor(id).orElseThrow().eventLogFlushTime());
        int before = control.pending(id).size();
        control.change(id, new SensorChange(Optional.of(until), null, null, null, null, null));
        control.change(
                id, new SensorChange(Optional.of(CLOCK.instant().minusSeconds(5)), null, null, null, null, null));
        assertEquals(before, control.pending(id).size(), "the confirmed or a past flush time asks no flush");
    }

    @Test
    void aBareAcknowledgementDoesNotConfirmAnUninstall() {
        CountingStore store = new CountingStore();
        SensorRegistry registry = new SensorRegistry(store, CLOCK);
        int id = sensor(registry);
        SensorControl control = new SensorControl(registry, store, CLOCK, CheckinInterval.fixed(30));
        control.change(id, new SensorChange(Optional.empty(), null, null, null, true, true));
        List<Long> ids = control.pending(id).stream().map(PendingAction::id).toList();
        control.checkin(id, ids, List.of(), null);
        Sensor s = registry.sensor(id).orElseThrow();
        assertFalse(s.uninstalled(), "acknowledged is not uninstalled");
        assertFalse(s.restartQueued(), "other actions are applied by an acknowledgement");
        assertEquals(List.of(SensorProtocol.UNINSTALL), types(control.pending(id)));
        report(control, id, ids.get(1), SensorProtocol.APPLIED);
        assertTrue(registry.sensor(id).orElseThrow().uninstalled());
    }

    @Test
    void oversizedFactsAreBoundedAndABadRowDoesNotBlockTheBatch() throws Exception {
        CountingStore store = new CountingStore() {
            @Override
            public void saveCheckins(List<Sensor> batch) {
                if (batch.stream().anyMatch(s -> s.id() == 1)) throw new IllegalStateException("row 1 refused");
                super.saveCheckins(batch);
            }
        };
        SensorRegistry registry = new SensorRegistry(store, CLOCK);
        int bad = sensor(registry);
        int good = sensor(registry);
        SensorControl control = new SensorControl(registry, store, CLOCK, CheckinInterval.fixed(30));
        String huge = "\u0001\"".repeat(50_000);
        control.checkin(
                bad,
                List.of(),
                List.of(),
                new HostStatus(huge, huge, 1L, 1L, 1L, 1L, 1L, huge, 1L, 1L, 1L, 1L, 1L, true));
        SensorFacts f = registry.sensor(bad).orElseThrow().facts();
        assertEquals(SensorFacts.MAX_TEXT, f.networkAdapters().length());
        assertTrue(
                io.lampblack.server.json.Json.MAPPER.writeValueAsString(f).length() <= 8000,
                "the facts fit reported_facts");
        control.checkin(good, List.of(), List.of(), MEMORY);
        control.close();
        assertEquals(
                List.of(good),
                store.checkinsSaved.stream().map(Sensor::id).toList(),
                "the good row is written, the bad one skipped");
    }

    private static List<String> types(List<PendingAction> actions) {
        return actions.stream().map(PendingAction::type).toList();
    }

    /** Sensors and actions in lists; every call counted. */
    static class CountingStore implements SensorStore {
        final AtomicInteger calls = new AtomicInteger();
        final List<Sensor> sensors = new ArrayList<>();
        final List<PendingAction> pending = new ArrayList<>();
        final List<ActionEnd> ended = new ArrayList<>();
        final List<Sensor> checkinsSaved = new ArrayList<>();
        final List<Sensor> sensorsSaved = new ArrayList<>();
        long nextAction = 1;

        @Override
        public Sensor register(HostFacts f, String secretSha256, Instant now) {
            calls.incrementAndGet();
            Sensor s = new Sensor(
                    sensors.size() + 1,
                    f.groupId(),
                    f.hostname(),
                    f.computerDnsName(),
                    f.osType(),
                    f.hostType(),
                    f.osEnvironment(),
                    f.networkAdapters(),
                    f.buildVersion(),
                    secretSha256,
                    now,
                    Optional.empty(),
                    false,
                    false,
                    false,
                    "",
                    false,
                    false,
                    Optional.empty(),
                    "",
                    SensorFacts.NONE);
            sensors.add(s);
            return s;
        }

        @Override
        public Optional<Sensor> find(int id) {
            calls.incrementAndGet();
            return sensors.stream().filter(s -> s.id() == id).findFirst();
        }

        @Override
        public List<Sensor> all() {
            calls.incrementAndGet();
            return List.copyOf(sensors);
        }

        @Override
        public Optional<SensorGroup> group(int id) {
            calls.incrementAndGet();
            return groups().stream().filter(g -> g.id() == id).findFirst();
        }

        @Override
        public List<SensorGroup> groups() {
            calls.incrementAndGet();
            return List.of(new SensorGroup(1, "Default Group", 1, 3));
        }

        @Override
        public SensorGroup createGroup(String name, int siteId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PendingAction> allPendingActions() {
            calls.incrementAndGet();
            return List.copyOf(pending);
        }

        @Override
        public void saveCheckins(List<Sensor> batch) {
            calls.incrementAndGet();
            checkinsSaved.addAll(batch);
        }

        @Override
        public List<PendingAction> saveChange(
                Sensor sensor, List<ActionEnd> ends, List<PendingAction> queued, Instant now) {
            calls.incrementAndGet();
            sensorsSaved.add(sensor);
            ended.addAll(ends);
            pending.removeIf(p -> ends.stream().anyMatch(e -> e.id() == p.id()));
            List<PendingAction> added = new ArrayList<>();
            for (PendingAction a : queued) {
                added.add(new PendingAction(nextAction++, a.type(), a.payloadJson(), sensor.id(), a.created()));
            }
            pending.addAll(added);
            return added;
        }

        @Override
        public List<ActionRecord> actions(int sensorId, int limit) {
            calls.incrementAndGet();
            return List.of();
        }
    }
}
