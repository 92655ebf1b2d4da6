package io.lampblack.server.ingest;

import io.lampblack.protocol.DecodedEventLog;
import io.lampblack.server.process.ProcessSegment;
import io.lampblack.server.process.SensorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Several listeners behind the pipeline's single hook, called in order. A listener that throws is logged and does
 * not keep the others from hearing of the upload (the contract says listeners must not throw; this holds it).
 */
public final class CompositeUploadListener implements UploadListener {

    private static final Logger LOG = LoggerFactory.getLogger(CompositeUploadListener.class);

    private final List<UploadListener> listeners;

    private CompositeUploadListener(List<UploadListener> listeners) {
        this.listeners = listeners;
    }

    /** The listeners as one; a single listener is returned as is. */
    public static UploadListener of(List<UploadListener> listeners) {
        List<UploadListener> real = listeners.stream().filter(l -> l != UploadListener.NONE).toList();
        if (real.isEmpty()) return UploadListener.NONE;
        return real.size() == 1 ? real.getFirst() : new CompositeUploadListener(real);
    }

    @Override
    public void arrived(SensorContext sensor, long serverTime, DecodedEventLog log) {
        for (UploadListener l : listeners) {
            try {
                l.arrived(sensor, serverTime, log);
            } catch (RuntimeException e) {
                LOG.warn("upload listener {} failed: {}", l.getClass().getSimpleName(), e.toString());
            }
        }
    }

    @Override
    public void indexed(SensorContext sensor, long serverTime, DecodedEventLog log, List<ProcessSegment> segments) {
        for (UploadListener l : listeners) {
            try {
                l.indexed(sensor, serverTime, log, segments);
            } catch (RuntimeException e) {
                LOG.warn("upload listener {} failed: {}", l.getClass().getSimpleName(), e.toString());
            }
        }
    }

    @Override
    public void makeDurable() {
        // Not caught: a listener that cannot make its state durable must stop the commit.
        for (UploadListener l : listeners) l.makeDurable();
    }

    @Override
    public void makeSearchable() {
        for (UploadListener l : listeners) l.makeSearchable();
    }
}
