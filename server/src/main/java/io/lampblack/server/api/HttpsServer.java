package io.lampblack.server.api;

import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Jetty on HTTPS only (Carbon Black clients refuse plain http), handlers on virtual threads. */
public final class HttpsServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    public HttpsServer(String bind, int port, TlsMaterial tls, Router router) {
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
        this.connector =
                new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        connector.setIdleTimeout(300_000);
        server.addConnector(connector);
        server.setHandler(router);
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
