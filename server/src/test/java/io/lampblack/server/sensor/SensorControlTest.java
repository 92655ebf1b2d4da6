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

    private static List<String> types(List<PendingAction> actions) {
        return actions.stream().map(PendingAction::type).toList();
    }

    /** Sensors and actions in lists; every call counted. */
    static final class CountingStore implements SensorStore {
        final AtomicInteger calls = new AtomicInteger();
        final List<Sensor> sensors = new ArrayList<>();
        final List<PendingAction> pending = new ArrayList<>();
        final List<ActionEnd> ended = new ArrayList<>();
        final List<Sensor> checkinsSaved = new ArrayList<>();
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
