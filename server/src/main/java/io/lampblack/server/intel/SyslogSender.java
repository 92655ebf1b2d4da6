package io.lampblack.server.intel;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Syslog actions (type 1): each hit's notification as one RFC 3164 line (facility local0, severity warning, tag
 * {@code lampblack}, the notification's JSON) to {@code --syslog-target udp://host:514} or {@code tcp://host:port}
 * (newline-framed). A UDP datagram holds at most 64 KB: big coalesced hits need TCP.
 */
final class SyslogSender {

    private static final DateTimeFormatter SYSLOG_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    private final String target;

    /**
     * @param target {@code udp://host:port} or {@code tcp://host:port}; empty: syslog actions fail
     * @throws IllegalArgumentException for a malformed target (the server does not start)
     */
    SyslogSender(String target) {
        this.target = target;
        if (!target.isEmpty()) address(target); // a bad setting fails at start, not at the first hit
    }

    void send(String what, byte[] notification) throws IOException {
        if (target.isEmpty()) throw new ActionMisconfigured("no --syslog-target is configured");
        InetSocketAddress address = address(target); // resolved at each send: the collector may move
        String line = "<" + (16 * 8 + 4) + ">" + SYSLOG_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + " lampblack "
                + "lampblack: " + what + " " + new String(notification, StandardCharsets.UTF_8);
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (target.startsWith("udp://")) {
            try (DatagramSocket s = new DatagramSocket()) {
                s.send(new DatagramPacket(bytes, bytes.length, address));
            }
        } else {
            try (Socket s = new Socket()) {
                s.connect(address, 5_000);
                OutputStream out = s.getOutputStream();
                out.write(bytes);
                out.write('\n');
                out.flush();
            }
        }
    }

    private static InetSocketAddress address(String setting) {
        URI u = URI.create(setting);
        if (!("udp".equals(u.getScheme()) || "tcp".equals(u.getScheme())) || u.getHost() == null || u.getPort() <= 0) {
            throw new IllegalArgumentException(
                    "syslog target must be udp://host:port or tcp://host:port, not " + setting);
        }
        return new InetSocketAddress(u.getHost(), u.getPort());
    }
}
