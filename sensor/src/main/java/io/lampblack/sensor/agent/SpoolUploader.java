package io.lampblack.sensor.agent;

import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.client.SensorClient.SensorProtocolException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the spool's event logs to the server, oldest first, one at a time. A log is sent with its own upload id and
 * bytes until the server answers: after a lost answer the resend is recognised by the server (never indexed twice);
 * it leaves the spool only on a 200. Network errors and 5xx wait with {@link Backoff}; 429 and 503 wait what
 * {@code Retry-After} says (at most the longest backoff); 400 {@code malformed_upload} and 413 are the log's fault and will not change, so the log
 * is set aside (counted as dropped) rather than sent forever, and so is a log that cannot be read.
 */
final class SpoolUploader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolUploader.class);

    private final SensorClient client;
    private final SensorClient.Identity id;
    private final EventSpool spool;
    private final Backoff backoff;
    private final Runnable checkinNow;
    private final Duration maxBackoff;
    private final Object pause = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean hurry;

    /** @param checkinNow called when an upload's answer says actions wait for the sensor */
    SpoolUploader(
            SensorClient client, SensorClient.Identity id, EventSpool spool, Duration maxBackoff, Runnable checkinNow) {
        this.client = client;
        this.id = id;
        this.spool = spool;
        this.maxBackoff = maxBackoff;
        this.backoff = new Backoff(Duration.ofMillis(Math.min(1000, maxBackoff.toMillis())), maxBackoff);
        this.checkinNow = checkinNow;
        this.thread = Thread.ofPlatform().name("sensor-uploader").daemon(true).start(this::run);
    }

    /** Ends a backoff wait at once (a flush action: the server is evidently there). */
    void hurry() {
        synchronized (pause) {
            hurry = true;
            pause.notifyAll();
        }
    }

    private void run() {
        while (running) {
            Optional<SpoolFile> next;
            try {
                next = spool.next(1000);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.error("looking for the next event log failed unexpectedly", e);
                sleep(backoff.next());
                continue;
            }
            if (next.isEmpty()) continue;
            SpoolFile f = next.get();
            try {
                send(f);
            } catch (InterruptedException e) {
                spool.release(f);
                return;
            } catch (Exception e) {
                spool.release(f);
                LOG.error("uploading event log {} failed unexpectedly", f.uploadId(), e);
                sleep(backoff.next());
            }
        }
    }

    private void send(SpoolFile f) throws InterruptedException {
        byte[] body;
        try {
            body = spool.read(f);
        } catch (NoSuchFileException e) {
            spool.lost(f); // removed behind the sensor's back: counted, and the next log goes
            return;
        } catch (IOException e) {
            spool.setAside(f, "cannot be read: " + e); // one bad file must not hold up every later one
            return;
        }
        try {
            var answer = client.upload(id, f.uploadId(), body);
            spool.delivered(f);
            backoff.reset();
            if (answer.duplicate()) LOG.info("event log {} had reached the server already", f.uploadId());
            if (client.checkinNowHinted(id.sensorId())) checkinNow.run();
        } catch (SensorProtocolException e) {
            handleRefusal(f, e);
        } catch (IOException e) {
            spool.release(f);
            Duration wait = backoff.next();
            LOG.warn("server unreachable ({}); event log {} sent again in {} ms", e, f.uploadId(), wait.toMillis());
            sleep(wait);
        }
    }

    private void handleRefusal(SpoolFile f, SensorProtocolException e) throws InterruptedException {
        if (e.status() == 400 || e.status() == 413) {
            spool.setAside(f, "the server refused it for good: " + e.getMessage());
            return;
        }
        spool.release(f);
        // Obeyed up to the longest backoff: a wrong or hostile Retry-After must not silence the sensor for days.
        Duration wait = e.retryAfter()
                .filter(d -> e.status() == 429 || e.status() == 503)
                .map(d -> d.compareTo(maxBackoff) > 0 ? maxBackoff : d)
                .orElseGet(backoff::next);
        LOG.warn(
                "the server answered {} for event log {}; sent again in {} ms",
                e.getMessage(),
                f.uploadId(),
                wait.toMillis());
        sleep(wait);
    }

    private void sleep(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        synchronized (pause) {
            while (running && !hurry) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                try {
                    TimeUnit.NANOSECONDS.timedWait(pause, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            hurry = false;
        }
    }

    @Override
    public void close() {
        running = false;
        hurry();
        spool.wakeUp();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
