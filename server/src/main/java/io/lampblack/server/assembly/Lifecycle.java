package io.lampblack.server.assembly;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server started, closed in reverse order of its start: what a part uses was started before it, so it is
 * still there while the part stops (the pipeline's last commit still reaches the binary catalog and the bus).
 */
public final class Lifecycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** Takes {@code part} into the lifecycle; it is closed before everything owned earlier. */
    public <T extends AutoCloseable> T own(T part) {
        started.push(part);
        return part;
    }

    /** Closes every part, newest first; a part that fails to close is logged and does not keep the others open. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
