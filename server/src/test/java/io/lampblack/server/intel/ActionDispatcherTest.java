package io.lampblack.server.intel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ActionDispatcherTest {

    private static final byte[] HIT = "{\"watchlist_id\":7,\"docs\":[]}".getBytes(StandardCharsets.UTF_8);

    /** Actions of watchlist 7 only; the rest of the store is not needed here. */
    private static WatchlistStore actions(IntelAction... list) {
        return new WatchlistStore() {
            public Watchlist create(Watchlist w) {
                throw new UnsupportedOperationException();
            }

            public Optional<Watchlist> find(long id) {
                return Optional.empty();
            }

            public List<Watchlist> all() {
                return List.of();
            }

            public boolean update(Watchlist w) {
                return false;
            }

            public boolean delete(long id) {
                return false;
            }

            public IntelAction addAction(IntelAction a) {
                throw new UnsupportedOperationException();
            }

            public List<IntelAction> actions(IntelAction.Owner owner, long ownerId) {
                return owner == IntelAction.Owner.WATCHLIST && ownerId == 7 ? List.of(list) : List.of();
            }

            public boolean updateAction(IntelAction a) {
                return false;
            }

            public boolean deleteAction(IntelAction.Owner owner, long ownerId, long actionId) {
                return false;
            }
        };
    }

    private static IntelAction action(int type, String data) {
        return new IntelAction(1, IntelAction.Owner.WATCHLIST, 7, type, data, "creator");
    }

    @Test
    void syslogOverUdpAndTcp() throws Exception {
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                ActionDispatcher d = new ActionDispatcher(
                        actions(action(IntelAction.SYSLOG, ""), action(IntelAction.ALERT, "")),
                        "udp://127.0.0.1:" + udp.getLocalPort(),
                        MailSender.none(),
                        Duration.ofMillis(10))) {
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
                ActionDispatcher d = new ActionDispatcher(
                        actions(action(IntelAction.SYSLOG, "")),
                        "tcp://127.0.0.1:" + tcp.getLocalPort(),
                        MailSender.none(),
                        Duration.ofMillis(10))) {
            d.dispatch(IntelAction.Owner.WATCHLIST, 7, "watchlist.hit.binary", HIT);
            try (Socket s = tcp.accept()) {
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                assertTrue(line.contains("lampblack: watchlist.hit.binary {"), line);
            }
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> new ActionDispatcher(actions(), "syslog.example:514", MailSender.none(), Duration.ZERO));
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
        try (ActionDispatcher d = new ActionDispatcher(
                actions(
                        action(IntelAction.HTTP_POST, "{\"url\": \"" + url + "/hook\"}"),
                        action(IntelAction.HTTP_POST, "{\"url\": \"" + url + "/missing\"}"),
                        action(IntelAction.HTTP_POST, "{}"),
                        action(IntelAction.EMAIL, "{\"email_recipients\":[1]}")),
                "",
                MailSender.none(),
                Duration.ofMillis(20))) {
            Instant t0 = Instant.now();
            d.dispatch(IntelAction.Owner.WATCHLIST, 7, "watchlist.hit.process", HIT);
            assertTrue(Duration.between(t0, Instant.now()).toMillis() < 500, "dispatching never waits for delivery");
            d.drain();
            assertEquals(1, d.delivered());
            assertEquals(3, d.failed(), "a 404 after all attempts, an action without url, e-mail without a server");
            assertEquals(2, calls.get(), "/hook delivered on its second attempt");
            assertTrue(bodies.contains(new String(HIT, StandardCharsets.UTF_8)));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void emailGoesToAddressesUsernamesOrTheCreatorThroughSmtp() throws Exception {
        Map<String, String> addresses = Map.of("creator", "creator@corp.example", "ana", "ana@corp.example");
        try (SmtpReceiver smtp = new SmtpReceiver();
                ActionDispatcher d = new ActionDispatcher(
                        actions(
                                action(IntelAction.EMAIL, "{\"email_recipients\": [\"soc@corp.example\", \"ana\", 4]}"),
                                action(IntelAction.EMAIL, "{\"email_recipients\": [1]}"),
                                new IntelAction(3, IntelAction.Owner.WATCHLIST, 7, IntelAction.EMAIL, "", "nobody")),
                        "",
                        MailSender.configure(
                                "smtp://127.0.0.1:" + smtp.port(),
                                "lampblack@corp.example",
                                u -> Optional.ofNullable(addresses.get(u))),
                        Duration.ofMillis(10))) {
            byte[] hit = "{\"watchlist_id\":7,\"watchlist_name\":\"Evil tools\",\"docs\":[]}"
                    .getBytes(StandardCharsets.UTF_8);
            d.dispatch(IntelAction.Owner.WATCHLIST, 7, "watchlist.hit.process", hit);
            d.drain();
            assertEquals(2, d.delivered());
            assertEquals(1, d.failed(), "an action whose creator has no address reaches nobody");
            List<SmtpReceiver.Mail> mails = smtp.mails();
            assertEquals(2, mails.size());
            assertEquals(
                    List.of("soc@corp.example", "ana@corp.example"),
                    mails.get(0).to(),
                    "numeric ids are skipped");
            assertEquals(List.of("creator@corp.example"), mails.get(1).to(), "nobody resolvable: the creator");
            assertEquals("lampblack@corp.example", mails.get(0).from());
            assertTrue(
                    mails.get(0).data().contains("Subject: Lampblack: watchlist.hit.process (Evil tools)"),
                    mails.get(0).data());
            assertTrue(
                    mails.get(0).data().contains("\"watchlist_name\" : \"Evil tools\""),
                    mails.get(0).data());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> MailSender.configure("mail.example:25", "a@b.example", u -> Optional.empty()));
    }

    /** Just enough of an SMTP server to receive what a mail client sends: envelope and data of each message. */
    private static final class SmtpReceiver implements AutoCloseable {

        record Mail(String from, List<String> to, String data) {}

        private final ServerSocket socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        private final List<Mail> mails = new CopyOnWriteArrayList<>();
        private final Thread thread = Thread.ofPlatform().daemon().start(this::serve);

        SmtpReceiver() throws java.io.IOException {}

        int port() {
            return socket.getLocalPort();
        }

        List<Mail> mails() {
            return List.copyOf(mails);
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    BufferedReader in =
                            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    java.io.Writer out = new java.io.OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
                    reply(out, "220 test SMTP");
                    String from = "";
                    List<String> to = new ArrayList<>();
                    for (String line; (line = in.readLine()) != null; ) {
                        String verb =
                                line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                        switch (verb) {
                            case "EHLO", "HELO" -> reply(out, "250 test");
                            case "MAIL" -> {
                                from = address(line);
                                reply(out, "250 OK");
                            }
                            case "RCPT" -> {
                                to.add(address(line));
                                reply(out, "250 OK");
                            }
                            case "DATA" -> {
                                reply(out, "354 go on");
                                StringBuilder data = new StringBuilder();
                                for (String l; (l = in.readLine()) != null && !l.equals("."); )
                                    data.append(l).append('\n');
                                mails.add(new Mail(from, List.copyOf(to), data.toString()));
                                to.clear();
                                reply(out, "250 queued");
                            }
                            case "QUIT" -> {
                                reply(out, "221 bye");
                                line = null;
                            }
                            default -> reply(out, "250 OK");
                        }
                        if (line == null) break;
                    }
                } catch (java.io.IOException e) {
                    // closed
                }
            }
        }

        private static String address(String line) {
            return line.substring(line.indexOf('<') + 1, line.indexOf('>'));
        }

        private static void reply(java.io.Writer out, String line) throws java.io.IOException {
            out.write(line + "\r\n");
            out.flush();
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }
}
