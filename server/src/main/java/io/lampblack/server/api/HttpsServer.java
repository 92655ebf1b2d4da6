package io.lampblack.server.api;

import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.AcceptRateLimit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty on HTTPS only (Carbon Black clients refuse plain http), handlers on virtual threads, every answer with the
 * {@link SecurityHeaders}.
 */
public final class HttpsServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    /**
     * How long connections may take and how many there may be: a TLS handshake must be over in
     * {@code handshakeSeconds}, a connection with nothing sent or received for {@code idleSeconds} is closed, at most
     * {@code maxConnections} are held (beyond it accepting stops, and idle ones are closed after the handshake time,
     * until some close), and at most {@code maxAcceptRate} are accepted per second (0: no limit).
     */
    public record Connections(int handshakeSeconds, int idleSeconds, int maxConnections, int maxAcceptRate) {}

    public HttpsServer(String bind, int port, TlsMaterial tls, Router router, Connections limits) {
        QueuedThreadPool pool = new QueuedThreadPool(200, 8);
        pool.setName("http");
        // Blocking handlers (journal fsync waits, long-polls later) are cheap on virtual threads.
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        this.server = new Server(pool);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.keyStore());
        ssl.setKeyStorePassword(new String(tls.password()));
        ssl.setCertAlias(TlsMaterial.ALIAS);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        SecureRequestCustomizer src = new SecureRequestCustomizer();
        // Clients reach the server by IP address or by names the operator's certificate may not list.
        src.setSniHostCheck(false);
        http.addCustomizer(src);
        long handshake = limits.handshakeSeconds() * 1000L;
        long idle = limits.idleSeconds() * 1000L;
        this.connector = new ServerConnector(
                server,
                new HandshakeDeadlineSslFactory(ssl, "http/1.1", handshake, idle),
                new HttpConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        connector.setIdleTimeout(idle);
        server.addConnector(connector);
        NetworkConnectionLimit held = new NetworkConnectionLimit(limits.maxConnections(), connector);
        held.setEndPointIdleTimeout(handshake);
        server.addBean(held);
        if (limits.maxAcceptRate() > 0)
            server.addBean(new AcceptRateLimit(limits.maxAcceptRate(), 1, TimeUnit.SECONDS, connector));
        server.setErrorHandler(new JsonErrorHandler());
        server.setHandler(new SecurityHeaders(router));
        server.setStopTimeout(5_000);
    }

    public void start() throws Exception {
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the HTTPS server: " + e.getMessage(), e);
        }
    }
}
