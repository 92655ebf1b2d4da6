package io.lampblack.server.intel;

import io.lampblack.server.intel.FeedFetchException.Failure;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Fetches a feed document within the {@link FeedFetchPolicy} and parses it as it streams in ({@link FeedParser}):
 * nothing of a large feed is held whole. Errors name the failure in words an operator can act on, and never repeat
 * what the feed server or the file sent, nor the URL (which the caller knows, and which may carry tokens).
 *
 * <p>HTTP goes through Jetty's client because it lets the server resolve a feed server's name itself: every address
 * is checked against the policy and the client connects to exactly the checked ones. Redirects are followed by hand
 * (at most {@value #MAX_REDIRECTS}), so that each target is checked the same way: only to http or https, never from
 * https down to http, and the basic-auth credentials go only to the URL's own origin.
 */
public final class FeedFetcher implements AutoCloseable {

    static final int MAX_REDIRECTS = 5;

    private final FeedFetchPolicy policy;
    private final HttpClient verifying;
    /** Made when a feed first asks for it (Jetty warns when one is made, as it should: only then). */
    private HttpClient trusting;

    private boolean closed;

    public FeedFetcher(FeedFetchPolicy policy) {
        this.policy = policy;
        this.verifying = client(new SslContextFactory.Client(), "feed-fetch");
    }

    /** The client for {@code validate_server_cert: false}: any certificate, any host name. */
    private synchronized HttpClient trusting() {
        if (closed) throw new IllegalStateException("feed fetcher closed");
        if (trusting == null) {
            SslContextFactory.Client anyCertificate = new SslContextFactory.Client(true);
            anyCertificate.setEndpointIdentificationAlgorithm(null);
            trusting = client(anyCertificate, "feed-fetch-any-cert");
        }
        return trusting;
    }

    private HttpClient client(SslContextFactory.Client tls, String name) {
        HttpClient c = new HttpClient();
        c.setSslContextFactory(tls);
        c.setFollowRedirects(false);
        c.setSocketAddressResolver(this::resolve);
        // Decoded here, under the size limit, rather than by the client.
        c.getContentDecoderFactories().clear();
        c.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Lampblack"));
        c.setConnectTimeout(policy.timeout().toMillis());
        c.setIdleTimeout(policy.timeout().toMillis());
        QueuedThreadPool threads = new QueuedThreadPool(8, 1);
        threads.setName(name);
        threads.setDaemon(true);
        c.setExecutor(threads);
        try {
            c.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the feed HTTP client", e);
        }
        return c;
    }

    /** Resolves once, and offers the client only the addresses the policy allows; it connects to those. */
    private void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            promise.failed(
                    new FeedFetchException(Failure.UNREACHABLE, "the feed server's host name does not resolve", e));
            return;
        }
        List<InetSocketAddress> allowed = new ArrayList<>();
        FeedFetchException refused = null;
        for (InetAddress a : addresses) {
            try {
                policy.checkAddress(a, port);
                allowed.add(new InetSocketAddress(a, port));
            } catch (FeedFetchException e) {
                refused = e;
            }
        }
        if (allowed.isEmpty()) promise.failed(Objects.requireNonNull(refused));
        else promise.succeeded(allowed);
    }

    public FeedParser.Summary fetch(FeedSource source, FeedParser.ReportSink sink)
            throws FeedFetchException, InvalidFeedException {
        return fetch(source, sink, OutputStream.nullOutputStream());
    }

    /** As {@link #fetch(FeedSource, FeedParser.ReportSink)}, writing the document's bytes to {@code copy} as read. */
    public FeedParser.Summary fetch(FeedSource source, FeedParser.ReportSink sink, OutputStream copy)
            throws FeedFetchException, InvalidFeedException {
        return source.isFile() ? fetchFile(source, sink, copy) : fetchHttp(source, sink, copy);
    }

    private FeedParser.Summary fetchHttp(FeedSource source, FeedParser.ReportSink sink, OutputStream copy)
            throws FeedFetchException, InvalidFeedException {
        long deadline = System.nanoTime() + policy.timeout().toNanos();
        HttpClient client = source.validateServerCert() ? verifying : trusting();
        URI url = source.url();
        for (int redirects = 0; ; redirects++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw timeout(null);
            boolean withCredentials = !source.username().isEmpty() && FeedSource.sameOrigin(url, source.url());
            Request request = client.newRequest(url)
                    .method(HttpMethod.GET)
                    .timeout(left, TimeUnit.NANOSECONDS)
                    .headers(h -> {
                        h.put(HttpHeader.ACCEPT, "application/json");
                        h.put(HttpHeader.ACCEPT_ENCODING, "gzip");
                        if (withCredentials) {
                            h.put(HttpHeader.AUTHORIZATION, basic(source));
                        }
                    });
            InputStreamResponseListener listener = new InputStreamResponseListener();
            request.send(listener);
            Response response;
            try {
                response = listener.get(left, TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw failed(e.getCause());
            } catch (TimeoutException e) {
                request.abort(e);
                throw timeout(e);
            } catch (InterruptedException e) {
                request.abort(e);
                Thread.currentThread().interrupt();
                throw new FeedFetchException(Failure.UNREACHABLE, "interrupted while fetching the feed", e);
            }
            try (InputStream raw = listener.getInputStream()) {
                int status = response.getStatus();
                if (isRedirect(status)) {
                    url = redirectTarget(url, response.getHeaders().get(HttpHeader.LOCATION), redirects);
                    continue;
                }
                if (status != 200) {
                    throw new FeedFetchException(Failure.UNREACHABLE, "the feed server answered HTTP " + status);
                }
                boolean gzip = "gzip".equalsIgnoreCase(response.getHeaders().get(HttpHeader.CONTENT_ENCODING));
                InputStream body = limited(gzip ? new GZIPInputStream(raw) : raw);
                return FeedParser.parse(tee(body, copy), sink);
            } catch (IOException e) {
                throw failedReading(e);
            }
        }
    }

    private FeedParser.Summary fetchFile(FeedSource source, FeedParser.ReportSink sink, OutputStream copy)
            throws FeedFetchException, InvalidFeedException {
        // Opened along its checked real path without following links: a link put there since is not read.
        try (InputStream in = tee(limited(policy.openFile(source.url())), copy)) {
            return FeedParser.parse(in, sink);
        } catch (TooLarge e) {
            throw tooLarge(e);
        } catch (IOException e) {
            throw new FeedFetchException(Failure.UNREACHABLE, "the file at the feed URL's path cannot be read", e);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The next URL to fetch; the Location's text is never repeated in an error (the feed server wrote it). */
    private static URI redirectTarget(URI from, String location, int redirectsSoFar) throws FeedFetchException {
        if (redirectsSoFar >= MAX_REDIRECTS) {
            throw new FeedFetchException(
                    Failure.UNREACHABLE, "the feed server redirected more than " + MAX_REDIRECTS + " times");
        }
        if (location == null || location.isBlank()) {
            throw new FeedFetchException(Failure.UNREACHABLE, "the feed server redirected without a Location");
        }
        URI to;
        try {
            to = from.resolve(URI.create(location.strip()));
        } catch (IllegalArgumentException e) {
            throw new FeedFetchException(Failure.UNREACHABLE, "the feed server redirected to an invalid URL", e);
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FeedFetchException(
                    Failure.DENIED, "the feed server redirected to a URL that is not http or https");
        }
        if (scheme.equals("http") && from.getScheme().equalsIgnoreCase("https")) {
            throw new FeedFetchException(Failure.DENIED, "the feed server redirected from https to http");
        }
        if (to.getHost() == null || to.getRawUserInfo() != null || to.getPort() > 65535) {
            throw new FeedFetchException(Failure.UNREACHABLE, "the feed server redirected to an invalid URL");
        }
        return to;
    }

    private static String basic(FeedSource source) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((source.username() + ":" + source.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** What went wrong before an answer, by kind; the feed server's or the OS's own words stay in the cause. */
    private FeedFetchException failed(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            switch (t) {
                case FeedFetchException e -> {
                    return e;
                }
                case TimeoutException _ -> {
                    return timeout(cause);
                }
                case java.net.SocketTimeoutException _ -> {
                    return timeout(cause);
                }
                case ConnectException _ -> {
                    return new FeedFetchException(Failure.UNREACHABLE, "cannot connect to the feed server", cause);
                }
                case SSLException _ -> {
                    return new FeedFetchException(
                            Failure.UNREACHABLE,
                            "TLS with the feed server failed; set validate_server_cert to false for a server with a"
                                    + " self-signed certificate",
                            cause);
                }
                default -> {}
            }
        }
        return new FeedFetchException(Failure.UNREACHABLE, "the feed server gave no HTTP answer", cause);
    }

    private FeedFetchException failedReading(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            switch (t) {
                case TooLarge tl -> {
                    return tooLarge(tl);
                }
                case TimeoutException _ -> {
                    return timeout(e);
                }
                case java.net.SocketTimeoutException _ -> {
                    return timeout(e);
                }
                case ZipException _ -> {
                    return new FeedFetchException(Failure.UNREACHABLE, "the feed server's gzip answer is corrupt", e);
                }
                default -> {}
            }
        }
        return new FeedFetchException(Failure.UNREACHABLE, "the feed server's answer broke off", e);
    }

    private FeedFetchException timeout(Throwable cause) {
        return new FeedFetchException(
                Failure.TIMEOUT,
                "no complete answer from the feed server within "
                        + policy.timeout().toSeconds() + " s",
                cause);
    }

    private FeedFetchException tooLarge(TooLarge cause) {
        return new FeedFetchException(
                Failure.TOO_LARGE,
                "the feed document is larger than " + policy.maxBytes() + " bytes (--feed-max-bytes)",
                cause);
    }

    /** Reading past the policy's size: stops the parse at the limit, not after the whole document. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("feed document over the size limit");
        }
    }

    private InputStream limited(InputStream in) {
        long max = policy.maxBytes();
        return new FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) count(1);
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) count(n);
                return n;
            }

            private void count(int n) throws TooLarge {
                read += n;
                if (read > max) throw new TooLarge();
            }
        };
    }

    /** Passes through what is read, writing it to {@code copy} too. */
    private static InputStream tee(InputStream in, OutputStream copy) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) copy.write(b);
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) copy.write(buf, off, n);
                return n;
            }
        };
    }

    @Override
    public void close() throws Exception {
        verifying.stop();
        synchronized (this) {
            closed = true;
            if (trusting != null) trusting.stop();
        }
    }
}
