package io.lampblack.sensor.isolation;

import java.net.ServerSocket;
import java.net.Socket;

/**
 * A peer for the isolation test, run inside the peer's network namespace: accepts connections on the given ports
 * and closes them, after saying "listening" once every port is bound.
 */
public final class TcpPeer {

    private TcpPeer() {}

    public static void main(String[] args) throws Exception {
        for (String port : args) {
            ServerSocket server = new ServerSocket(Integer.parseInt(port));
            Thread.ofPlatform().daemon(false).start(() -> {
                while (true) {
                    try (Socket s = server.accept()) {
                        s.getOutputStream().write('!');
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }
        System.out.println("listening");
        System.out.flush();
    }
}
