package io.lampblack.sensor.simulate;

import io.lampblack.protocol.sensor.SensorProtocol;
import io.lampblack.protocol.sensor.SensorProtocol.Action;
import io.lampblack.protocol.sensor.SensorProtocol.ActionResult;
import io.lampblack.protocol.sensor.SensorProtocol.CheckinResponse;
import io.lampblack.protocol.sensor.SensorProtocol.HostStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The host side of a simulated sensor: carries out what the server asks (isolation, flush, restart, uninstall) on
 * its pretend host, says how each action ended, and reports the host's facts. A test can make the next action of a
 * type fail ({@link #failNext}) to see what the server shows then.
 */
public final class SimulatedEndpoint {

    private static final long GIB = 1L << 30;

    private final long bootMillis;
    private final long sensorStartMillis;
    private final String address;
    private final SimulatedPlatform platform;
    private volatile boolean supportsLiveResponse;
    private final Map<String, String> failures = new HashMap<>();
    private final List<ActionResult> unreported = new ArrayList<>();
    private boolean isolated;
    private boolean uninstalled;
    private int restarts;
    private int flushes;
    private String banListVersion = "";
    private String configVersion = "";
    private String ingressFilterVersion = "";

    /** @param index which simulated host: its address is derived from it */
    public SimulatedEndpoint(int index, long nowMillis) {
        this(index, nowMillis, SimulatedPlatform.WINDOWS);
    }

    /** @param index which simulated host: its address is derived from it */
    public SimulatedEndpoint(int index, long nowMillis, SimulatedPlatform platform) {
        this.platform = platform;
        this.bootMillis = nowMillis - 3_600_000L - index * 1000L;
        this.sensorStartMillis = nowMillis;
        this.address = "10." + (index >> 16 & 255) + "." + (index >> 8 & 255) + "." + (index & 255);
    }

    /** The next action of {@code type} fails with {@code message}. */
    public synchronized void failNext(String type, String message) {
        failures.put(type, message);
    }

    /** Carries out each action (idempotently: a repeated one changes nothing) and keeps its result to report. */
    public synchronized void carryOut(List<Action> actions) {
        for (Action a : actions) {
            if (unreported.stream().anyMatch(r -> r.id() == a.id())) continue;
            String failure = failures.remove(a.type());
            if (failure != null) {
                unreported.add(new ActionResult(a.id(), SensorProtocol.FAILED, failure));
                continue;
            }
            switch (a.type()) {
                case SensorProtocol.ISOLATE -> isolated = true;
                case SensorProtocol.UNISOLATE -> isolated = false;
                case SensorProtocol.FLUSH -> flushes++;
                case SensorProtocol.RESTART -> restarts++;
                case SensorProtocol.UNINSTALL -> uninstalled = true;
                default -> {
                    unreported.add(new ActionResult(a.id(), SensorProtocol.FAILED, "unknown action " + a.type()));
                    continue;
                }
            }
            unreported.add(new ActionResult(a.id(), SensorProtocol.APPLIED, ""));
        }
    }

    /**
     * The results not yet reported; the caller reports them with its next check-in and, once that check-in
     * succeeded, calls {@link #reported}. A check-in that fails loses none of them.
     */
    public synchronized List<ActionResult> unreportedResults() {
        return List.copyOf(unreported);
    }

    /** These results reached the server (its check-in succeeded): they are not reported again. */
    public synchronized void reported(List<ActionResult> results) {
        unreported.removeIf(r -> results.stream().anyMatch(x -> x.id() == r.id()));
    }

    /**
     * What a check-in answer handed out that the sensor keeps: the versions of the ban list, the group config and the
     * ingress filters (each only when the answer carried it), sent back so that the next answer carries only what
     * changed.
     */
    public synchronized void received(CheckinResponse r) {
        if (r.banList() != null) banListVersion = r.banList().version();
        if (r.config() != null) configVersion = r.config().version();
        if (r.ingressFilters() != null)
            ingressFilterVersion = r.ingressFilters().version();
    }

    /** The version of the ban list last received ("" before any). */
    public synchronized String banListVersion() {
        return banListVersion;
    }

    /** The version of the group config last received ("" before any). */
    public synchronized String configVersion() {
        return configVersion;
    }

    /** The version of the ingress filters last received ("" before any). */
    public synchronized String ingressFilterVersion() {
        return ingressFilterVersion;
    }

    /** What the sensor reports about its host now. */
    public synchronized HostStatus status(long nowMillis) {
        return new HostStatus(
                address + ",00505600" + String.format("%04x", (address.hashCode() & 0xffff)) + "|",
                platform.osName(),
                (nowMillis - bootMillis) / 1000,
                (nowMillis - sensorStartMillis) / 1000,
                256 * GIB,
                128 * GIB - flushes,
                16 * GIB,
                "sim-1.0",
                nowMillis,
                0L,
                0L,
                0L,
                0L,
                isolated,
                // Said only by a host that answers live response, so that other runs report what they did before.
                supportsLiveResponse ? Boolean.TRUE : null,
                null,
                null);
    }

    public SimulatedPlatform platform() {
        return platform;
    }

    /** Whether the host answers live response (it reports {@code supports_cblr} from its next check-in). */
    public void supportsLiveResponse(boolean supports) {
        this.supportsLiveResponse = supports;
    }

    public synchronized boolean isolated() {
        return isolated;
    }

    public synchronized boolean uninstalled() {
        return uninstalled;
    }

    public synchronized int restarts() {
        return restarts;
    }

    public synchronized int flushes() {
        return flushes;
    }
}
