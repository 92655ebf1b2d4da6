package io.lampblack.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder a test can cut: {@link #cut()} closes the listening socket and every forwarded connection (the
 * target looks down: connections refused), {@link #restore()} listens on the same port again. Lets a test simulate an
 * outage of a shared server (Redis) without touching it.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private int port;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        listen(0);
    }

    public int port() {
        return port;
    }

    private synchronized void listen(int onPort) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
        port = s.getLocalPort();
        listener = s;
        Thread.ofPlatform().daemon(true).name("tcp-proxy-accept").start(() -> accept(s));
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket upstream = new Socket();
                upstream.connect(target, 5_000);
                sockets.add(client);
                sockets.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                // closed by cut(), or one connection failed: the next accept decides
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread.ofPlatform().daemon(true).name("tcp-proxy-pipe").start(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    /** The outage: nothing listens any more and every connection through the proxy is closed. */
    public synchronized void cut() throws IOException {
        listener.close();
        for (Socket s : sockets) closeQuietly(s);
        sockets.clear();
    }

    /** The end of the outage: listening on the same port again. */
    public synchronized void restore() throws IOException {
        listen(port);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
