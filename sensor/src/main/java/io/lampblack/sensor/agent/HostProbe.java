package io.lampblack.sensor.agent;

import io.lampblack.protocol.sensor.SensorProtocol.HostStatus;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The facts of this Linux host a sensor reports: read from {@code /proc}, the root file system, the network
 * interfaces and {@code /etc/os-release} each time they are asked for (they change: memory is added, addresses come
 * and go). A fact that cannot be read is left out (the server keeps the last one reported).
 */
final class HostProbe {

    static final String BUILD_VERSION = "lampblack-sensor 0.1 (linux)";

    private final Path proc;
    private final Path etc;

    HostProbe() {
        this(Path.of("/proc"), Path.of("/etc"));
    }

    HostProbe(Path proc, Path etc) {
        this.proc = proc;
        this.etc = etc;
    }

    RegisterRequest registration(int groupId) {
        String host = hostname();
        return new RegisterRequest(
                host, dnsName(host), "linux", "server", osDescription(), networkAdapters(), BUILD_VERSION, groupId);
    }

    /** The host's part of a check-in's status; the sensor adds its own counts. */
    HostStatus status(long sensorUptimeSeconds, Spooled spooled, boolean isolated, boolean liveResponse, Drops drops) {
        Long total = null;
        Long free = null;
        try {
            // statvfs(2) of the root file system.
            FileStore root = Files.getFileStore(Path.of("/"));
            total = root.getTotalSpace();
            free = root.getUsableSpace();
        } catch (IOException e) {
            // left out
        }
        return new HostStatus(
                networkAdapters(),
                osDescription(),
                uptimeSeconds(),
                sensorUptimeSeconds,
                total,
                free,
                memoryBytes(),
                BUILD_VERSION,
                System.currentTimeMillis(),
                spooled.logs(),
                spooled.bytes(),
                0L,
                0L,
                isolated,
                liveResponse,
                drops.events(),
                drops.eventLogs());
    }

    /** What the spool holds. */
    record Spooled(long logs, long bytes) {}

    /** What the sensor dropped since it was installed. */
    record Drops(long events, long eventLogs) {}

    String hostname() {
        String h = firstLine(proc.resolve("sys/kernel/hostname"));
        if (h != null && !h.isBlank()) return h.strip();
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String dnsName(String host) {
        try {
            String dns = InetAddress.getLocalHost().getCanonicalHostName();
            return dns.isBlank() ? host : dns.toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return host;
        }
    }

    /** {@code PRETTY_NAME} of os-release and the kernel's release, e.g. "Ubuntu 24.04.1 LTS (kernel 6.8.0-45)". */
    String osDescription() {
        String pretty = null;
        try {
            for (String line : Files.readAllLines(etc.resolve("os-release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("PRETTY_NAME=")) {
                    pretty = line.substring("PRETTY_NAME=".length())
                            .replace("\"", "")
                            .strip();
                }
            }
        } catch (IOException e) {
            // no os-release: the kernel alone
        }
        String kernel = firstLine(proc.resolve("sys/kernel/osrelease"));
        if (kernel == null) kernel = System.getProperty("os.version");
        return (pretty == null ? "Linux" : pretty) + " (kernel " + kernel.strip() + ")";
    }

    /** Seconds since boot: the first number of /proc/uptime. */
    Long uptimeSeconds() {
        String line = firstLine(proc.resolve("uptime"));
        if (line == null) return null;
        try {
            return (long) Double.parseDouble(line.split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** MemTotal of /proc/meminfo, in bytes. */
    Long memoryBytes() {
        try {
            for (String line : Files.readAllLines(proc.resolve("meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemTotal:")) {
                    String[] parts = line.substring(9).strip().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // left out
        }
        return null;
    }

    /**
     * {@code "ip,mac|ip,mac|"} of the interfaces that are up, loopback left out; null (left out of the status, so
     * the server keeps what it knew) when none could be listed.
     */
    static String networkAdapters() {
        StringBuilder b = new StringBuilder();
        try {
            for (NetworkInterface ni : NetworkInterface.networkInterfaces().toList()) {
                if (!ni.isUp() || ni.isLoopback()) continue;
                byte[] mac = ni.getHardwareAddress();
                String hex = mac == null ? "000000000000" : HexFormat.of().formatHex(mac);
                for (InetAddress a : ni.inetAddresses().toList()) {
                    if (a.isLinkLocalAddress()) continue;
                    b.append(a.getHostAddress().replaceAll("%.*$", ""))
                            .append(',')
                            .append(hex)
                            .append('|');
                }
            }
        } catch (IOException e) {
            // left out below
        }
        return b.isEmpty() ? null : b.toString();
    }

    private static String firstLine(Path p) {
        try {
            List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            return lines.isEmpty() ? null : lines.getFirst();
        } catch (IOException e) {
            return null;
        }
    }
}
