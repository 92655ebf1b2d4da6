package io.lampblack.server.api;

import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * TLS whose handshake must be over within a deadline: a connection that never sends a ClientHello, or dribbles one
 * out a byte at a time (which an idle timeout alone would forgive), is closed when the deadline passes. Once the
 * handshake is done the connection gets the ordinary idle timeout.
 */
final class HandshakeDeadlineSslFactory extends SslConnectionFactory {

    private final long handshakeMillis;
    private final long idleMillis;

    HandshakeDeadlineSslFactory(
            SslContextFactory.Server ssl, String nextProtocol, long handshakeMillis, long idleMillis) {
        super(ssl, nextProtocol);
        this.handshakeMillis = handshakeMillis;
        this.idleMillis = idleMillis;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        Connection connection = super.newConnection(connector, endPoint);
        endPoint.setIdleTimeout(Math.min(handshakeMillis, idleMillis));
        Scheduler.Task deadline = connector
                .getScheduler()
                .schedule(() -> endPoint.close(new HandshakeTimeout()), handshakeMillis, TimeUnit.MILLISECONDS);
        connection.addEventListener(new Connection.Listener() {
            @Override
            public void onClosed(Connection closed) {
                deadline.cancel();
            }
        });
        if (connection instanceof SslConnection tls) {
            tls.addHandshakeListener(new SslHandshakeListener() {
                @Override
                public void handshakeSucceeded(Event event) {
                    deadline.cancel();
                    endPoint.setIdleTimeout(idleMillis);
                }

                @Override
                public void handshakeFailed(Event event, Throwable failure) {
                    deadline.cancel();
                }
            });
        }
        return connection;
    }

    /** Why a connection was closed; Jetty logs it at debug only. */
    private static final class HandshakeTimeout extends java.util.concurrent.TimeoutException {
        HandshakeTimeout() {
            super("TLS handshake not completed in time");
        }
    }
}
