package io.lampblack.bench;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.sensor.telemetry.LinuxTelemetry;
import io.lampblack.sensor.telemetry.Telemetry;
import io.lampblack.sensor.telemetry.TelemetrySettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Child JVM of {@code ./lampblack bench sensor}: the Linux sensor's telemetry alone (no spool, no uploads), with a
 * sink that counts the events, and the starts and ends of the children of the storm's shell. Prints {@code ready}
 * once running; {@code watch <pid>} names the storm's shell (answered {@code watching}); each {@code stats} line is
 * answered {@code stats <events> <storm starts> <storm ends> <missed> <process source> <storm starts with the
 * program's path>}; stops at end of input.
 *
 * <p>Arguments: {@code netlink|proc-polling}, the storm program's path.
 */
public final class SensorChild {

    private SensorChild() {}

    public static void main(String[] args) throws Exception {
        boolean privileged = args[0].equals(LinuxTelemetry.NETLINK);
        String storm = args[1];
        AtomicLong events = new AtomicLong();
        AtomicLong stormStarts = new AtomicLong();
        AtomicLong stormEnds = new AtomicLong();
        AtomicLong stormNamed = new AtomicLong();
        AtomicLong shell = new AtomicLong(-2);
        try (Telemetry telemetry = LinuxTelemetry.start(
                new TelemetrySettings(List.of(), Duration.ofMillis(200), privileged),
                (CbEventMsg e) -> {
                    events.incrementAndGet();
                    // The shell's children; not the shell itself, which names its launcher's image (same pid) as
                    // its parent when Java's launcher helper exec'd it.
                    if (e.hasProcess()
                            && e.getProcess().getParentPid() == shell.get()
                            && e.getHeader().getProcessPid() != shell.get()) {
                        (e.getProcess().getCreated() ? stormStarts : stormEnds).incrementAndGet();
                        if (e.getProcess().getCreated()
                                && storm.equals(e.getHeader().getProcessPath())) {
                            stormNamed.incrementAndGet();
                        }
                    }
                },
                1)) {
            System.out.println("ready");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("watch ")) {
                    shell.set(Long.parseLong(line.substring(6).trim()));
                    System.out.println("watching");
                    System.out.flush();
                } else if (line.equals("stats")) {
                    Telemetry.Stats s = telemetry.stats();
                    System.out.println("stats " + events.get() + " " + stormStarts.get() + " " + stormEnds.get() + " "
                            + s.processesMissed() + " " + s.processSource() + " " + stormNamed.get());
                    System.out.flush();
                }
            }
        }
    }
}
