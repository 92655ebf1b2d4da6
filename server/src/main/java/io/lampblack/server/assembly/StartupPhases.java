package io.lampblack.server.assembly;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long each part of the start took, logged at info as it finishes and once more as a summary line, so that an
 * operator (or {@code bench startup}) sees where the seconds between a restart and the first answer went.
 */
public final class StartupPhases {

    private static final Logger LOG = LoggerFactory.getLogger(StartupPhases.class);

    private record Phase(String name, long millis) {}

    private final long jvmMillis = ManagementFactory.getRuntimeMXBean().getUptime();
    private final long started = System.nanoTime();
    private final List<Phase> phases = new ArrayList<>();
    private long mark = started;

    /** The phase that ends now: the time since the previous one ended (or since this was created). */
    public void done(String name) {
        long now = System.nanoTime();
        record(name, (now - mark) / 1_000_000);
        mark = now;
    }

    /** A phase measured elsewhere (say, on another thread). */
    public synchronized void record(String name, long millis) {
        phases.add(new Phase(name, millis));
        LOG.info("start-up: {} took {} ms", name, millis);
    }

    /** The summary: time in the JVM before the server was composed, each phase, and the total until serving. */
    public synchronized void serving() {
        long total = (System.nanoTime() - started) / 1_000_000;
        StringBuilder line = new StringBuilder();
        for (Phase p : phases)
            line.append(", ").append(p.name).append(' ').append(p.millis).append(" ms");
        LOG.info(
                "start-up: serving {} ms after the JVM started (JVM and launcher {} ms, composition {} ms{})",
                jvmMillis + total,
                jvmMillis,
                total,
                line);
    }
}
