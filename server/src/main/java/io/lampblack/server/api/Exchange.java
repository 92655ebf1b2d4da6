package io.lampblack.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.auth.Caller;
import io.lampblack.server.auth.ConsoleSessions;
import io.lampblack.server.auth.User;
import io.lampblack.server.json.Json;
import io.lampblack.server.problem.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.IdleTimeout;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One HTTP request/response pair as the API handlers see it: path parameters, query, body, answer. */
public final class Exchange {

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Map<String, String> pathParams;
    private Fields query;
    private User user;
    private Caller caller;
    private ConsoleSessions.Session session;
    private boolean answered;
    private boolean bodyRead;
    private int status = 200;
    private IntConsumer beforeAnswer = st -> {};

    Exchange(Request request, Response response, Callback callback, Map<String, String> pathParams) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.pathParams = pathParams;
    }

    public String method() {
        return request.getMethod();
    }

    public String path() {
        return request.getHttpURI().getPath();
    }

    public String pathParam(String name) {
        String v = pathParams.get(name);
        if (v == null) throw new IllegalStateException("route has no parameter " + name);
        return v;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    /** The values of the request's cookies of this name, in the order sent (a browser may send more than one). */
    public List<String> cookies(String name) {
        if (!request.getHeaders().contains(HttpHeader.COOKIE)) return List.of();
        return Request.getCookies(request).stream()
                .filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue)
                .toList();
    }

    /**
     * {@code https://host:port} as the client addressed this server (its Host header, else the address it
     * connected to).
     */
    public String origin() {
        HttpURI uri = request.getHttpURI();
        String host = Request.getServerName(request);
        int port = Request.getServerPort(request);
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return (uri.getScheme() == null ? "https" : uri.getScheme()) + "://" + h + (port > 0 ? ":" + port : "");
    }

    /** The certificate chain this server presented on the request's TLS connection; empty on a plain connection. */
    public List<X509Certificate> serverCertificates() {
        if (!(request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls))
            return List.of();
        Certificate[] chain = tls.sslSession().getLocalCertificates();
        if (chain == null) return List.of();
        return Arrays.stream(chain)
                .filter(c -> c instanceof X509Certificate)
                .map(c -> (X509Certificate) c)
                .toList();
    }

    public String remoteAddress() {
        return Request.getRemoteAddr(request);
    }

    /**
     * The URL's query parameters.
     *
     * @throws ApiException 400 when the query string is not percent-encoded UTF-8 ({@code %ED%A0%80}, {@code %zz})
     */
    public Fields query() {
        if (query == null) {
            try {
                query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException | IllegalStateException e) {
                // Jetty's words name the bad bytes; the client needs to know only where to look.
                throw ApiException.badRequest(
                        "invalid_parameter", "the query string is not valid percent-encoded UTF-8");
            }
        }
        return query;
    }

    public Optional<String> param(String name) {
        Fields.Field f = query().get(name);
        return f == null ? Optional.empty() : Optional.ofNullable(f.getValue());
    }

    public List<String> params(String name) {
        Fields.Field f = query().get(name);
        return f == null ? List.of() : f.getValues();
    }

    public int intParam(String name, int def) {
        Optional<String> v = param(name);
        if (v.isEmpty() || v.get().isBlank()) return def;
        return Numbers.parseInt(v.get().trim())
                .orElseThrow(() ->
                        ApiException.badRequest("invalid_parameter", "parameter '" + name + "' must be an integer"));
    }

    /** The Content-Length the client declared, or -1. */
    public long declaredLength() {
        return request.getLength();
    }

    /**
     * The request body, refusing bodies larger than {@code max} with 413. The refused body is still read (up to
     * {@link #DRAIN_LIMIT}, and thrown away) before the 413 is sent: a client that is still sending it would
     * otherwise see the connection break under it and never read the answer.
     */
    public byte[] body(long max) {
        long declared = request.getLength();
        if (declared > max)
            // Not read here: the answer drains it (closeIfBodyUnread).
            throw new ApiException(
                    413, "request_too_large", "body of " + declared + " bytes exceeds the limit of " + max);
        bodyRead = true;
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared >= 0) {
                // Known length (the usual case): read straight into an array of that size, no regrowing copies.
                byte[] b = new byte[(int) declared];
                int n = in.readNBytes(b, 0, b.length);
                if (n != b.length)
                    throw new ApiException(400, "bad_body", "body ended after " + n + " of " + declared + " bytes");
                return b;
            }
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, max + 1));
            if (b.length > max) {
                if (!skipToEnd(in)) response.getHeaders().put(HttpHeader.CONNECTION, "close");
                throw new ApiException(413, "request_too_large", "body exceeds the limit of " + max + " bytes");
            }
            return b;
        } catch (IOException e) {
            throw new ApiException(400, "bad_body", "cannot read the request body: " + e.getMessage());
        }
    }

    /**
     * The request body as a stream read under {@code limits} (binary files, streamed to disk rather than held): the
     * same read timeout and minimum rate as {@link #body(BodyLimits)}, each failing with 408 and closing the
     * connection after the answer. {@code limits.reserve()} is not used: the caller holds no memory for it. Closing
     * the stream puts the connection's idle timeout back; a stream closed before its end closes the connection after
     * the answer (the rest is not read).
     */
    public InputStream bodyStream(BodyLimits limits) {
        long declared = declaredLengthWithin(limits.max());
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        long idleBefore = endPoint.getIdleTimeout();
        endPoint.setIdleTimeout(limits.readTimeout().toMillis());
        InputStream in = Content.Source.asInputStream(request);
        RateGuard rate = new RateGuard(limits.minBytesPerSecond(), limits.readTimeout(), System::nanoTime);
        return new InputStream() {
            private boolean ended;
            private boolean closed;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n;
                try {
                    n = in.read(b, off, len);
                } catch (IOException e) {
                    closeAfterAnswer();
                    throw new ApiException(
                            408, "upload_too_slow", "the request body did not arrive in time: " + e.getMessage());
                }
                if (n < 0) {
                    ended = true;
                    return n;
                }
                try {
                    rate.arrived(n);
                } catch (ApiException e) {
                    closeAfterAnswer();
                    throw e;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                if (closed) return;
                closed = true;
                // Unread bytes behind an answer not yet sent: close after it (once sent, Jetty deals with the rest).
                if (!ended && !response.isCommitted()) closeAfterAnswer();
                endPoint.setIdleTimeout(idleBefore);
                in.close();
            }
        };
    }

    /** A file part of a multipart upload, on disk (never in memory whole); its name is the client's, not a path. */
    public record UploadedFile(String fileName, java.nio.file.Path file) {}

    /**
     * The part {@code partName} of a {@code multipart/form-data} body, written to a file in {@code dir} by Jetty's
     * multipart parser as it arrives; the other parts are discarded. The caller owns (moves or deletes) the file.
     *
     * @throws ApiException 400 when the body is not multipart or lacks the part, 413 when the part exceeds
     *     {@code maxFileSize}, the body that plus {@link #MULTIPART_OVERHEAD}, or it has more than two parts
     */
    /** What a multipart body may hold beyond its file part: boundaries, part headers, a small field. */
    public static final long MULTIPART_OVERHEAD = 64 * 1024;

    public UploadedFile multipartFile(String partName, java.nio.file.Path dir, long maxFileSize) throws IOException {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw ApiException.badRequest(
                    "not_multipart", "the body must be multipart/form-data with a part '" + partName + "'");
        }
        String boundary = org.eclipse.jetty.http.MultiPart.extractBoundary(type);
        if (boundary == null || boundary.isEmpty())
            throw ApiException.badRequest("not_multipart", "the multipart Content-Type names no boundary");
        bodyRead = true;
        java.nio.file.Files.createDirectories(dir);
        org.eclipse.jetty.http.MultiPartFormData.Parser parser =
                new org.eclipse.jetty.http.MultiPartFormData.Parser(boundary);
        parser.setFilesDirectory(dir);
        parser.setMaxMemoryFileSize(0);
        parser.setUseFilesForPartsWithoutFileName(true);
        parser.setMaxFileSize(maxFileSize);
        // One file part and perhaps one small field (cbapi sends the file alone): the whole body is bounded, so that
        // nothing beyond the file's allowance reaches the disk.
        parser.setMaxLength(maxFileSize + MULTIPART_OVERHEAD);
        parser.setMaxParts(2);
        org.eclipse.jetty.http.MultiPartFormData.Parts parts;
        try {
            parts = parser.parse(request).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading a multipart body", e);
        } catch (java.util.concurrent.ExecutionException e) {
            closeAfterAnswer();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String m = String.valueOf(cause.getMessage());
            if (m.toLowerCase(java.util.Locale.ROOT).contains("max"))
                throw new ApiException(413, "request_too_large", "the upload exceeds " + maxFileSize + " bytes");
            throw ApiException.badRequest("malformed_multipart", "cannot read the multipart body: " + m);
        }
        try (parts) {
            org.eclipse.jetty.http.MultiPart.Part part = parts.getFirst(partName);
            if (part == null)
                throw ApiException.badRequest("missing_part", "the multipart body has no part '" + partName + "'");
            java.nio.file.Path target = java.nio.file.Files.createTempFile(dir, "upload-", ".part");
            java.nio.file.Files.delete(target);
            part.writeTo(target);
            return new UploadedFile(part.getFileName(), target);
        }
    }

    /** Sets a header of the answer (before it is sent). */
    public void responseHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    /**
     * How a body that may be large is read: memory is reserved as bytes arrive, never for what the request
     * announces, and a client that stops sending or sends too slowly is cut off rather than holding its share.
     *
     * @param max              largest body accepted (413 above, before or while reading)
     * @param readTimeout      longest wait for the next bytes; the connection is then cut (408)
     * @param minBytesPerSecond rate the body must average over each stretch of {@code readTimeout} (408 below; 0 =
     *                         none), so that a trickle of a byte now and then cannot hold a connection for ever, not
     *                         even after a burst that would keep an average taken from the start high for an hour
     * @param reserve          told of each growth of the buffer before it is made; may refuse by throwing
     */
    public record BodyLimits(long max, Duration readTimeout, long minBytesPerSecond, LongConsumer reserve) {}

    /**
     * The body's announced length (-1 when chunked), once it is known not to exceed {@code max}: a larger one is refused
     * with 413 before a byte of it is read, and the connection closed after the answer.
     */
    private long declaredLengthWithin(long max) {
        bodyRead = true;
        long declared = request.getLength();
        if (declared > max) {
            closeAfterAnswer();
            throw new ApiException(
                    413, "request_too_large", "body of " + declared + " bytes exceeds the limit of " + max);
        }
        return declared;
    }

    /** The body, read under {@code limits}; a failure part-way closes the connection (its rest is not worth reading). */
    public byte[] body(BodyLimits limits) {
        long declared = declaredLengthWithin(limits.max());
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        long idleBefore = endPoint.getIdleTimeout();
        long readTimeout = limits.readTimeout().toMillis();
        // Jetty fails a blocked read once the connection has been idle this long.
        endPoint.setIdleTimeout(readTimeout);
        // Waiting for memory is the server's time, not the client's: the read timeout is off while the reservation
        // waits (the budget bounds that wait itself), and the connection counts as active once it is over, so that a
        // read timeout shorter than the budget's wait does not turn the server's wait into the client's 408.
        LongConsumer reserve = bytes -> {
            endPoint.setIdleTimeout(0);
            try {
                limits.reserve().accept(bytes);
            } finally {
                markActive(endPoint);
                endPoint.setIdleTimeout(readTimeout);
            }
        };
        BodyLimits underWait = new BodyLimits(limits.max(), limits.readTimeout(), limits.minBytesPerSecond(), reserve);
        boolean complete = false;
        try (InputStream in = Content.Source.asInputStream(request)) {
            try {
                byte[] b = readGrowing(in, declared, underWait, System::nanoTime);
                complete = true;
                return b;
            } catch (RuntimeException refused) {
                // Refused by the memory budget part-way (over the sensor's share, too large once decoded): a client
                // still sending would see the connection break under the answer, so a rest of reasonable size is read
                // and thrown away first, as for any unread body; nothing more is held in memory. A slow sender's 408
                // is not drained: its rest would take as long as it was refused for.
                complete = refused instanceof Problem && declared >= 0 && declared <= DRAIN_LIMIT && skipToEnd(in);
                throw refused;
            }
        } catch (IOException e) {
            throw new ApiException(
                    408, "upload_too_slow", "the request body did not arrive in time: " + e.getMessage());
        } finally {
            endPoint.setIdleTimeout(idleBefore);
            if (!complete) closeAfterAnswer();
        }
    }

    /**
     * Restarts the idle clock of a connection. TLS wraps the network connection, and the idle timeout set on the
     * wrapper is the network connection's: each layer is marked.
     */
    private static void markActive(EndPoint endPoint) {
        for (EndPoint e = endPoint; e != null; e = e instanceof EndPoint.Wrapper w ? w.unwrap() : null) {
            if (e instanceof IdleTimeout idle) idle.notIdle();
        }
    }

    /**
     * Reads a body into an array grown as bytes arrive.
     *
     * @param nanoTime the clock the minimum rate is measured with
     */
    static byte[] readGrowing(InputStream in, long declared, BodyLimits limits, LongSupplier nanoTime)
            throws IOException {
        // Chunked bodies grow up to the limit; one byte more there means too large.
        long cap = declared >= 0 ? declared : limits.max();
        int first = (int) Math.min(cap, 64 * 1024);
        limits.reserve().accept(first);
        byte[] b = new byte[first];
        int size = 0;
        RateGuard rate = new RateGuard(limits.minBytesPerSecond(), limits.readTimeout(), nanoTime);
        while (true) {
            if (size == b.length) {
                if (size >= cap) {
                    if (declared >= 0 || in.read() < 0) return b;
                    throw new ApiException(
                            413, "request_too_large", "body exceeds the limit of " + limits.max() + " bytes");
                }
                int grown = (int) Math.min(cap, Math.min(MAX_ARRAY, 2L * b.length));
                if (grown == b.length)
                    // Only a limit above what one array holds gets here; without this, read(b, size, 0) would
                    // answer 0 for ever.
                    throw new ApiException(
                            413, "request_too_large", "body exceeds the " + MAX_ARRAY + " bytes one upload may hold");
                // Time spent waiting for memory is the server's, not the client's: it does not count against its rate.
                long waitStart = nanoTime.getAsLong();
                limits.reserve().accept(grown - b.length);
                rate.paused(nanoTime.getAsLong() - waitStart);
                b = Arrays.copyOf(b, grown);
            }
            int n = in.read(b, size, b.length - size);
            if (n < 0) {
                if (declared >= 0) {
                    throw new ApiException(400, "bad_body", "body ended after " + size + " of " + declared + " bytes");
                }
                return Arrays.copyOf(b, size);
            }
            size += n;
            rate.arrived(n);
        }
    }

    /** The largest array a body is read into. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    /**
     * The minimum rate of a body, measured over successive windows of at least the read timeout each: every window
     * must average the rate on its own. An average taken from the start would let a sender burst most of a large body
     * and then trickle a byte every little while for as long as the burst keeps the average up (an hour, for 15 MiB
     * at 4 KiB/s); with windows, a trickle is cut off once the window after the burst's ends (a window ends at the
     * first read past its length, so within four read timeouts at most). The last, unfinished window is not judged:
     * a body that ends is not too slow.
     */
    static final class RateGuard {
        private final long minBytesPerSecond;
        private final long windowNanos;
        private final LongSupplier nanoTime;
        private long windowStart;
        private long windowBytes;

        RateGuard(long minBytesPerSecond, Duration window, LongSupplier nanoTime) {
            this.minBytesPerSecond = minBytesPerSecond;
            this.windowNanos = window.toNanos();
            this.nanoTime = nanoTime;
            this.windowStart = nanoTime.getAsLong();
        }

        /** {@code n} more bytes arrived. @throws ApiException 408 when the window just ended below the rate */
        void arrived(long n) {
            windowBytes += n;
            if (minBytesPerSecond <= 0) return;
            long now = nanoTime.getAsLong();
            long elapsed = now - windowStart;
            if (elapsed < windowNanos) return;
            if (windowBytes * 1_000_000_000.0 / elapsed < minBytesPerSecond) {
                throw new ApiException(
                        408,
                        "upload_too_slow",
                        "the request body arrived at less than " + minBytesPerSecond + " bytes per second");
            }
            windowStart = now;
            windowBytes = 0;
        }

        /** The server kept the client waiting this long: not counted against its rate. */
        void paused(long nanos) {
            windowStart += nanos;
        }
    }

    /** The connection is closed once this answer is sent: the rest of the request body stays unread. */
    private void closeAfterAnswer() {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }

    /** The body as JSON; Carbon Black clients may omit Content-Type, and may send the literal {@code null}. */
    public JsonNode jsonBody(long max) {
        byte[] b = body(max);
        if (b.length == 0) return Json.MAPPER.nullNode();
        try {
            return Json.MAPPER.readTree(b);
        } catch (IOException e) {
            throw ApiException.badRequest("invalid_json", "request body is not valid JSON: " + e.getMessage());
        }
    }

    public Optional<User> user() {
        return Optional.ofNullable(user);
    }

    void user(User u) {
        this.user = u;
    }

    /** Who called an API route and what they may see and do; set by the router before any handler runs. */
    public Caller caller() {
        if (caller == null) throw new IllegalStateException("not an authenticated API route");
        return caller;
    }

    void caller(Caller c) {
        this.caller = c;
    }

    /** The console session the request was authenticated by; empty for an API token (or no authentication). */
    public Optional<ConsoleSessions.Session> session() {
        return Optional.ofNullable(session);
    }

    void session(ConsoleSessions.Session s) {
        this.session = s;
    }

    public int status() {
        return status;
    }

    boolean answered() {
        return answered;
    }

    public void json(int status, Object value) {
        try {
            send(status, "application/json; charset=utf-8", Json.MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs just before the answer is written (the audit log: a call is recorded before its caller learns the outcome),
     * after the hooks added before it: the router's audit entry and a login's own are both kept.
     */
    void beforeAnswer(IntConsumer hook) {
        this.beforeAnswer = this.beforeAnswer.andThen(hook);
    }

    /** An unread body up to this size is drained before an answer; a larger one closes the connection instead. */
    private static final long DRAIN_LIMIT = 8L << 20;

    /**
     * An answer given without reading the request body (an error before the handler got to it) first drains a body
     * of reasonable size: a client still sending it would otherwise see the connection break under it, and unread
     * bytes must not sit in front of its next request. A larger body is not worth reading; the connection is closed.
     */
    private void closeIfBodyUnread() {
        if (bodyRead) return;
        long length = request.getLength();
        boolean hasBody = length > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (!hasBody) return;
        bodyRead = true;
        if (length <= DRAIN_LIMIT) {
            try (InputStream in = Content.Source.asInputStream(request)) {
                if (skipToEnd(in)) return;
            } catch (IOException | RuntimeException e) {
                // Fall through: the connection is in an unknown state.
            }
        }
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }

    /** Reads and discards the rest of a body, up to {@link #DRAIN_LIMIT} bytes; whether it ended within them. */
    private static boolean skipToEnd(InputStream in) {
        byte[] scrap = new byte[64 << 10];
        long left = DRAIN_LIMIT;
        try {
            for (int n; (n = in.read(scrap, 0, (int) Math.min(scrap.length, left + 1))) >= 0; ) {
                left -= n;
                if (left < 0) return false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public void noContent() {
        empty(204);
    }

    /** An answer without a body: 204, or 304 to a conditional request. */
    public void empty(int status) {
        closeIfBodyUnread();
        beforeAnswer.accept(status);
        answered = true;
        this.status = status;
        response.setStatus(status);
        callback.succeeded();
    }

    public void send(int status, String contentType, byte[] body) {
        closeIfBodyUnread();
        beforeAnswer.accept(status);
        answered = true;
        this.status = status;
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Writes an answer's body as it is made. */
    @FunctionalInterface
    public interface BodyWriter {
        void write(java.io.OutputStream out) throws IOException;
    }

    /**
     * Answers with a body streamed as {@code writer} makes it (no length announced, so nothing is held whole in
     * memory). A failure after the status is sent cuts the answer short, which the client sees as a broken download.
     */
    public void stream(int status, String contentType, BodyWriter writer) throws IOException {
        closeIfBodyUnread();
        beforeAnswer.accept(status);
        answered = true;
        this.status = status;
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        // Not try-with-resources: closing writes the last chunk, which would make a body cut short by a failure look
        // complete. On failure only the callback hears of it, and Jetty aborts the answer.
        java.io.OutputStream out = org.eclipse.jetty.io.Content.Sink.asOutputStream(response);
        try {
            writer.write(out);
            out.close();
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
            throw e;
        }
        callback.succeeded();
    }
}
