package io.lampblack.sensor.agent;

import io.lampblack.protocol.sensor.SensorProtocol;
import io.lampblack.protocol.sensor.SensorProtocol.Action;
import io.lampblack.protocol.sensor.SensorProtocol.ActionResult;
import io.lampblack.sensor.isolation.HostIsolation;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the actions check-ins deliver and keeps their results until a check-in has reported them. The server
 * delivers an action again at every check-in until it hears the result, so an action already carried out is not
 * carried out again: its result is reported again.
 */
final class ActionRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);
    /** Results remembered to recognise re-deliveries; far more than a sensor ever has pending. */
    private static final int REMEMBERED = 256;

    /** What the agent does for the actions that concern its own loops. */
    interface Agent {
        void flush(Instant until);

        void restart() throws Exception;

        /** After the check-in reporting it: stop and remove the sensor's data. */
        void uninstallAfterReport();
    }

    private final HostIsolation isolation;
    private final InetSocketAddress server;
    private final Supplier<List<String>> exclusions;
    private final Agent agent;
    private final Map<Long, ActionResult> done = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ActionResult> e) {
            return size() > REMEMBERED;
        }
    };
    private final Map<Long, ActionResult> unreported = new LinkedHashMap<>();
    /** When isolation was last found unsupported (asking may run a program); null when it was supported. */
    private volatile Long unsupportedSince;

    private static final long UNSUPPORTED_CACHED_NANOS = TimeUnit.MINUTES.toNanos(10);

    ActionRunner(HostIsolation isolation, InetSocketAddress server, Supplier<List<String>> exclusions, Agent agent) {
        this.isolation = isolation;
        this.server = server;
        this.exclusions = exclusions;
        this.agent = agent;
    }

    /**
     * Carries out what is new in {@code actions}; answers whether anything was (then the results go out at once).
     */
    synchronized boolean carryOut(List<Action> actions) {
        boolean any = false;
        for (Action a : actions) {
            ActionResult earlier = done.get(a.id());
            if (earlier != null) {
                unreported.put(a.id(), earlier);
                continue;
            }
            ActionResult r = run(a);
            LOG.info("action {} ({}): {} {}", a.id(), a.type(), r.outcome(), r.message());
            done.put(a.id(), r);
            unreported.put(a.id(), r);
            any = true;
        }
        return any;
    }

    private ActionResult run(Action a) {
        try {
            return switch (a.type()) {
                case SensorProtocol.ISOLATE -> isolate(a);
                case SensorProtocol.UNISOLATE -> unisolate(a);
                case SensorProtocol.FLUSH -> flush(a);
                case SensorProtocol.RESTART -> {
                    agent.restart();
                    yield applied(a, "restarted");
                }
                case SensorProtocol.UNINSTALL -> uninstall(a);
                default -> failed(a, "unknown action type '" + a.type() + "'");
            };
        } catch (Exception e) {
            LOG.error("action {} ({}) failed", a.id(), a.type(), e);
            return failed(a, e.toString());
        }
    }

    /**
     * An uninstalled sensor can never lift an isolation: the host would stay cut off for good. So the isolation is
     * lifted first, and if that fails the sensor stays installed (and says why).
     */
    private ActionResult uninstall(Action a) {
        if (isolation.isolated()) {
            HostIsolation.Outcome o = isolation.unisolate();
            if (!o.applied()) {
                return failed(
                        a,
                        "not uninstalled: the host is isolated and the isolation could not be lifted: " + o.message());
            }
            LOG.info("isolation lifted before uninstalling");
        }
        agent.uninstallAfterReport();
        return applied(a, "uninstalling");
    }

    /**
     * Whether the host is isolated now: asked once per check-in (for its status, and whether to refresh). A host
     * whose isolation is not supported is not asked again for {@link #UNSUPPORTED_CACHED_NANOS}.
     */
    boolean isolated() {
        long now = System.nanoTime();
        if (unsupportedSince != null && now - unsupportedSince < UNSUPPORTED_CACHED_NANOS) return false;
        try {
            if (!isolation.supported()) {
                unsupportedSince = now;
                return false;
            }
            unsupportedSince = null;
            return isolation.isolated();
        } catch (RuntimeException e) {
            LOG.warn("cannot tell whether the host is isolated: {}", e.toString());
            return false;
        }
    }

    private ActionResult isolate(Action a) {
        if (!isolation.supported()) return failed(a, "network isolation is not supported on this host");
        HostIsolation.Outcome o = isolation.isolate(server, exclusions.get());
        return o.applied() ? applied(a, o.message()) : failed(a, o.message());
    }

    /**
     * While the host is isolated, isolates it again: the server's name is resolved afresh (a changed address would
     * otherwise cut the sensor off for good, with no way left to lift the isolation) and the group's exclusions as
     * they are now. Called after every answered check-in that found the host isolated ({@link #isolated}), before
     * that check-in's actions, and also at start-up and after failed check-ins ({@link IsolationRefresh}); replacing
     * the rule set is atomic, so nothing leaks between.
     */
    void refreshIsolation() {
        try {
            HostIsolation.Outcome o = isolation.isolate(server, exclusions.get());
            if (!o.applied()) LOG.warn("isolation could not be refreshed: {}", o.message());
        } catch (RuntimeException e) {
            LOG.warn("isolation could not be refreshed: {}", e.toString());
        }
    }

    private ActionResult unisolate(Action a) {
        if (!isolation.supported()) return failed(a, "network isolation is not supported on this host");
        HostIsolation.Outcome o = isolation.unisolate();
        return o.applied() ? applied(a, o.message()) : failed(a, o.message());
    }

    private ActionResult flush(Action a) {
        Instant until = Instant.now();
        String text = a.payload() == null ? "" : a.payload().path("until").asText("");
        if (!text.isEmpty()) {
            try {
                until = Instant.parse(text);
            } catch (DateTimeParseException e) {
                return failed(a, "flush: 'until' is not an ISO-8601 instant: " + text);
            }
        }
        agent.flush(until);
        return applied(a, "");
    }

    private static ActionResult applied(Action a, String message) {
        return new ActionResult(a.id(), SensorProtocol.APPLIED, message == null ? "" : message);
    }

    private static ActionResult failed(Action a, String message) {
        return new ActionResult(a.id(), SensorProtocol.FAILED, message == null ? "" : message);
    }

    /** The results no check-in has reported yet. */
    synchronized List<ActionResult> unreported() {
        return new ArrayList<>(unreported.values());
    }

    /** Whether results wait for a check-in to report them (then the sensor checks in again at once). */
    synchronized boolean hasUnreported() {
        return !unreported.isEmpty();
    }

    /** A check-in carrying these results was answered 200. */
    synchronized void reported(List<ActionResult> results) {
        for (ActionResult r : results) unreported.remove(r.id(), r);
    }
}
