package io.lampblack.sensor.isolation;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes for the isolation test, run inside a namespace the test created:
 *
 * <ul>
 *   <li>{@code listen TCP_PORT UDP_PORT...}: says "listening", then prints "tcp FROM" for every accepted connection
 *       and "udp FROM PAYLOAD" for every datagram. A datagram with payload "marker" is printed only after every
 *       datagram already queued on any port, so that a test which sent its probes first and the marker last (from
 *       the same peer, over the same link, in that order) knows that whatever was not printed before the marker
 *       did not arrive.
 *   <li>{@code udp FROM_ADDRESS FROM_PORT TO_ADDRESS TO_PORT PAYLOAD}: sends one datagram.
 *   <li>{@code connect FROM_ADDRESS TO_ADDRESS TO_PORT}: exits 0 when the connection is accepted.
 * </ul>
 */
public final class NetProbe {

    private NetProbe() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "listen" -> listen(args);
            case "udp" -> {
                try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
                    ch.bind(new InetSocketAddress(InetAddress.getByName(args[1]), Integer.parseInt(args[2])));
                    ch.send(
                            ByteBuffer.wrap(args[5].getBytes(StandardCharsets.UTF_8)),
                            new InetSocketAddress(args[3], Integer.parseInt(args[4])));
                }
            }
            case "connect" -> {
                try (Socket s = new Socket()) {
                    s.bind(new InetSocketAddress(InetAddress.getByName(args[1]), 0));
                    // a dropped SYN never connects; the limit only ends the probe
                    s.connect(new InetSocketAddress(args[2], Integer.parseInt(args[3])), 3000);
                } catch (java.io.IOException e) {
                    System.exit(1);
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void listen(String[] args) throws Exception {
        ServerSocket tcp = new ServerSocket(Integer.parseInt(args[1]));
        Thread.ofPlatform().start(() -> {
            while (true) {
                try (Socket s = tcp.accept()) {
                    print("tcp " + s.getInetAddress().getHostAddress());
                } catch (Exception e) {
                    return;
                }
            }
        });
        Selector selector = Selector.open();
        List<DatagramChannel> channels = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
            ch.bind(new InetSocketAddress(Integer.parseInt(args[i])));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            channels.add(ch);
        }
        print("listening");
        ByteBuffer buf = ByteBuffer.allocate(2048);
        while (true) {
            selector.select();
            selector.selectedKeys().clear();
            int markers = 0;
            boolean any = true;
            while (any) { // drain every port before a marker is told
                any = false;
                for (DatagramChannel ch : channels) {
                    buf.clear();
                    InetSocketAddress from = (InetSocketAddress) ch.receive(buf);
                    if (from == null) continue;
                    any = true;
                    String payload = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
                    if (payload.equals("marker")) markers++;
                    else print("udp " + from.getAddress().getHostAddress() + ":" + from.getPort() + " " + payload);
                }
            }
            for (int i = 0; i < markers; i++) print("udp marker");
        }
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
