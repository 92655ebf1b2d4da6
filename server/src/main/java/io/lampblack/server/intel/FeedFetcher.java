package io.lampblack.server.intel;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Fetches a feed document and parses it as it streams in ({@link FeedParser}): nothing of a large feed is held
 * whole. Errors say what went wrong in words an operator can act on.
 */
public final class FeedFetcher {

    private final HttpClient verifying;
    private final HttpClient trusting;

    public FeedFetcher() {
        this.verifying = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.trusting = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .sslContext(trustAll())
                .build();
    }

    public FeedParser.Summary fetch(FeedSource source, FeedParser.ReportSink sink)
            throws FeedFetchException, InvalidFeedException {
        return fetch(source, sink, OutputStream.nullOutputStream());
    }

    /** As {@link #fetch(FeedSource, FeedParser.ReportSink)}, writing the document's bytes to {@code copy} as read. */
    public FeedParser.Summary fetch(FeedSource source, FeedParser.ReportSink sink, OutputStream copy)
            throws FeedFetchException, InvalidFeedException {
        if ("file".equalsIgnoreCase(source.url().getScheme())) return fetchFile(source, sink, copy);
        HttpRequest.Builder request = HttpRequest.newBuilder(source.url())
                .timeout(source.timeout())
                .GET()
                .header("Accept", "application/json")
                .header("Accept-Encoding", "gzip");
        if (!source.username().isEmpty()) {
            String basic = Base64.getEncoder()
                    .encodeToString((source.username() + ":" + source.password()).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + basic);
        }
        HttpClient client = source.validateServerCert() ? verifying : trusting;
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new FeedFetchException(
                    "no answer from " + source.url() + " within "
                            + source.timeout().toSeconds() + " s",
                    true,
                    e);
        } catch (ConnectException e) {
            throw new FeedFetchException("cannot connect to " + source.url() + " (" + reason(e) + ")", false, e);
        } catch (SSLException e) {
            throw new FeedFetchException(
                    "TLS with " + source.url() + " failed (" + reason(e)
                            + "); set validate_server_cert to false for a server with a self-signed certificate",
                    false,
                    e);
        } catch (IOException e) {
            throw new FeedFetchException("cannot fetch " + source.url() + " (" + reason(e) + ")", false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedFetchException("interrupted while fetching " + source.url(), false, e);
        }
        try (InputStream raw = response.body()) {
            if (response.statusCode() != 200) {
                throw new FeedFetchException("HTTP " + response.statusCode() + " from " + source.url(), false, null);
            }
            boolean gzip = response.headers()
                    .firstValue("Content-Encoding")
                    .filter("gzip"::equalsIgnoreCase)
                    .isPresent();
            try (InputStream body = tee(gzip ? new GZIPInputStream(raw) : raw, copy)) {
                return FeedParser.parse(body, sink);
            }
        } catch (HttpTimeoutException e) {
            throw new FeedFetchException(
                    source.url() + " stopped answering within "
                            + source.timeout().toSeconds() + " s",
                    true,
                    e);
        } catch (IOException e) {
            throw new FeedFetchException("reading " + source.url() + " failed (" + reason(e) + ")", false, e);
        }
    }

    private static FeedParser.Summary fetchFile(FeedSource source, FeedParser.ReportSink sink, OutputStream copy)
            throws FeedFetchException, InvalidFeedException {
        Path path = Path.of(source.url());
        try (InputStream in = tee(Files.newInputStream(path), copy)) {
            return FeedParser.parse(in, sink);
        } catch (NoSuchFileException e) {
            throw new FeedFetchException("no file " + path, false, e);
        } catch (IOException e) {
            throw new FeedFetchException("cannot read " + path + " (" + reason(e) + ")", false, e);
        }
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

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Accepts any certificate and host name: what {@code validate_server_cert: false} asks for. */
    private static SSLContext trustAll() {
        TrustManager tm = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {tm}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK", e);
        }
    }
}
