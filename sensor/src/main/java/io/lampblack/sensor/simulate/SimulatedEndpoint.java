package io.lampblack.sensor.simulate;

import io.lampblack.protocol.sensor.SensorProtocol;
import io.lampblack.protocol.sensor.SensorProtocol.Action;
import io.lampblack.protocol.sensor.SensorProtocol.ActionResult;
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
    private final Map<String, String> failures = new HashMap<>();
    private final List<ActionResult> unreported = new ArrayList<>();
    private boolean isolated;
    private boolean uninstalled;
    private int restarts;
    private int flushes;

    /** @param index which simulated host: its address is derived from it */
    public SimulatedEndpoint(int index, long nowMillis) {
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

    /** The results not yet reported; the caller reports them with its next check-in. */
    public synchronized List<ActionResult> takeResults() {
        List<ActionResult> out = List.copyOf(unreported);
        unreported.clear();
        return out;
    }

    /** What the sensor reports about its host now. */
    public synchronized HostStatus status(long nowMillis) {
        return new HostStatus(
                address + ",00505600" + String.format("%04x", (address.hashCode() & 0xffff)) + "|",
                "Windows 10 Enterprise (simulated)",
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
                isolated);
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
