package io.lampblack.server.intel;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the actions of watchlists and feeds other than alerting (reference §4.8: 0 e-mail, 1 syslog, 2 HTTP
 * POST): each hit's notification is mailed ({@link MailSender}), sent to the server's syslog target
 * ({@link SyslogSender}) or POSTed as JSON to the URL in the action's {@code action_data} ({@code {"url":
 * "https://..."}}). Deliveries run on their own thread and are retried ({@value #ATTEMPTS} attempts, backing off);
 * one that still fails is counted and logged. Matching never waits: when {@value #QUEUE} deliveries are pending, new
 * ones are dropped and counted as failed.
 */
public final class ActionDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActionDispatcher.class);
    static final int ATTEMPTS = 3;
    static final int QUEUE = 10_000;

    private final WatchlistStore actions;
    private final SyslogSender syslog;
    private final MailSender mail;
    private final Duration firstBackoff;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            Thread.ofPlatform().name("intel-actions").daemon(true).factory(),
            (task, executor) -> {
                failed.incrementAndGet();
                LOG.warn("intel actions: {} deliveries pending; one dropped", QUEUE);
            });

    /**
     * @param syslogTarget {@code udp://host:port} or {@code tcp://host:port}; empty: syslog actions fail
     * @param mail         where e-mail actions go ({@link MailSender#none()}: they fail)
     * @param firstBackoff the wait before the second attempt (doubled before each further one)
     */
    public ActionDispatcher(WatchlistStore actions, String syslogTarget, MailSender mail, Duration firstBackoff) {
        this.actions = actions;
        this.syslog = new SyslogSender(syslogTarget);
        this.mail = mail;
        this.firstBackoff = firstBackoff;
    }
    /**
     * Runs the non-alert actions of a watchlist or feed for one hit notification (its routing key and JSON body). The
     * actions are looked up on the delivery thread, off the hit path.
     */
    public void dispatch(IntelAction.Owner owner, long ownerId, String what, byte[] notification) {
        worker.execute(() -> {
            List<IntelAction> list;
            try {
                list = actions.actions(owner, ownerId);
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                LOG.warn("actions of {} {} cannot be read: {}", owner.dbName(), ownerId, e.toString());
                return;
            }
            for (IntelAction a : list) {
                if (a.actionType() != IntelAction.ALERT) deliver(a, what, notification);
            }
        });
    }

    /**
     * Whether hits of this watchlist or feed raise alerts: Carbon Black alerts only when the watchlist or feed has its
     * "create alert" action (type 3).
     */
    public boolean alerts(IntelAction.Owner owner, long ownerId) {
        return actions.actions(owner, ownerId).stream().anyMatch(a -> a.actionType() == IntelAction.ALERT);
    }

    private void deliver(IntelAction a, String what, byte[] notification) {
        Duration wait = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                switch (a.actionType()) {
                    case IntelAction.EMAIL -> mail.send(a, what, notification);
                    case IntelAction.SYSLOG -> syslog.send(what, notification);
                    case IntelAction.HTTP_POST -> post(url(a), notification);
                    default -> throw new ActionMisconfigured("unknown action type " + a.actionType());
                }
                delivered.incrementAndGet();
                return;
            } catch (IOException | RuntimeException e) {
                if (attempt >= ATTEMPTS || e instanceof ActionMisconfigured) {
                    failed.incrementAndGet();
                    LOG.warn(
                            "{} action {} of {} {} failed after {} attempts: {}",
                            kind(a),
                            a.id(),
                            a.owner().dbName(),
                            a.ownerId(),
                            attempt,
                            e.getMessage());
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            wait = wait.multipliedBy(2);
        }
    }

    private static String kind(IntelAction a) {
        return switch (a.actionType()) {
            case IntelAction.SYSLOG -> "syslog";
            case IntelAction.HTTP_POST -> "HTTP POST";
            default -> "e-mail";
        };
    }

    private static URI url(IntelAction a) throws IOException {
        JsonNode data;
        try {
            data = a.actionData().isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(a.actionData());
        } catch (IOException e) {
            throw new ActionMisconfigured("action_data is not JSON: " + e.getMessage());
        }
        String url = data.path("url").asText("");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new ActionMisconfigured("action_data has no http(s) \"url\"");
        }
        return URI.create(url);
    }

    private void post(URI url, byte[] body) throws IOException, InterruptedException {
        HttpResponse<Void> r = http.send(
                HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 != 2) throw new IOException(url + " answered " + r.statusCode());
    }

    public long delivered() {
        return delivered.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Waits until every delivery handed over so far is done (tests). */
    public void drain() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        worker.execute(done::countDown);
        done.await();
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
