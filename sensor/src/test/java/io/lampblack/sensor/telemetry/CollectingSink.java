package io.lampblack.sensor.telemetry;

import static org.junit.jupiter.api.Assertions.fail;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Keeps every event the telemetry delivers and lets a test wait for the one it expects. The wait is for an event to
 * arrive at all (a generous deadline only keeps a broken build from hanging), never a bound on how fast.
 */
final class CollectingSink implements EventSink {

    private static final long DEADLINE_MILLIS = 120_000;

    private final List<CbEventMsg> events = new ArrayList<>();

    @Override
    public synchronized void accept(CbEventMsg event) {
        events.add(event);
        notifyAll();
    }

    synchronized List<CbEventMsg> all() {
        return List.copyOf(events);
    }

    synchronized Optional<CbEventMsg> find(Predicate<CbEventMsg> wanted) {
        return events.stream().filter(wanted).findFirst();
    }

    /** An action the test repeats while it waits. */
    interface Action {
        void run() throws Exception;
    }

    /** Repeats {@code action} every half second until the wanted event arrives. */
    CbEventMsg awaitRepeating(String what, Action action, Predicate<CbEventMsg> wanted) throws Exception {
        long end = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (true) {
            action.run();
            synchronized (this) {
                Optional<CbEventMsg> found = find(wanted);
                if (found.isPresent()) {
                    return found.get();
                }
                if (System.currentTimeMillis() > end) {
                    fail("no " + what + " among " + events.size() + " events");
                }
                wait(500);
            }
        }
    }

    synchronized CbEventMsg await(String what, Predicate<CbEventMsg> wanted) throws InterruptedException {
        long end = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (true) {
            Optional<CbEventMsg> found = find(wanted);
            if (found.isPresent()) {
                return found.get();
            }
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                fail("no " + what + " among " + events.size() + " events");
            }
            wait(Math.min(left, 500));
        }
    }
}
