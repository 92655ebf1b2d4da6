package io.lampblack.sensor.simulate;

import io.lampblack.protocol.sensor.LiveResponseProtocol.PollResponse;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Result;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Work;
import io.lampblack.sensor.client.SensorClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Holds the live-response poll (docs/sensor-protocol.md §7) of many simulated sensors: one virtual thread per
 * sensor holds its poll, and another carries out that sensor's work in the order it came (so the poll is held again
 * at once; a cancel is applied on arrival so that it reaches a command still queued or streaming), posting each
 * result. All sensors share
 * one {@link SensorClient} and so one HTTP client. A failed poll is retried after a second, so a server that is away
 * costs nothing.
 */
public final class LiveResponsePolls implements AutoCloseable {

    private static final long RETRY_MILLIS = 1000;
    /** How many sensors begin to poll per second. */
    private static final int STARTS_PER_SECOND = 200;

    private final SensorClient client;
    private final int waitSeconds;
    private final Path scratch;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong work = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running = true;

    private LiveResponsePolls(SensorClient client, int waitSeconds, Path scratch) {
        this.client = client;
        this.waitSeconds = waitSeconds;
        this.scratch = scratch;
    }

    /**
     * Starts holding the polls of {@code sensors}.
     *
     * @param waitSeconds how long each poll asks the server to wait
     * @param scratch     the folder the sensors keep put files in; deleted by {@link #close}
     */
    public static LiveResponsePolls start(
            SensorClient client,
            Map<SensorClient.Identity, SimulatedLiveResponse> sensors,
            int waitSeconds,
            Path scratch) {
        LiveResponsePolls polls = new LiveResponsePolls(client, waitSeconds, scratch);
        int i = 0;
        for (var e : sensors.entrySet()) {
            // Spread over time as real sensors' starts are: a thousand connections opened in the same instant
            // time out in the server's accept queue on a small machine.
            long delayMillis = i++ * 1000L / STARTS_PER_SECOND;
            polls.threads.add(
                    Thread.ofVirtual().name("lr-poll-" + e.getKey().sensorId()).start(() -> {
                        try {
                            Thread.sleep(delayMillis);
                        } catch (InterruptedException x) {
                            return;
                        }
                        polls.hold(e.getKey(), e.getValue());
                    }));
        }
        return polls;
    }

    /** Polls answered so far (with or without work). */
    public long polls() {
        return polls.get();
    }

    /** Pieces of work received. */
    public long work() {
        return work.get();
    }

    /** Polls and results that failed (the server away, refusing, or the session gone). */
    public long failures() {
        return failures.get();
    }

    private void hold(SensorClient.Identity id, SimulatedLiveResponse answers) {
        FileTransfers transfers = transfers(id);
        // The sensor's work in the order the server gave it (an open before its session's commands, a command
        // before the next), on one thread of its own so that the poll is held again at once.
        java.util.concurrent.LinkedBlockingQueue<Work> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread worker = Thread.ofVirtual().name("lr-work-" + id.sensorId()).start(() -> {
            try {
                while (true) carryOut(id, answers, queue.take(), transfers);
            } catch (InterruptedException e) {
                // closed
            }
        });
        try {
            poll(id, answers, queue);
        } finally {
            worker.interrupt();
        }
    }

    private void poll(
            SensorClient.Identity id, SimulatedLiveResponse answers, java.util.concurrent.BlockingQueue<Work> queue) {
        boolean broke = false; // the last poll got no answer: the server may still hold it (docs/sensor-protocol.md §7)
        while (running) {
            try {
                PollResponse r = client.pollLiveResponse(id, waitSeconds, broke);
                broke = false;
                polls.incrementAndGet();
                if (r.work() == null) continue;
                for (Work w : r.work()) {
                    work.incrementAndGet();
                    // A cancel takes effect at once, also for a command still queued or streaming.
                    if (w.type().equals(io.lampblack.protocol.sensor.LiveResponseProtocol.CANCEL))
                        answers.answer(w, null);
                    else queue.add(w);
                }
            } catch (IOException e) {
                if (!running) return;
                failures.incrementAndGet();
                broke = !(e instanceof SensorClient.SensorProtocolException);
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException x) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void carryOut(SensorClient.Identity id, SimulatedLiveResponse answers, Work w, FileTransfers transfers) {
        try {
            Result result = answers.answer(w, transfers);
            // A result not delivered leaves the command (or the session's opening) to time out: a connection that
            // failed is tried again, as for the poll; an answer from the server (the session gone) is final.
            for (int attempt = 1; result != null; attempt++) {
                try {
                    client.liveResponseResult(id, result);
                    return;
                } catch (SensorClient.SensorProtocolException e) {
                    throw e;
                } catch (IOException e) {
                    if (attempt == 3 || !running) throw e;
                    Thread.sleep(RETRY_MILLIS);
                }
            }
        } catch (IOException e) {
            // The session or command is gone (404), or the server is away: the server times the command out.
            failures.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private FileTransfers transfers(SensorClient.Identity id) {
        return new FileTransfers() {
            @Override
            public void upload(long sessionId, long fileId, Supplier<InputStream> content)
                    throws IOException, InterruptedException {
                try {
                    client.uploadLiveResponseFile(id, sessionId, fileId, content);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }

            @Override
            public long download(long sessionId, long fileId, Path target) throws IOException, InterruptedException {
                return client.downloadLiveResponseFile(id, sessionId, fileId, target);
            }
        };
    }

    /** Stops holding the polls (the server sees the connections go) and removes the files put on the sensors. */
    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (Files.isDirectory(scratch)) {
            try (Stream<Path> s = Files.walk(scratch)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // leftovers in the temporary folder
            }
        }
    }
}
