package io.lampblack.sensor.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.protocol.EventLogWriter;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import io.lampblack.protocol.sensor.LiveResponseProtocol.FileStored;
import io.lampblack.protocol.sensor.LiveResponseProtocol.PollRequest;
import io.lampblack.protocol.sensor.LiveResponseProtocol.PollResponse;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Result;
import io.lampblack.protocol.sensor.SensorProtocol;
import io.lampblack.protocol.sensor.SensorProtocol.BinaryUploadResponse;
import io.lampblack.protocol.sensor.SensorProtocol.CheckinRequest;
import io.lampblack.protocol.sensor.SensorProtocol.CheckinResponse;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.protocol.sensor.SensorProtocol.UploadResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** The sensor side of protocol v1 over HTTPS, used by the replay tool, the simulator and the Linux sensor. */
public final class SensorClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A sensor's credentials after registration. */
    public record Identity(int sensorId, String secret) {}

    /** A non-2xx answer, with the server's reason. */
    public static final class SensorProtocolException extends IOException {
        private final int status;
        private final String reason;
        private final Optional<Duration> retryAfter;

        public SensorProtocolException(int status, String reason, String message) {
            this(status, reason, message, Optional.empty());
        }

        /** @param retryAfter the answer's {@code Retry-After} (429, 503): when to send the request again */
        public SensorProtocolException(int status, String reason, String message, Optional<Duration> retryAfter) {
            super(status + " " + reason + ": " + message);
            this.status = status;
            this.reason = reason;
            this.retryAfter = retryAfter;
        }

        /** When the server asked the request to be sent again ({@code Retry-After} in seconds), if it did. */
        public Optional<Duration> retryAfter() {
            return retryAfter;
        }

        public int status() {
            return status;
        }

        public String reason() {
            return reason;
        }
    }

    /** A check-in's answer and whether the server asked for another check-in at once (actions wait). */
    public record Checkin(CheckinResponse response, boolean checkinNow) {}

    private final URI base;
    private final HttpClient http;
    /** Sensors whose last answer carried the "check in now" hint. */
    private final Set<Integer> hinted = ConcurrentHashMap.newKeySet();

    public SensorClient(URI base, HttpClient http) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.http = http;
    }

    /**
     * An HTTP client that trusts the given PEM certificate (or chain) alone, e.g. the server's self-signed one, with
     * the usual host-name check.
     */
    public static HttpClient httpClient(Path caFile) {
        return build(Objects.requireNonNull(caFile, "caFile (trustAllHttpClient trusts any certificate)"), null);
    }

    /**
     * An HTTP client that trusts ANY certificate and checks no host name: for tests, benchmarks and the development
     * tools talking to a server on this machine, never for a sensor on a real host ({@link #verifyingHttpClient}).
     */
    public static HttpClient trustAllHttpClient() {
        return build(null, null);
    }

    /** As {@link #trustAllHttpClient()}, its work done on {@code executor}. */
    public static HttpClient trustAllHttpClient(java.util.concurrent.Executor executor) {
        return build(null, Objects.requireNonNull(executor));
    }

    /** Trusting {@code caFile} alone, or anything when it is null; on {@code executor} (null: the client's own). */
    private static HttpClient build(Path caFile, java.util.concurrent.Executor executor) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (caFile == null) {
                ctx.init(null, new TrustManager[] {new TrustAll()}, null);
            } else {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                try (InputStream in = Files.newInputStream(caFile)) {
                    int i = 0;
                    for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in))
                        ks.setCertificateEntry("ca" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                ctx.init(null, tmf.getTrustManagers(), null);
            }
            SSLParameters params = new SSLParameters();
            if (caFile == null) params.setEndpointIdentificationAlgorithm(null);
            HttpClient.Builder builder = HttpClient.newBuilder();
            if (executor != null) builder.executor(executor);
            return builder.sslContext(ctx)
                    .sslParameters(params)
                    .connectTimeout(Duration.ofSeconds(10))
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * An HTTP client for a sensor on a real host, which never trusts blindly: with {@code caFile}, only that PEM
     * certificate (or chain); without it, the Java runtime's default trust store ({@code lib/security/cacerts} of
     * the JDK or of the installer's runtime, which need not be the operating system's CA list) and the usual
     * host-name check.
     */
    public static HttpClient verifyingHttpClient(Path caFile) {
        if (caFile != null) return httpClient(caFile);
        try {
            return HttpClient.newBuilder()
                    .sslContext(SSLContext.getDefault())
                    .connectTimeout(Duration.ofSeconds(10))
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    public RegisterResponse register(RegisterRequest request, String registrationToken)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = post(SensorProtocol.REGISTER, JSON.writeValueAsBytes(request), "application/json");
        if (registrationToken != null && !registrationToken.isEmpty())
            b.header(SensorProtocol.HEADER_REGISTRATION_TOKEN, registrationToken);
        return send(b.build(), RegisterResponse.class);
    }

    public CheckinResponse checkin(Identity id, List<Long> acked) throws IOException, InterruptedException {
        return checkin(id, acked, "");
    }

    /** A check-in that says which ban list the sensor holds; the answer's {@code ban_list} is set when it changed. */
    public CheckinResponse checkin(Identity id, List<Long> acked, String banListVersion)
            throws IOException, InterruptedException {
        byte[] body = JSON.writeValueAsBytes(new CheckinRequest(acked, JSON.createObjectNode(), banListVersion));
        return send(
                auth(post(SensorProtocol.CHECKIN, body, "application/json"), id).build(),
                CheckinResponse.class,
                id.sensorId());
    }

    /** A check-in with everything protocol v1 carries: acknowledgements, action results, host status, bans. */
    public Checkin checkin(Identity id, CheckinRequest request) throws IOException, InterruptedException {
        byte[] body = JSON.writeValueAsBytes(request);
        CheckinResponse r = send(
                auth(post(SensorProtocol.CHECKIN, body, "application/json"), id).build(),
                CheckinResponse.class,
                id.sensorId());
        return new Checkin(r, checkinNowHinted(id.sensorId()));
    }

    /**
     * Whether the server's last answer to this sensor (check-in, upload or binary) said that actions wait for it
     * ({@code X-Lampblack-Checkin-Now}): a sensor then checks in at once instead of at the end of its interval.
     */
    public boolean checkinNowHinted(int sensorId) {
        return hinted.contains(sensorId);
    }

    /** Uploads one event log (plain, gzip or zip bytes) under a sensor-chosen id that makes retries safe. */
    public UploadResponse upload(Identity id, String uploadId, byte[] body) throws IOException, InterruptedException {
        String path = SensorProtocol.EVENTLOG + "?upload_id=" + URLEncoder.encode(uploadId, StandardCharsets.UTF_8);
        // Expect: 100-continue lets the server refuse an oversize or unauthorised upload before the body is sent.
        return send(
                auth(post(path, body, "application/octet-stream"), id)
                        .expectContinue(true)
                        .build(),
                UploadResponse.class,
                id.sensorId());
    }

    /**
     * Uploads a binary file to the server's binary store under its MD5 (upper- or lower-case hex). The body is sent
     * gzip-compressed; the server checks the MD5 of the decompressed bytes and refuses a mismatch (400
     * {@code md5_mismatch}) or a file over its limit (413 {@code binary_too_large}). Re-sending a stored file is
     * harmless ({@code duplicate: true}).
     */
    public BinaryUploadResponse uploadBinary(Identity id, String md5, byte[] content)
            throws IOException, InterruptedException {
        String path = SensorProtocol.BINARY + "?md5=" + URLEncoder.encode(md5, StandardCharsets.UTF_8);
        byte[] body = EventLogWriter.gzip(content);
        HttpRequest.Builder b =
                auth(post(path, body, "application/octet-stream"), id).header("Content-Encoding", "gzip");
        return send(b.expectContinue(true).build(), BinaryUploadResponse.class, id.sensorId());
    }

    /**
     * As {@link #uploadBinary(Identity, String, byte[])}, the body streamed from {@code gzipped}, the file already
     * gzip-compressed (the Linux sensor's way: a 25 MiB binary never needs to be in its heap).
     */
    public BinaryUploadResponse uploadBinary(Identity id, String md5, Path gzipped)
            throws IOException, InterruptedException {
        String path = SensorProtocol.BINARY + "?md5=" + URLEncoder.encode(md5, StandardCharsets.UTF_8);
        HttpRequest req = auth(HttpRequest.newBuilder(URI.create(base + path)), id)
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/octet-stream")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofFile(gzipped))
                .expectContinue(true)
                .build();
        return send(req, BinaryUploadResponse.class, id.sensorId());
    }

    /** As {@link #uploadBinary(Identity, String, byte[])}, with the MD5 computed here. */
    public BinaryUploadResponse uploadBinary(Identity id, byte[] content) throws IOException, InterruptedException {
        try {
            String md5 = java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("MD5").digest(content));
            return uploadBinary(id, md5, content);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Holds the live-response poll (docs/sensor-protocol.md §7) until the server has work for this sensor or the
     * wait ends; the answer's work is empty then. A 409 {@code poll_in_progress} means another poll of this sensor
     * is held.
     */
    public PollResponse pollLiveResponse(Identity id, int waitSeconds) throws IOException, InterruptedException {
        return pollLiveResponse(id, waitSeconds, false);
    }

    /**
     * As {@link #pollLiveResponse(Identity, int)}; {@code replace} says the previous poll broke (no answer came), so
     * that the server replaces a poll it may still hold for this sensor instead of answering 409.
     */
    public PollResponse pollLiveResponse(Identity id, int waitSeconds, boolean replace)
            throws IOException, InterruptedException {
        byte[] body = JSON.writeValueAsBytes(new PollRequest(waitSeconds, replace));
        HttpRequest req = auth(post(LiveResponseProtocol.POLL, body, "application/json"), id)
                .timeout(Duration.ofSeconds(waitSeconds + 30L))
                .build();
        return send(req, PollResponse.class, id.sensorId());
    }

    /** Reports the outcome of one piece of live-response work. */
    public void liveResponseResult(Identity id, Result result) throws IOException, InterruptedException {
        byte[] body = JSON.writeValueAsBytes(result);
        send(
                auth(post(LiveResponseProtocol.RESULT, body, "application/json"), id)
                        .build(),
                JsonNode.class);
    }

    /**
     * Streams the content a {@code get file} or {@code memdump} command produced to the server, under the file id
     * the command named; nothing is held in memory ({@code content} is read as it is sent, chunked).
     */
    public FileStored uploadLiveResponseFile(Identity id, long sessionId, long fileId, Supplier<InputStream> content)
            throws IOException, InterruptedException {
        String path = LiveResponseProtocol.FILE_UPLOAD + "?session_id=" + sessionId + "&file_id=" + fileId;
        HttpRequest req = auth(HttpRequest.newBuilder(URI.create(base + path)), id)
                .timeout(Duration.ofHours(2))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(content))
                .expectContinue(true)
                .build();
        return send(req, FileStored.class);
    }

    /**
     * Downloads the file an analyst uploaded for a {@code put file} command into {@code target} (streamed to disk),
     * and answers its length.
     */
    public long downloadLiveResponseFile(Identity id, long sessionId, long fileId, Path target)
            throws IOException, InterruptedException {
        String path = LiveResponseProtocol.FILE_DOWNLOAD + fileId + "?session_id=" + sessionId;
        HttpRequest req = auth(HttpRequest.newBuilder(URI.create(base + path)), id)
                .timeout(Duration.ofHours(2))
                .GET()
                .build();
        HttpResponse<Path> resp = http.send(req, HttpResponse.BodyHandlers.ofFile(target));
        if (resp.statusCode() / 100 != 2) {
            byte[] err = Files.readAllBytes(target);
            Files.deleteIfExists(target);
            read(new BytesResponse(resp, err), JsonNode.class);
        }
        return Files.size(target);
    }

    /**
     * Streams the file an analyst uploaded for a {@code put file} command into {@code target}, stopping once more
     * than {@code maxBytes} arrived, and answers how many bytes were written (at most {@code maxBytes + 1}, so that
     * the caller sees a file longer than announced without storing all of it). The caller owns {@code target}: it
     * is an already opened file, never reopened here by name.
     */
    public long downloadLiveResponseFile(
            Identity id, long sessionId, long fileId, java.io.OutputStream target, long maxBytes)
            throws IOException, InterruptedException {
        String path = LiveResponseProtocol.FILE_DOWNLOAD + fileId + "?session_id=" + sessionId;
        HttpRequest req = auth(HttpRequest.newBuilder(URI.create(base + path)), id)
                .timeout(Duration.ofHours(2))
                .GET()
                .build();
        HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = resp.body()) {
            if (resp.statusCode() / 100 != 2) {
                read(new BytesResponse(resp, in.readNBytes(64 * 1024)), JsonNode.class);
            }
            long limit = maxBytes < Long.MAX_VALUE ? maxBytes + 1 : Long.MAX_VALUE;
            byte[] buf = new byte[64 * 1024];
            long written = 0;
            while (written < limit) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, limit - written));
                if (n < 0) break;
                target.write(buf, 0, n);
                written += n;
            }
            return written;
        }
    }

    private HttpRequest.Builder post(String path, byte[] body, String contentType) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static HttpRequest.Builder auth(HttpRequest.Builder b, Identity id) {
        return b.header(SensorProtocol.HEADER_SENSOR_ID, Integer.toString(id.sensorId()))
                .header(SensorProtocol.HEADER_SENSOR_SECRET, id.secret());
    }

    private <T> T send(HttpRequest req, Class<T> type, int sensorId) throws IOException, InterruptedException {
        HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (resp.headers().firstValue(SensorProtocol.HEADER_CHECKIN_NOW).isPresent()) hinted.add(sensorId);
        else if (resp.statusCode() / 100 == 2) hinted.remove(sensorId);
        return read(resp, type);
    }

    private <T> T send(HttpRequest req, Class<T> type) throws IOException, InterruptedException {
        return read(http.send(req, HttpResponse.BodyHandlers.ofByteArray()), type);
    }

    private static <T> T read(HttpResponse<byte[]> resp, Class<T> type) throws IOException {
        if (resp.statusCode() / 100 != 2) {
            String reason = "http_" + resp.statusCode();
            String message = new String(resp.body(), StandardCharsets.UTF_8);
            try {
                var err = JSON.readValue(resp.body(), SensorProtocol.ErrorResponse.class);
                if (err.reason() != null) reason = err.reason();
                if (err.message() != null) message = err.message();
            } catch (IOException ignored) {
                // not a JSON error body; keep the raw text
            }
            throw new SensorProtocolException(resp.statusCode(), reason, message, retryAfter(resp));
        }
        return JSON.readValue(resp.body(), type);
    }

    /** {@code Retry-After} in seconds (the form the server sends); an HTTP date or garbage is ignored. */
    private static Optional<Duration> retryAfter(HttpResponse<?> resp) {
        return resp.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long seconds = Long.parseLong(v.strip());
                return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** An error answer that was streamed to a file, seen as the byte answer {@link #read} takes. */
    private record BytesResponse(HttpResponse<?> original, byte[] body) implements HttpResponse<byte[]> {
        @Override
        public int statusCode() {
            return original.statusCode();
        }

        @Override
        public HttpRequest request() {
            return original.request();
        }

        @Override
        public Optional<HttpResponse<byte[]>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return original.headers();
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return original.sslSession();
        }

        @Override
        public URI uri() {
            return original.uri();
        }

        @Override
        public HttpClient.Version version() {
            return original.version();
        }
    }

    /** Extended so that the JDK does not wrap it with its own host-name check. */
    private static final class TrustAll extends javax.net.ssl.X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket s) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket s) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine e) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine e) {}

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
