package io.lampblack.server.intel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.lampblack.server.api.TlsMaterial;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching feeds from real local servers (HTTP, HTTPS with a self-signed certificate) and files. */
class FeedFetcherTest {

    private static final String FEED = "{\"feedinfo\": {\"name\": \"local\", \"display_name\": \"Local\","
            + " \"provider_url\": \"https://example.org\", \"summary\": \"s\", \"tech_data\": \"t\"},"
            + " \"reports\": [{\"id\": \"r1\", \"timestamp\": 1, \"link\": \"l\", \"title\": \"t\", \"score\": 90,"
            + " \"iocs\": {\"md5\": [\"d41d8cd98f00b204e9800998ecf8427e\"], \"dns\": [\"evil.example\"]}}]}";

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<FeedFetcher> fetchers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.stop(0);
        for (FeedFetcher f : fetchers) f.close();
    }

    /** A fetcher that lets everything through but what the test says, with these limits. */
    private FeedFetcher fetcher(Duration timeout, long maxBytes) {
        FeedFetcher f = new FeedFetcher(new FeedFetchPolicy(maxBytes, timeout, List.of(), port -> false, List.of()));
        fetchers.add(f);
        return f;
    }

    private URI serve(
            HttpServer s,
            String path,
            int status,
            byte[] body,
            boolean gzip,
            long delayMillis,
            AtomicReference<String> authorization) {
        server = s;
        s.createContext(path, ex -> {
            if (authorization != null) authorization.set(ex.getRequestHeaders().getFirst("Authorization"));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (gzip) ex.getResponseHeaders().add("Content-Encoding", "gzip");
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        s.start();
        String scheme = s instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + s.getAddress().getPort() + path);
    }

    /** The timeout goes to the fetcher's policy; the source has none of its own. */
    private record Timed(FeedSource source, Duration timeout) {}

    private static Timed source(URI url, boolean validate, Duration timeout) {
        return new Timed(new FeedSource(url, validate, "", ""), timeout);
    }

    private FeedParser.Summary fetch(Timed s, List<FeedReport> out) throws Exception {
        return fetcher(s.timeout(), 1 << 20).fetch(s.source(), out::add);
    }

    @Test
    void httpWithBasicAuthentication() throws Exception {
        AtomicReference<String> auth = new AtomicReference<>();
        URI url = serve(
                HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0),
                "/feed.json",
                200,
                FEED.getBytes(StandardCharsets.UTF_8),
                false,
                0,
                auth);
        List<FeedReport> reports = new ArrayList<>();
        FeedParser.Summary s =
                fetch(new Timed(new FeedSource(url, true, "analyst", "s3cret"), Duration.ofSeconds(10)), reports);
        assertEquals("local", s.info().name());
        assertEquals(2, s.iocs());
        assertEquals("r1", reports.getFirst().id());
        assertEquals(
                "Basic " + Base64.getEncoder().encodeToString("analyst:s3cret".getBytes(StandardCharsets.UTF_8)),
                auth.get());
    }

    @Test
    void gzipEncodedAnswers() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
            z.write(FEED.getBytes(StandardCharsets.UTF_8));
        }
        URI url = serve(
                HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0),
                "/f",
                200,
                zipped.toByteArray(),
                true,
                0,
                null);
        assertEquals(
                1,
                fetch(source(url, true, Duration.ofSeconds(10)), new ArrayList<>())
                        .reports());
    }

    @Test
    void httpsWithASelfSignedCertificateNeedsValidationOff() throws Exception {
        TlsMaterial tls = TlsMaterial.selfSigned(dir.resolve("tls"));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(tls.keyStore(), tls.password());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(ctx));
        URI url = serve(https, "/feed", 200, FEED.getBytes(StandardCharsets.UTF_8), false, 0, null);

        FeedFetchException e = assertThrows(
                FeedFetchException.class, () -> fetch(source(url, true, Duration.ofSeconds(10)), new ArrayList<>()));
        assertTrue(e.getMessage().contains("validate_server_cert"), e.getMessage());
        assertFalse(e.timedOut());
        assertEquals(
                1,
                fetch(source(url, false, Duration.ofSeconds(10)), new ArrayList<>())
                        .reports());
    }

    @Test
    void httpErrorsTimeoutsAndUnreachableServersAreNamed() throws Exception {
        URI missing = serve(
                HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "/gone", 404, new byte[0], false, 0, null);
        FeedFetchException notFound = assertThrows(
                FeedFetchException.class,
                () -> fetch(source(missing, true, Duration.ofSeconds(10)), new ArrayList<>()));
        assertEquals("the feed server answered HTTP 404", notFound.getMessage());
        server.stop(0);

        URI slow = serve(
                HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0),
                "/slow",
                200,
                FEED.getBytes(StandardCharsets.UTF_8),
                false,
                3_000,
                null);
        FeedFetchException timeout = assertThrows(
                FeedFetchException.class, () -> fetch(source(slow, true, Duration.ofMillis(300)), new ArrayList<>()));
        assertTrue(timeout.timedOut(), timeout.getMessage());
        server.stop(0);
        server = null;

        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        FeedFetchException refused = assertThrows(
                FeedFetchException.class,
                () -> fetch(
                        source(URI.create("http://127.0.0.1:" + closed + "/feed"), true, Duration.ofSeconds(5)),
                        new ArrayList<>()));
        assertTrue(refused.getMessage().startsWith("cannot connect to"), refused.getMessage());
    }

    @Test
    void filesAndDocumentsThatAreNotFeeds() throws Exception {
        Path feed = Files.writeString(dir.resolve("feed.json"), FEED);
        assertEquals(
                1,
                fetch(source(feed.toUri(), true, Duration.ofSeconds(1)), new ArrayList<>())
                        .reports());
        FeedFetchException none = assertThrows(
                FeedFetchException.class,
                () -> fetch(source(dir.resolve("nope.json").toUri(), true, Duration.ofSeconds(1)), new ArrayList<>()));
        assertEquals("no file at the feed URL's path", none.getMessage());
        Path html = Files.writeString(dir.resolve("page.html"), "<html>login</html>");
        assertThrows(
                InvalidFeedException.class,
                () -> fetch(source(html.toUri(), true, Duration.ofSeconds(1)), new ArrayList<>()));
        assertThrows(
                IllegalArgumentException.class, () -> source(URI.create("ftp://x/feed"), true, Duration.ofSeconds(1)));
    }

    @Test
    void aDirectorySwappedForALinkAfterTheCheckIsNotFollowed() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("feed.json"), "{\"secret\": \"server data\"}");
        Path feeds = Files.createDirectories(dir.resolve("feeds"));
        Path feed = Files.writeString(feeds.resolve("feed.json"), FEED);
        FeedFetchPolicy policy =
                new FeedFetchPolicy(1 << 20, Duration.ofSeconds(5), List.of(), port -> false, List.of(data));
        FeedFetchException e = assertThrows(
                FeedFetchException.class,
                () -> policy.openFile(feed.toUri(), () -> {
                    try {
                        // What a local user with write access to the feed's directory may do between check and open.
                        Files.move(feeds, dir.resolve("feeds.old"));
                        Files.createSymbolicLink(feeds, data);
                    } catch (java.io.IOException x) {
                        throw new java.io.UncheckedIOException(x);
                    }
                }));
        assertEquals(FeedFetchException.Failure.UNREACHABLE, e.failure(), e.getMessage());
    }

    @Test
    void anotherNameOfADeniedFileIsNotAFeed() throws Exception {
        Path secret = Files.writeString(dir.resolve("db.pw"), FEED);
        Path alias = Files.createLink(dir.resolve("feed.json"), secret);
        FeedFetchPolicy policy =
                new FeedFetchPolicy(1 << 20, Duration.ofSeconds(5), List.of(), port -> false, List.of(secret));
        FeedFetchException e = assertThrows(FeedFetchException.class, () -> policy.openFile(alias.toUri()));
        assertEquals(FeedFetchException.Failure.DENIED, e.failure(), e.getMessage());
        assertThrows(FeedFetchException.class, () -> policy.openFile(secret.toUri()));
        try (var in = new FeedFetchPolicy(1 << 20, Duration.ofSeconds(5), List.of(), port -> false, List.of())
                .openFile(alias.toUri())) {
            assertEquals(FEED, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void redirectsAreCheckedLikeTheFirstUrlAndCredentialsStayWithTheirOrigin() throws Exception {
        AtomicReference<String> authAtTarget = new AtomicReference<>("none");
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/feed", ex -> {
            authAtTarget.set(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            byte[] body = FEED.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        target.start();
        try {
            String elsewhere = "http://localhost:" + target.getAddress().getPort() + "/feed";
            Path secret = Files.writeString(dir.resolve("secret.txt"), "{\"feedinfo\": 1}");
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.createContext("/", ex -> {
                String to = switch (ex.getRequestURI().getPath()) {
                    case "/to-file" -> secret.toUri().toString();
                    case "/to-ftp" -> "ftp://127.0.0.1/feed";
                    case "/loop" -> "/loop";
                    default -> elsewhere;
                };
                ex.getResponseHeaders().add("Location", to);
                ex.sendResponseHeaders(302, -1);
                ex.close();
            });
            server = s;
            s.start();
            String base = "http://127.0.0.1:" + s.getAddress().getPort();
            for (String path : List.of("/to-file", "/to-ftp")) {
                FeedFetchException e = assertThrows(
                        FeedFetchException.class,
                        () -> fetch(source(URI.create(base + path), true, Duration.ofSeconds(5)), new ArrayList<>()));
                assertEquals(FeedFetchException.Failure.DENIED, e.failure(), e.getMessage());
                assertFalse(e.getMessage().contains(dir.toString()), e.getMessage());
            }
            FeedFetchException loop = assertThrows(
                    FeedFetchException.class,
                    () -> fetch(source(URI.create(base + "/loop"), true, Duration.ofSeconds(5)), new ArrayList<>()));
            assertTrue(loop.getMessage().contains("redirected more than"), loop.getMessage());

            FeedParser.Summary followed = fetch(
                    new Timed(
                            new FeedSource(URI.create(base + "/away"), true, "analyst", "s3cret"),
                            Duration.ofSeconds(5)),
                    new ArrayList<>());
            assertEquals(1, followed.reports());
            assertEquals("null", authAtTarget.get(), "basic auth is not sent to another origin");
        } finally {
            target.stop(0);
        }
    }

    @Test
    void documentsAreCutAtTheSizeLimitAfterDecoding() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
            z.write("{\"reports\": [".getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 64; i++) z.write(spaces);
        }
        URI url = serve(
                HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0),
                "/bomb",
                200,
                zipped.toByteArray(),
                true,
                0,
                null);
        FeedFetchException e = assertThrows(
                FeedFetchException.class,
                () -> fetcher(Duration.ofSeconds(10), 1 << 20).fetch(new FeedSource(url, true, "", ""), r -> {}));
        assertEquals(FeedFetchException.Failure.TOO_LARGE, e.failure(), e.getMessage());
        assertEquals("feed_too_large", e.reason());
    }

    @Test
    void deniedNetworksAreRefusedBeforeConnectingAndAnswersThatAreNotHttpAreNotRepeated() throws Exception {
        try (ServerSocket banner = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!banner.isClosed()) {
                    try (java.net.Socket c = banner.accept()) {
                        c.getOutputStream()
                                .write("SSH-2.0-OpenSSH_9.6 hunter2\r\n".getBytes(StandardCharsets.US_ASCII));
                        c.getOutputStream().flush();
                        Thread.sleep(200);
                    } catch (Exception e) {
                        // closed at the end of the test
                    }
                }
            });
            URI url = URI.create("http://127.0.0.1:" + banner.getLocalPort() + "/");
            FeedFetchException notHttp = assertThrows(
                    FeedFetchException.class, () -> fetch(source(url, true, Duration.ofSeconds(5)), new ArrayList<>()));
            assertEquals("feed_unreachable", notHttp.reason());
            assertFalse(notHttp.getMessage().contains("SSH"), notHttp.getMessage());
            assertFalse(notHttp.getMessage().contains("hunter2"), notHttp.getMessage());

            FeedFetcher denying = new FeedFetcher(new FeedFetchPolicy(
                    1 << 20,
                    Duration.ofSeconds(5),
                    NetworkRange.parseList("127.0.0.0/8, ::1/128"),
                    port -> false,
                    List.of()));
            fetchers.add(denying);
            for (String host : List.of("127.0.0.1", "localhost", "[::ffff:127.0.0.1]")) {
                FeedFetchException denied = assertThrows(
                        FeedFetchException.class,
                        () -> denying.fetch(
                                new FeedSource(
                                        URI.create("http://" + host + ":" + banner.getLocalPort() + "/"), true, "", ""),
                                r -> {}));
                assertEquals(FeedFetchException.Failure.DENIED, denied.failure(), host + ": " + denied.getMessage());
            }

            FeedFetcher ownPort = new FeedFetcher(new FeedFetchPolicy(
                    1 << 20, Duration.ofSeconds(5), List.of(), port -> port == banner.getLocalPort(), List.of()));
            fetchers.add(ownPort);
            FeedFetchException own = assertThrows(
                    FeedFetchException.class, () -> ownPort.fetch(new FeedSource(url, true, "", ""), r -> {}));
            assertEquals(FeedFetchException.Failure.DENIED, own.failure(), own.getMessage());
        }
    }

    @Test
    void networkRanges() {
        NetworkRange linkLocal = NetworkRange.parse("169.254.0.0/16");
        assertTrue(linkLocal.contains(address("169.254.169.254")));
        assertTrue(linkLocal.contains(address("::ffff:169.254.1.1")), "IPv4-mapped IPv6 is IPv4");
        assertFalse(linkLocal.contains(address("169.255.0.1")));
        assertFalse(linkLocal.contains(address("fe80::1")));
        assertTrue(NetworkRange.parse("fe80::/10").contains(address("fe80::1")));
        assertTrue(NetworkRange.parse("10.1.2.3").contains(address("10.1.2.3")));
        assertFalse(NetworkRange.parse("10.1.2.3").contains(address("10.1.2.4")));
        assertTrue(NetworkRange.parse("0.0.0.0/0").contains(address("8.8.8.8")));
        assertEquals(List.of(), NetworkRange.parseList(" "));
        for (String bad : List.of("example.com/8", "10.0.0.0/33", "fe80::/129", "10.0.0.0/x", "")) {
            assertThrows(IllegalArgumentException.class, () -> NetworkRange.parse(bad), bad);
        }
    }

    @Test
    void ipv4InsideIpv6AndTheAwsIpv6MetadataAddressAreDenied() throws Exception {
        FeedFetchPolicy policy = new FeedFetchPolicy(
                1 << 20,
                Duration.ofSeconds(5),
                NetworkRange.parseList(io.lampblack.server.config.ServerSettings.defaults()
                        .get(io.lampblack.server.config.ServerSettings.FEED_DENY_NETWORKS)),
                port -> port == 8443,
                List.of());
        for (String denied : List.of(
                "fd00:ec2::254", // AWS's IPv6 instance metadata service
                "::169.254.169.254", // IPv4-compatible
                "64:ff9b::a9fe:a9fe", // NAT64
                "2002:a9fe:a9fe::1", // 6to4
                "::ffff:169.254.169.254")) { // IPv4-mapped
            FeedFetchException e =
                    assertThrows(FeedFetchException.class, () -> policy.checkAddress(address(denied), 80), denied);
            assertEquals(FeedFetchException.Failure.DENIED, e.failure(), denied);
        }
        FeedFetchException own =
                assertThrows(FeedFetchException.class, () -> policy.checkAddress(address("::127.0.0.1"), 8443));
        assertEquals(FeedFetchException.Failure.DENIED, own.failure());
        policy.checkAddress(address("64:ff9b::808:808"), 80); // 8.8.8.8 through NAT64: allowed
        policy.checkAddress(address("2001:db8::1"), 80);
    }

    private static java.net.InetAddress address(String literal) {
        try {
            return java.net.InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
