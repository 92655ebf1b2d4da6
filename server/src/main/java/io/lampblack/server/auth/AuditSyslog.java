package io.lampblack.server.auth;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors audit entries to a syslog collector ({@code --audit-syslog udp://HOST:PORT}), one RFC 5424 message per
 * datagram: facility authpriv (10), severity notice for refusals (4xx/5xx) and informational otherwise, app-name
 * {@code lampblack}, msgid {@code audit}, the entry's fields as structured data {@code [audit@32473 ...]} and its
 * description as the message. UDP may drop messages: the database copy is the record, the mirror a convenience.
 */
public final class AuditSyslog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditSyslog.class);
    private static final int AUTHPRIV = 10;

    private final InetSocketAddress target;
    private final DatagramSocket socket;
    private final String hostname;

    private AuditSyslog(InetSocketAddress target) throws SocketException {
        this.target = target;
        this.socket = new DatagramSocket();
        this.hostname = localHostname();
    }

    /**
     * @param setting {@code udp://HOST:PORT}
     * @throws IllegalArgumentException for anything else (the server does not start)
     */
    public static AuditSyslog open(String setting) {
        URI u;
        try {
            u = URI.create(setting);
        } catch (IllegalArgumentException e) {
            u = null;
        }
        if (u == null || !"udp".equals(u.getScheme()) || u.getHost() == null || u.getPort() <= 0) {
            throw new IllegalArgumentException("setting 'audit-syslog' must be udp://HOST:PORT, not " + setting);
        }
        try {
            return new AuditSyslog(new InetSocketAddress(u.getHost(), u.getPort()));
        } catch (SocketException e) {
            throw new IllegalStateException("cannot open a UDP socket for the audit syslog mirror", e);
        }
    }

    void send(List<AuditLog.Entry> entries) {
        for (AuditLog.Entry e : entries) {
            byte[] b = format(e).getBytes(StandardCharsets.UTF_8);
            try {
                socket.send(new DatagramPacket(b, b.length, target));
            } catch (IOException ex) {
                LOG.warn("audit syslog mirror: cannot send to {}: {}", target, ex.toString());
            }
        }
    }

    String format(AuditLog.Entry e) {
        int severity = e.status() >= 400 ? 5 : 6;
        return "<" + (AUTHPRIV * 8 + severity) + ">1 " + DateTimeFormatter.ISO_INSTANT.format(e.at()) + " " + hostname
                + " lampblack - audit [audit@32473 user=\"" + param(e.username()) + "\" ip=\""
                + param(e.remoteAddress())
                + "\" method=\"" + param(e.method()) + "\" path=\"" + param(e.path()) + "\" status=\"" + e.status()
                + "\"] " + e.description();
    }

    /** RFC 5424 §6.3.3: '"', '\' and ']' are escaped in parameter values. */
    private static String param(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
    }

    private static String localHostname() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h.isBlank() || h.chars().anyMatch(c -> c <= 32 || c > 126) ? "-" : h;
        } catch (UnknownHostException e) {
            return "-";
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
