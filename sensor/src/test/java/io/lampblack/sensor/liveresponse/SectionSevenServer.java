package io.lampblack.sensor.liveresponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import io.lampblack.protocol.sensor.LiveResponseProtocol.PollResponse;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Result;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Work;
import io.lampblack.protocol.sensor.SensorProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's side of sensor protocol §7, small enough for a test: holds polls until work is queued, records
 * results and uploaded files, serves the analyst's files. The real server's side is tested in the server module.
 */
final class SectionSevenServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final BlockingQueue<Work> work = new LinkedBlockingQueue<>();
    final BlockingQueue<Result> results = new LinkedBlockingQueue<>();
    final Map<Long, byte[]> uploads = new ConcurrentHashMap<>();
    final Map<Long, byte[]> analystFiles = new ConcurrentHashMap<>();
    final AtomicInteger polls = new AtomicInteger();
    /** Polls answered 409 before any is held. */
    final AtomicInteger conflictsLeft = new AtomicInteger();
    /** Polls answered 503 before any is held. */
    final AtomicInteger failuresLeft = new AtomicInteger();
    /** Results larger than this are answered 413, as the server answers those over its limit. */
    volatile int maxResultBytes = Integer.MAX_VALUE;
    /** Results answered 413. */
    final AtomicInteger resultsTooLarge = new AtomicInteger();
    /** Results answered 429 (busy with this sensor's other results) before any is taken. */
    final AtomicInteger resultsBusyLeft = new AtomicInteger();

    private final HttpServer http;
    private final int sensorId;
    private final String secret;

    SectionSevenServer(int sensorId, String secret) throws IOException {
        this.sensorId = sensorId;
        this.secret = secret;
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/sensor/v1/lr/", this::handle);
        http.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /** The next result, waiting for it as long as it takes (the build's own timeout bounds a hung test). */
    /** The next result the sensor posted; a result that never comes fails the test instead of hanging the build. */
    Result nextResult() throws InterruptedException {
        Result r = results.poll(120, java.util.concurrent.TimeUnit.SECONDS);
        if (r == null) throw new AssertionError("no result from the sensor within 120 s");
        return r;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!Integer.toString(sensorId).equals(ex.getRequestHeaders().getFirst(SensorProtocol.HEADER_SENSOR_ID))
                    || !secret.equals(ex.getRequestHeaders().getFirst(SensorProtocol.HEADER_SENSOR_SECRET))) {
                answer(ex, 401, Map.of("reason", "unauthorized", "message", "bad credentials"));
                return;
            }
            String path = ex.getRequestURI().getPath();
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            if (path.equals(LiveResponseProtocol.POLL)) {
                poll(ex);
            } else if (path.equals(LiveResponseProtocol.RESULT)) {
                byte[] body = ex.getRequestBody().readAllBytes();
                if (resultsBusyLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    answer(ex, 429, Map.of("reason", "results_in_progress", "message", "busy"));
                    return;
                }
                if (body.length > maxResultBytes) {
                    resultsTooLarge.incrementAndGet();
                    answer(ex, 413, Map.of("reason", "request_too_large", "message", "at most " + maxResultBytes));
                    return;
                }
                results.add(JSON.readValue(body, Result.class));
                answer(ex, 200, Map.of());
            } else if (path.equals(LiveResponseProtocol.FILE_UPLOAD)
                    && ex.getRequestMethod().equals("PUT")) {
                long fileId = Long.parseLong(query.get("file_id"));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (InputStream in = ex.getRequestBody()) {
                    in.transferTo(out);
                }
                uploads.put(fileId, out.toByteArray());
                answer(ex, 200, Map.of("file_id", fileId, "size", out.size()));
            } else if (path.startsWith(LiveResponseProtocol.FILE_DOWNLOAD)) {
                byte[] b =
                        analystFiles.get(Long.parseLong(path.substring(LiveResponseProtocol.FILE_DOWNLOAD.length())));
                if (b == null) {
                    answer(ex, 404, Map.of("reason", "file_not_found", "message", "no such file"));
                    return;
                }
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            } else {
                answer(ex, 404, Map.of("reason", "not_found", "message", path));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void poll(HttpExchange ex) throws IOException, InterruptedException {
        polls.incrementAndGet();
        ex.getRequestBody().readAllBytes();
        if (conflictsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            answer(ex, 409, Map.of("reason", "poll_in_progress", "message", "another poll is held"));
            return;
        }
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            answer(ex, 503, Map.of("reason", "server_busy", "message", "try later"));
            return;
        }
        List<Work> out = new ArrayList<>();
        Work first = work.poll(2, TimeUnit.SECONDS);
        if (first != null) {
            out.add(first);
            work.drainTo(out);
        }
        answer(ex, 200, new PollResponse(out));
    }

    private static void answer(HttpExchange ex, int status, Object body) throws IOException {
        byte[] b = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new ConcurrentHashMap<>();
        if (raw == null) return q;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) q.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return q;
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
