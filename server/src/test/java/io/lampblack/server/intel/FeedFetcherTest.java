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
    private final FeedFetcher fetcher = new FeedFetcher();

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
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

    private static FeedSource source(URI url, boolean validate, Duration timeout) {
        return new FeedSource(url, validate, "", "", timeout);
    }

    private FeedParser.Summary fetch(FeedSource s, List<FeedReport> out) throws Exception {
        return fetcher.fetch(s, out::add);
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
        FeedParser.Summary s = fetch(new FeedSource(url, true, "analyst", "s3cret", Duration.ofSeconds(10)), reports);
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
        assertEquals("HTTP 404 from " + missing, notFound.getMessage());
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
        assertTrue(none.getMessage().startsWith("no file"), none.getMessage());
        Path html = Files.writeString(dir.resolve("page.html"), "<html>login</html>");
        assertThrows(
                InvalidFeedException.class,
                () -> fetch(source(html.toUri(), true, Duration.ofSeconds(1)), new ArrayList<>()));
        assertThrows(
                IllegalArgumentException.class, () -> source(URI.create("ftp://x/feed"), true, Duration.ofSeconds(1)));
    }
}
