package io.lampblack.server.sensor;

import io.lampblack.protocol.sensor.SensorProtocol;
import io.lampblack.protocol.sensor.SensorProtocol.ActionResult;
import io.lampblack.protocol.sensor.SensorProtocol.HostStatus;
import io.lampblack.server.json.Json;
import io.lampblack.server.problem.InvalidInput;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What administrators ask of sensors and what the sensors answer. A request (isolate, un-isolate, flush, restart,
 * uninstall) is stored at once and sent at the sensor's next check-in; the state it is about ({@code is_isolating},
 * {@code restart_queued}, {@code uninstalled}, {@code event_log_flush_time}) changes only when the sensor reports
 * that it carried it out. Pending actions and check-in state are held in memory, so that a check-in costs no
 * database access: actions are written through when they change, check-ins in batches ({@link CheckinLedger}).
 */
public final class SensorControl implements AutoCloseable {

    /** The check-in interval told to a sensor while actions wait for it. */
    public static final int HURRIED_SECONDS = 5;

    /** How long past two intervals a sensor may stay silent and still be Online (a late or retried check-in). */
    static final Duration GRACE = Duration.ofSeconds(30);

    private static final Duration WRITE_EVERY = Duration.ofSeconds(5);
    private static final int HISTORY = 100;

    private final SensorRegistry registry;
    private final SensorStore store;
    private final Clock clock;
    private final CheckinInterval interval;
    private final CheckinLedger ledger;
    /** Per sensor, its pending actions oldest first; lists are replaced, never changed. */
    private final Map<Integer, List<PendingAction>> pending = new ConcurrentHashMap<>();
    /**
     * Ids of pending actions the sensor may already have: handed out at a check-in, or found in the store at start
     * (delivered or not, nobody knows). Such an action is never withdrawn, for the sensor may carry it out anyway; its
     * result is applied when it comes.
     */
    private final Set<Long> delivered = ConcurrentHashMap.newKeySet();
    /** Per sensor, the interval it was told at its last check-in (a group's interval may shrink meanwhile). */
    private final Map<Integer, Integer> told = new ConcurrentHashMap<>();
    /** Per sensor, the lock its requests and reports take (one sensor's database work never waits on another's). */
    private final Map<Integer, Object> locks = new ConcurrentHashMap<>();

    public SensorControl(SensorRegistry registry, SensorStore store, Clock clock, CheckinInterval interval) {
        this.registry = registry;
        this.store = store;
        this.clock = clock;
        this.interval = interval;
        for (PendingAction a : store.allPendingActions()) {
            pending.merge(a.sensorId(), List.of(a), SensorControl::concat);
            delivered.add(a.id());
        }
        this.ledger = new CheckinLedger(registry, store, WRITE_EVERY);
    }

    /** What a check-in answers: the actions to carry out and when to check in next. */
    public record Checkin(List<PendingAction> actions, int intervalSeconds) {}

    /**
     * A check-in: records its time and facts (in memory), ends the actions the sensor reports on, and answers the
     * actions still pending. {@code acked} ids (protocol v1 before action results) count as applied, except an
     * uninstall's, which only an "applied" result confirms.
     */
    public Checkin checkin(int sensorId, List<Long> acked, List<ActionResult> results, HostStatus status) {
        Instant now = clock.instant();
        registry.update(sensorId, s -> s.checkedIn(now, s.facts().updatedBy(status, now)));
        ledger.touched(sensorId);
        synchronized (lock(sensorId)) {
            if (!acked.isEmpty() || !results.isEmpty()) {
                List<ActionResult> all = new ArrayList<>(results);
                for (long id : acked) {
                    // A bare acknowledgement says the sensor received the action, not that it uninstalled: only an
                    // "applied" result confirms an uninstall.
                    boolean uninstall = pending(sensorId).stream()
                            .anyMatch(a -> a.id() == id && a.type().equals(SensorProtocol.UNINSTALL));
                    if (!uninstall) all.add(new ActionResult(id, SensorProtocol.APPLIED, ""));
                }
                report(sensorId, all);
            }
            // Under the lock: an action handed out is marked before a request can withdraw it.
            List<PendingAction> actions = pending(sensorId);
            for (PendingAction a : actions) delivered.add(a.id());
            int seconds = intervalSeconds(sensorId);
            told.put(sensorId, seconds);
            return new Checkin(actions, seconds);
        }
    }

    /** Facts a sensor sent with its registration. */
    public void registered(int sensorId, HostStatus status) {
        if (status == null) return;
        Instant now = clock.instant();
        registry.update(sensorId, s -> s.checkedIn(now, s.facts().updatedBy(status, now)));
        ledger.touched(sensorId);
    }

    public List<PendingAction> pending(int sensorId) {
        return pending.getOrDefault(sensorId, List.of());
    }

    /** Whether actions wait for the sensor (it is then told to check in now, and sooner). */
    public boolean waiting(int sensorId) {
        return !pending(sensorId).isEmpty();
    }

    /** The sensor's usual interval: its group's, else the server's. */
    public int normalIntervalSeconds(int sensorId) {
        return interval.seconds(sensorId);
    }

    /** The interval a sensor is told: its group's, or {@link #HURRIED_SECONDS} while actions wait for it. */
    public int intervalSeconds(int sensorId) {
        int normal = normalIntervalSeconds(sensorId);
        return waiting(sensorId) ? Math.min(normal, HURRIED_SECONDS) : normal;
    }

    /** When the sensor is expected next: its last check-in plus the interval it was told then. */
    public Optional<Instant> nextCheckin(Sensor s) {
        return s.lastCheckinTime().map(t -> t.plusSeconds(told.getOrDefault(s.id(), intervalSeconds(s.id()))));
    }

    /**
     * "Online" when the sensor checked in within two of its intervals and {@link #GRACE}; "Uninstalled" once it
     * confirmed an uninstall; "Offline" otherwise. The interval is the larger of its group's now and the one it was
     * told at its last check-in (a group whose interval was just shortened does not turn its sensors Offline).
     */
    public String status(Sensor s) {
        if (s.uninstalled()) return "Uninstalled";
        Optional<Instant> last = s.lastCheckinTime();
        if (last.isEmpty()) return "Offline";
        Duration silence = Duration.between(last.get(), clock.instant());
        int seconds = Math.max(interval.seconds(s.id()), told.getOrDefault(s.id(), 0));
        Duration allowed = Duration.ofSeconds(2L * seconds).plus(GRACE);
        return silence.compareTo(allowed) <= 0 ? "Online" : "Offline";
    }

    /**
     * An administrator's request (PUT): stored with its actions in one transaction, sent at the next check-in. A field
     * the request leaves out (null) keeps the sensor's current value, read under the sensor's lock. A flush time that
     * is not in the future, or equals the confirmed one (a whole document sent back), asks no flush. A newer request
     * withdraws only the actions no check-in handed out yet; one the sensor may have is left to finish, and when it
     * contradicts the request the opposite action is queued after it (actions are idempotent), so that what the
     * sensor confirms always follows what it did.
     *
     * @throws InvalidInput ({@code invalid_sensor}) for a group that does not exist
     * @throws java.util.NoSuchElementException for an unknown sensor
     */
    public void change(int sensorId, SensorChange c) {
        synchronized (lock(sensorId)) {
            Sensor s = registry.sensor(sensorId).orElseThrow();
            int groupId = c.groupId() != null ? c.groupId() : s.groupId();
            boolean isolation =
                    c.networkIsolationEnabled() != null ? c.networkIsolationEnabled() : s.networkIsolationEnabled();
            boolean restart = c.restartQueued() != null ? c.restartQueued() : s.restartQueued();
            boolean uninstall = c.uninstall() != null ? c.uninstall() : s.uninstall();
            String notes = c.notes() != null ? c.notes() : s.notes();
            if (registry.group(groupId).isEmpty()) {
                throw new InvalidInput("invalid_sensor", "group_id " + groupId + " does not exist");
            }
            List<PendingAction> waiting = pending(sensorId);
            List<SensorStore.ActionEnd> ended = new ArrayList<>();
            List<PendingAction> queued = new ArrayList<>();
            Instant now = clock.instant();
            if (isolation != s.networkIsolationEnabled()) {
                withdraw(waiting, ended, SensorProtocol.ISOLATE, SensorProtocol.UNISOLATE);
                // What the sensor will be once the actions it may have are done.
                boolean expected = s.isolating();
                for (PendingAction a : waiting) {
                    if (delivered.contains(a.id()) && isIsolation(a.type())) {
                        expected = a.type().equals(SensorProtocol.ISOLATE);
                    }
                }
                if (isolation != expected) {
                    String type = isolation ? SensorProtocol.ISOLATE : SensorProtocol.UNISOLATE;
                    queued.add(action(sensorId, type, "{}", now));
                }
            }
            if (restart != s.restartQueued()) {
                if (restart) queued.add(action(sensorId, SensorProtocol.RESTART, "{}", now));
                else withdraw(waiting, ended, SensorProtocol.RESTART);
            }
            if (uninstall != s.uninstall() && !s.uninstalled()) {
                if (uninstall) queued.add(action(sensorId, SensorProtocol.UNINSTALL, "{}", now));
                else withdraw(waiting, ended, SensorProtocol.UNINSTALL);
            }
            Optional<Instant> flush = c.flushUntil()
                    .filter(t -> t.isAfter(now))
                    .filter(t -> !Optional.of(t).equals(s.eventLogFlushTime()));
            if (flush.isPresent()) {
                withdraw(waiting, ended, SensorProtocol.FLUSH);
                String payload = Json.MAPPER
                        .createObjectNode()
                        .put("until", flush.get().toString())
                        .toString();
                queued.add(action(sensorId, SensorProtocol.FLUSH, payload, now));
            }
            Sensor after = s.requested(groupId, isolation, restart, uninstall, notes);
            List<PendingAction> added = store.saveChange(after, ended, queued, now);
            registry.update(sensorId, cur -> cur.requested(groupId, isolation, restart, uninstall, notes));
            List<PendingAction> next = new ArrayList<>();
            for (PendingAction a : waiting) {
                if (ended.stream().noneMatch(e -> e.id() == a.id())) next.add(a);
            }
            next.addAll(added);
            setPending(sensorId, next);
        }
    }

    /** Queues one action as it is (no request state changes with it); returns its id. */
    public long queue(int sensorId, String type, String payloadJson) {
        synchronized (lock(sensorId)) {
            Sensor s = registry.sensor(sensorId)
                    .orElseThrow(() -> new IllegalArgumentException("unknown sensor " + sensorId));
            Instant now = clock.instant();
            List<PendingAction> added =
                    store.saveChange(s, List.of(), List.of(action(sensorId, type, payloadJson, now)), now);
            setPending(sensorId, concat(pending(sensorId), added));
            return added.getFirst().id();
        }
    }

    /** The sensor's actions, newest first (what {@code /activity} shows). */
    public List<ActionRecord> actions(int sensorId) {
        return store.actions(sensorId, HISTORY);
    }

    /**
     * Ends the pending actions the sensor reports on and moves the confirmed states; other ids are ignored. An
     * isolation request falls back to what the sensor is once no isolation action waits any more; an uninstall
     * request, once its action failed.
     */
    private void report(int sensorId, List<ActionResult> results) {
        synchronized (lock(sensorId)) {
            Sensor s = registry.sensor(sensorId).orElseThrow();
            Map<Long, PendingAction> byId = new HashMap<>();
            for (PendingAction a : pending(sensorId)) byId.put(a.id(), a);
            boolean isolation = s.networkIsolationEnabled();
            boolean isolating = s.isolating();
            boolean restart = s.restartQueued();
            boolean uninstall = s.uninstall();
            boolean uninstalled = s.uninstalled();
            Optional<Instant> flushed = s.eventLogFlushTime();
            String message = s.healthMessage();
            List<SensorStore.ActionEnd> ended = new ArrayList<>();
            for (ActionResult r : results) {
                PendingAction a = byId.remove(r.id());
                if (a == null) continue;
                delivered.remove(a.id());
                boolean applied = !SensorProtocol.FAILED.equals(r.outcome());
                String text = r.message() == null ? "" : r.message();
                ended.add(new SensorStore.ActionEnd(
                        a.id(), applied ? SensorProtocol.APPLIED : SensorProtocol.FAILED, text));
                message = applied ? "" : a.type() + " failed" + (text.isEmpty() ? "" : ": " + text);
                switch (a.type()) {
                    case SensorProtocol.ISOLATE, SensorProtocol.UNISOLATE -> {
                        if (applied) isolating = a.type().equals(SensorProtocol.ISOLATE);
                        // A request is over when no isolation action waits: what was asked falls back to what
                        // the sensor is (a failed one included).
                        if (byId.values().stream().noneMatch(p -> isIsolation(p.type()))) isolation = isolating;
                    }
                    case SensorProtocol.RESTART -> restart = false;
                    case SensorProtocol.UNINSTALL -> {
                        uninstalled = uninstalled || applied;
                        boolean another =
                                byId.values().stream().anyMatch(p -> p.type().equals(SensorProtocol.UNINSTALL));
                        // A failed uninstall is over, like a failed isolation: nothing is asked any more.
                        if (!applied && !another) uninstall = false;
                    }
                    case SensorProtocol.FLUSH -> {
                        if (applied) flushed = Optional.of(flushUntil(a));
                    }
                    default -> {}
                }
            }
            if (ended.isEmpty()) return;
            boolean un = uninstall;
            Sensor after = s.confirmed(isolation, isolating, restart, uninstalled, flushed, message)
                    .requested(s.groupId(), isolation, restart, un, s.notes());
            store.saveChange(after, ended, List.of(), clock.instant());
            boolean i = isolation, ig = isolating, r = restart, u = uninstalled;
            Optional<Instant> f = flushed;
            String m = message;
            registry.update(
                    sensorId, cur -> cur.confirmed(i, ig, r, u, f, m).requested(cur.groupId(), i, r, un, cur.notes()));
            setPending(
                    sensorId,
                    List.copyOf(byId.values().stream()
                            .sorted((x, y) -> Long.compare(x.id(), y.id()))
                            .toList()));
        }
    }

    /** The time a flush action ran until; when its payload says none (queued by hand), the time it ended. */
    private Instant flushUntil(PendingAction a) {
        try {
            return Instant.parse(
                    Json.MAPPER.readTree(a.payloadJson()).path("until").asText());
        } catch (IOException | RuntimeException e) {
            return clock.instant();
        }
    }

    /** Ends the waiting actions of these types that no check-in handed out yet; the others are left to finish. */
    private void withdraw(List<PendingAction> waiting, List<SensorStore.ActionEnd> ended, String... types) {
        for (PendingAction a : waiting) {
            if (List.of(types).contains(a.type()) && !delivered.contains(a.id())) {
                ended.add(new SensorStore.ActionEnd(a.id(), "withdrawn", "replaced by a later request"));
            }
        }
    }

    private static boolean isIsolation(String type) {
        return type.equals(SensorProtocol.ISOLATE) || type.equals(SensorProtocol.UNISOLATE);
    }

    private Object lock(int sensorId) {
        return locks.computeIfAbsent(sensorId, k -> new Object());
    }

    private static PendingAction action(int sensorId, String type, String payload, Instant now) {
        return new PendingAction(0, type, payload, sensorId, now);
    }

    private void setPending(int sensorId, List<PendingAction> list) {
        if (list.isEmpty()) pending.remove(sensorId);
        else pending.put(sensorId, List.copyOf(list));
    }

    private static List<PendingAction> concat(List<PendingAction> a, List<PendingAction> b) {
        List<PendingAction> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    /** Writes the check-ins not yet written (the server is closing). */
    @Override
    public void close() {
        ledger.close();
    }
}
