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
                case SensorProtocol.UNINSTALL -> {
                    agent.uninstallAfterReport();
                    yield applied(a, "uninstalling");
                }
                default -> failed(a, "unknown action type '" + a.type() + "'");
            };
        } catch (Exception e) {
            LOG.error("action {} ({}) failed", a.id(), a.type(), e);
            return failed(a, e.toString());
        }
    }

    private ActionResult isolate(Action a) {
        if (!isolation.supported()) return failed(a, "network isolation is not supported on this host");
        HostIsolation.Outcome o = isolation.isolate(server, exclusions.get());
        return o.applied() ? applied(a, o.message()) : failed(a, o.message());
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

    /** A check-in carrying these results was answered 200. */
    synchronized void reported(List<ActionResult> results) {
        for (ActionResult r : results) unreported.remove(r.id(), r);
    }
}
