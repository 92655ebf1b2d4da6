package io.lampblack.server.intel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries out the actions of watchlists and feeds other than alerting (reference §4.8: 1 syslog, 2 HTTP POST; 0
 * e-mail is not supported yet and is reported as failed): each hit's notification goes to the server's syslog
 * target ({@code --syslog-target udp://host:514} or {@code tcp://...}) or is POSTed as JSON to the URL in the action's
 * {@code action_data} ({@code {"url": "https://..."}}). Deliveries run on their own thread and are retried
 * ({@value #ATTEMPTS} attempts, backing off); one that still fails is counted and logged. Matching never waits: when
 * {@value #QUEUE} deliveries are pending, new ones are dropped and counted as failed.
 */
public final class ActionDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActionDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int ATTEMPTS = 3;
    static final int QUEUE = 10_000;
    private static final DateTimeFormatter SYSLOG_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    private final WatchlistStore actions;
    private final String syslogTarget;
    private final Duration firstBackoff;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), Thread.ofPlatform().name("intel-actions").daemon(true).factory(),
            (task, executor) -> {
                failed.incrementAndGet();
                LOG.warn("intel actions: {} deliveries pending; one dropped", QUEUE);
            });

    /**
     * @param syslogTarget {@code udp://host:port} or {@code tcp://host:port}; empty: syslog actions fail
     * @param firstBackoff the wait before the second attempt (doubled before each further one)
     */
    public ActionDispatcher(WatchlistStore actions, String syslogTarget, Duration firstBackoff) {
        this.actions = actions;
        this.syslogTarget = syslogTarget;
        this.firstBackoff = firstBackoff;
        if (!syslogTarget.isEmpty()) target(syslogTarget); // a bad setting fails at start, not at the first hit
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

    private void deliver(IntelAction a, String what, byte[] notification) {
        Duration wait = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                switch (a.actionType()) {
                    case IntelAction.SYSLOG -> syslog(what, notification);
                    case IntelAction.HTTP_POST -> post(url(a), notification);
                    default -> throw new IOException("action type " + a.actionType() + " (e-mail) is not supported yet");
                }
                delivered.incrementAndGet();
                return;
            } catch (IOException | RuntimeException e) {
                if (attempt >= ATTEMPTS || a.actionType() == IntelAction.EMAIL) {
                    failed.incrementAndGet();
                    LOG.warn("{} action {} of {} {} failed after {} attempts: {}", kind(a), a.id(),
                            a.owner().dbName(), a.ownerId(), attempt, e.getMessage());
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
        JsonNode data = a.actionData().isBlank() ? JSON.createObjectNode() : JSON.readTree(a.actionData());
        String url = data.path("url").asText("");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IOException("action_data has no http(s) \"url\"");
        }
        return URI.create(url);
    }

    private void post(URI url, byte[] body) throws IOException, InterruptedException {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 != 2) throw new IOException(url + " answered " + r.statusCode());
    }

    /** One RFC 3164 line: facility local0, severity warning, tag {@code lampblack}, the notification's JSON. */
    private void syslog(String what, byte[] notification) throws IOException {
        if (syslogTarget.isEmpty()) throw new IOException("no --syslog-target is configured");
        String line = "<" + (16 * 8 + 4) + ">" + SYSLOG_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + " lampblack "
                + "lampblack: " + what + " " + new String(notification, StandardCharsets.UTF_8);
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        InetSocketAddress to = target(syslogTarget);
        if (syslogTarget.startsWith("udp://")) {
            try (DatagramSocket s = new DatagramSocket()) {
                s.send(new DatagramPacket(bytes, bytes.length, to));
            }
        } else {
            try (Socket s = new Socket()) {
                s.connect(to, 5_000);
                OutputStream out = s.getOutputStream();
                out.write(bytes);
                out.write('\n');
                out.flush();
            }
        }
    }

    private static InetSocketAddress target(String setting) {
        URI u = URI.create(setting);
        if (!("udp".equals(u.getScheme()) || "tcp".equals(u.getScheme())) || u.getHost() == null || u.getPort() <= 0) {
            throw new IllegalArgumentException("syslog target must be udp://host:port or tcp://host:port, not " + setting);
        }
        return new InetSocketAddress(u.getHost(), u.getPort());
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
