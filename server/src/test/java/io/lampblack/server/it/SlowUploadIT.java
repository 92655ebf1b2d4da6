package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 2, performed against a started server: uploads that announce a large body and then send nothing (or
 * a trickle) neither hold memory for what they announce nor block other sensors, and they are cut off; one sensor
 * cannot take more than its share of the in-flight budget. Short timeouts and a small budget keep this quick.
 */
class SlowUploadIT {

    @TempDir
    static Path data;

    static TestServer server;
    static SensorClient client;
    static SensorClient.Identity slow;
    static SensorClient.Identity other;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(
                data,
                "max-upload",
                "64m",
                "max-inflight-uploads",
                "8m", // 2 MiB a sensor, with the default share of 25 %
                "upload-read-timeout",
                "2",
                "upload-min-rate",
                "4k");
        client = server.sensorClient();
        slow = register("SLOW-HOST");
        other = register("OTHER-HOST");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static SensorClient.Identity register(String host) throws Exception {
        RegisterResponse r =
                client.register(new RegisterRequest(host, null, "windows", "server", null, null, null, 1), "");
        return new SensorClient.Identity(r.sensorId(), r.secret());
    }

    @Test
    void idleUploadsAnnouncing64MiBDoNotBlockAnotherSensorAndAreCutOff() throws Exception {
        List<SSLSocket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                SSLSocket s = startUpload(slow, "idle-" + i, 64L << 20);
                s.getOutputStream().write(new byte[10]);
                s.getOutputStream().flush();
                idle.add(s);
            }
            // A 5 KB upload of another sensor is answered at once.
            long t0 = System.nanoTime();
            assertEquals(
                    20,
                    client.upload(other, "small-1", new SyntheticHost(3).nextUpload(20))
                            .events());
            assertTrue(System.nanoTime() - t0 < 15_000_000_000L, "answered promptly");
            // The idle connections are cut once the read timeout (2 s) passes: each sees an answer or the end.
            for (SSLSocket s : idle) {
                String answer = readAnswer(s, 20_000);
                assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), answer);
            }
        } finally {
            for (SSLSocket s : idle) s.close();
        }
        awaitBudgetFree();
    }

    @Test
    void aTrickleBelowTheMinimumRateIsCutOff() throws Exception {
        try (SSLSocket s = startUpload(slow, "trickle-1", 1L << 20)) {
            OutputStream out = s.getOutputStream();
            long deadline = System.nanoTime() + 20_000_000_000L;
            String answer = "";
            s.setSoTimeout(300);
            // A byte every 300 ms: never idle for the read timeout, but far below 4 KiB/s.
            while (System.nanoTime() < deadline) {
                try {
                    out.write('x');
                    out.flush();
                } catch (IOException closed) {
                    answer = "closed";
                    break;
                }
                answer = readAvailable(s);
                if (!answer.isEmpty()) break;
            }
            assertTrue(answer.equals("closed") || answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(System.nanoTime() < deadline, "the trickle was cut off");
        }
        awaitBudgetFree();
    }

    @Test
    void oneSensorCannotHoldMoreThanItsShare() throws Exception {
        try (SSLSocket first = startUpload(slow, "share-1", 1536 * 1024)) {
            // 1.5 MiB arrive and stay held: most of this sensor's 2 MiB share.
            first.getOutputStream().write(new byte[1536 * 1024 - 1]);
            first.getOutputStream().flush();
            awaitInUse(1536 * 1024);
            try (SSLSocket second = startUpload(slow, "share-2", 1L << 20)) {
                second.getOutputStream().write(new byte[600 * 1024]);
                second.getOutputStream().flush();
                String answer = readAnswer(second, 20_000);
                assertTrue(answer.startsWith("HTTP/1.1 429"), answer);
                assertTrue(answer.toLowerCase().contains("retry-after: "), answer);
                assertTrue(answer.contains("sensor_busy"), answer);
            }
            // Another sensor is not affected.
            assertEquals(
                    10,
                    client.upload(other, "share-other", new SyntheticHost(4).nextUpload(10))
                            .events());
        }
        // Once its first upload is gone, the sensor uploads again.
        awaitBudgetFree();
        assertEquals(
                10,
                client.upload(slow, "share-3", new SyntheticHost(5).nextUpload(10))
                        .events());
    }

    /**
     * A burst, then a byte every 300 ms: averaged from the start the burst would keep the rate up for minutes; each
     * stretch of the read timeout is judged on its own, so the trickle is cut off within a few seconds.
     */
    @Test
    void aBurstThenATrickleIsCutOff() throws Exception {
        try (SSLSocket s = startUpload(slow, "burst-1", 1L << 20)) {
            s.getOutputStream().write(new byte[600 * 1024]);
            s.getOutputStream().flush();
            assertTrickleCutOff(s);
        }
        awaitBudgetFree();
    }

    /** Binary uploads are held to the same read timeout and minimum rate as event logs. */
    @Test
    void aBinaryUploadTrickleIsCutOff() throws Exception {
        try (SSLSocket s = startPost(slow, "/sensor/v1/binary?md5=0123456789abcdef0123456789abcdef", 1L << 20)) {
            assertTrickleCutOff(s);
        }
    }

    /**
     * Four sensors fill the whole in-flight budget and keep it (sending at the minimum rate) for longer than the read
     * timeout; a fifth sensor's upload waits for memory all that time, then is taken once they go. The wait is the
     * server's: it must not turn into the waiting client's 408.
     */
    @Test
    void waitingForTheBudgetLongerThanTheReadTimeoutIsNotTheClientsTimeout() throws Exception {
        long held = (2L << 20) - 256;
        int trickles = 10;
        int trickle = 8 * 1024;
        List<SSLSocket> holders = new ArrayList<>();
        java.util.concurrent.ExecutorService waiter = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 4; i++) {
                SSLSocket h = startUpload(register("HOLDER-" + i), "hold-" + i, held);
                h.getOutputStream().write(new byte[(int) held - 1 - trickles * trickle]);
                h.getOutputStream().flush();
                holders.add(h);
            }
            awaitInUse(4 * held);
            java.util.concurrent.Future<Integer> waited =
                    waiter.submit(() -> client.upload(other, "waits-1", new SyntheticHost(6).nextUpload(20))
                            .events());
            // 5 s of holding, more than twice the 2 s read timeout, at 16 KiB/s: above the minimum rate.
            for (int i = 0; i < trickles; i++) {
                Thread.sleep(500);
                for (SSLSocket h : holders) {
                    h.getOutputStream().write(new byte[trickle]);
                    h.getOutputStream().flush();
                }
            }
            assertFalse(waited.isDone(), "the fifth upload waited for memory");
            for (SSLSocket h : holders) h.close();
            assertEquals(20, waited.get(30, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            for (SSLSocket h : holders) h.close();
            waiter.shutdownNow();
        }
        awaitBudgetFree();
    }

    /** Sends a byte every 300 ms and expects a 408 (or the connection closed) within 20 s. */
    private static void assertTrickleCutOff(SSLSocket s) throws IOException {
        OutputStream out = s.getOutputStream();
        long deadline = System.nanoTime() + 20_000_000_000L;
        String answer = "";
        s.setSoTimeout(300);
        while (System.nanoTime() < deadline) {
            try {
                out.write('x');
                out.flush();
            } catch (IOException closed) {
                answer = "closed";
                break;
            }
            answer = readAvailable(s);
            if (!answer.isEmpty()) break;
        }
        assertTrue(answer.equals("closed") || answer.startsWith("HTTP/1.1 408"), answer);
        assertTrue(System.nanoTime() < deadline, "the trickle was cut off");
    }

    /** Opens a TLS connection and sends the headers of an event-log upload announcing {@code length} bytes. */
    private static SSLSocket startUpload(SensorClient.Identity id, String uploadId, long length) throws Exception {
        return startPost(id, "/sensor/v1/eventlog?upload_id=" + uploadId, length);
    }

    /** Opens a TLS connection and sends the headers of an upload to {@code path} announcing {@code length} bytes. */
    private static SSLSocket startPost(SensorClient.Identity id, String path, long length) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new TrustAll()}, null);
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", server.server.port());
        s.startHandshake();
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "X-Sensor-Id: " + id.sensorId() + "\r\n"
                + "X-Sensor-Secret: " + id.secret() + "\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + "Content-Length: " + length + "\r\n\r\n";
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** Everything the server sends until it closes the connection ("" if it closes without a word). */
    private static String readAnswer(SSLSocket s, int timeoutMillis) throws IOException {
        s.setSoTimeout(timeoutMillis);
        StringBuilder b = new StringBuilder();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                b.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                if (b.indexOf("\r\n\r\n") >= 0 && b.toString().contains("}")) break;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed within " + timeoutMillis + " ms", e);
        } catch (IOException reset) {
            // Closed under us: cut off, which is what we wait for.
        }
        return b.toString();
    }

    /** What the server has sent so far, waiting at most the socket's timeout. */
    private static String readAvailable(SSLSocket s) throws IOException {
        try {
            byte[] buf = new byte[4096];
            int n = s.getInputStream().read(buf);
            return n < 0 ? "closed" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            return "";
        }
    }

    private static void awaitInUse(long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (server.server.ingest().inflight().inUse() < atLeast && System.nanoTime() < deadline) Thread.sleep(20);
    }

    private static void awaitBudgetFree() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (server.server.ingest().inflight().inUse() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(0, server.server.ingest().inflight().inUse(), "every upload gave its memory back");
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
