package io.lampblack.server.intel;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActionDispatcherTest {

    private static final byte[] HIT = "{\"watchlist_id\":7,\"docs\":[]}".getBytes(StandardCharsets.UTF_8);

    /** Actions of watchlist 7 only; the rest of the store is not needed here. */
    private static WatchlistStore actions(IntelAction... list) {
        return new WatchlistStore() {
            public Watchlist create(Watchlist w) { throw new UnsupportedOperationException(); }
            public Optional<Watchlist> find(long id) { return Optional.empty(); }
            public List<Watchlist> all() { return List.of(); }
            public boolean update(Watchlist w) { return false; }
            public boolean delete(long id) { return false; }
            public IntelAction addAction(IntelAction a) { throw new UnsupportedOperationException(); }
            public List<IntelAction> actions(IntelAction.Owner owner, long ownerId) {
                return owner == IntelAction.Owner.WATCHLIST && ownerId == 7 ? List.of(list) : List.of();
            }
            public boolean updateAction(IntelAction a) { return false; }
            public boolean deleteAction(IntelAction.Owner owner, long ownerId, long actionId) { return false; }
        };
    }

    private static IntelAction action(int type, String data) {
        return new IntelAction(1, IntelAction.Owner.WATCHLIST, 7, type, data);
    }

    @Test
    void syslogOverUdpAndTcp() throws Exception {
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             ActionDispatcher d = new ActionDispatcher(actions(action(IntelAction.SYSLOG, ""), action(IntelAction.ALERT, "")),
                     "udp://127.0.0.1:" + udp.getLocalPort(), Duration.ofMillis(10))) {
            udp.setSoTimeout(5_000);
            d.dispatch(IntelAction.Owner.WATCHLIST, 7, "watchlist.hit.process", HIT);
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            udp.receive(p);
            String line = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            assertTrue(line.startsWith("<132>"), line);
            assertTrue(line.endsWith("lampblack: watchlist.hit.process {\"watchlist_id\":7,\"docs\":[]}"), line);
            d.drain();
            assertEquals(1, d.delivered(), "the alert action is not the dispatcher's");
        }
        try (ServerSocket tcp = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             ActionDispatcher d = new ActionDispatcher(actions(action(IntelAction.SYSLOG, "")),
                     "tcp://127.0.0.1:" + tcp.getLocalPort(), Duration.ofMillis(10))) {
            d.dispatch(IntelAction.Owner.WATCHLIST, 7, "watchlist.hit.binary", HIT);
            try (Socket s = tcp.accept()) {
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                assertTrue(line.contains("lampblack: watchlist.hit.binary {"), line);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new ActionDispatcher(actions(), "syslog.example:514", Duration.ZERO));
    }

    @Test
    void httpPostIsRetriedAndFailuresAreCountedWithoutBlocking() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger calls = new AtomicInteger();
        List<String> bodies = new CopyOnWriteArrayList<>();
        server.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            // The first attempt fails: a receiver restarting.
            ex.sendResponseHeaders(calls.incrementAndGet() == 1 ? 503 : 200, -1);
            ex.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        try (ActionDispatcher d = new ActionDispatcher(actions(action(IntelAction.HTTP_POST, "{\"url\": \"" + url + "/hook\"}"),
                action(IntelAction.HTTP_POST, "{\"url\": \"" + url + "/missing\"}"), action(IntelAction.HTTP_POST, "{}"),
                action(IntelAction.EMAIL, "{\"email_recipients\":[1]}")), "", Duration.ofMillis(20))) {
            Instant t0 = Instant.now();
            d.dispatch(IntelAction.Owner.WATCHLIST, 7, "watchlist.hit.process", HIT);
            assertTrue(Duration.between(t0, Instant.now()).toMillis() < 500, "dispatching never waits for delivery");
            d.drain();
            assertEquals(1, d.delivered());
            assertEquals(3, d.failed(), "a 404 after all attempts, an action without url, e-mail");
            assertEquals(2, calls.get(), "/hook delivered on its second attempt");
            assertTrue(bodies.contains(new String(HIT, StandardCharsets.UTF_8)));
        } finally {
            server.stop(0);
        }
    }
}
