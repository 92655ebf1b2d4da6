package io.lampblack.server.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * HTTP/1.1 written by hand over TLS (or bare TCP), for requests no well-behaved client sends: bytes that are not
 * UTF-8 in a path, a body sent whole although the server has answered, a connection that never says anything.
 */
public final class RawHttps {

    private RawHttps() {}

    /** A TLS connection to the server, its certificate taken on trust (the test's own server), handshake done. */
    public static SSLSocket open(URI server, int readTimeoutMillis) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new TrustAll()}, null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(server.getHost(), server.getPort());
        s.setSoTimeout(readTimeoutMillis);
        s.startHandshake();
        return s;
    }

    /** A plain TCP connection to the server's port that sends nothing (no TLS ClientHello). */
    public static Socket bare(URI server, int readTimeoutMillis) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(server.getHost(), server.getPort()), 10_000);
        s.setSoTimeout(readTimeoutMillis);
        return s;
    }

    /**
     * Whether the server has closed the connection: a read sees the end of the stream (or a reset) before the
     * socket's read timeout; false if the connection was still open when the timeout passed.
     */
    public static boolean closedByServer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            while (true) {
                int b = in.read();
                if (b < 0) return true;
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** A response as read off the wire: status line, headers and body (Content-Length bodies only). */
    public record Response(int status, String head, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Reads one response. */
    public static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed before the response head ended: " + head);
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(h.substring(9, 12));
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15))
                length = Integer.parseInt(line.substring(15).trim());
        }
        return new Response(status, h, in.readNBytes(length));
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
