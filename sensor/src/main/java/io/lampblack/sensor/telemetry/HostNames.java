package io.lampblack.sensor.telemetry;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The names a connection's remote address is known by. The sensor does not see DNS traffic (it captures no packets),
 * so the only names it can tell honestly are those of the hosts file: the first name given for each address, read
 * again when the file changes. Every other connection goes without a name ({@code utf8_netpath} absent).
 */
final class HostNames {

    private final Path hosts;
    private Map<InetAddress, String> names = Map.of();
    private long modified = Long.MIN_VALUE;

    HostNames(Path hosts) {
        this.hosts = hosts;
    }

    synchronized String nameOf(InetAddress address) {
        reloadIfChanged();
        return names.getOrDefault(address, "");
    }

    private void reloadIfChanged() {
        long m;
        try {
            m = Files.getLastModifiedTime(hosts).toMillis();
        } catch (IOException e) {
            names = Map.of();
            return;
        }
        if (m == modified) {
            return;
        }
        modified = m;
        Map<InetAddress, String> out = new HashMap<>();
        try {
            for (String line : Files.readAllLines(hosts)) {
                int hash = line.indexOf('#');
                String[] f = (hash < 0 ? line : line.substring(0, hash)).trim().split("\\s+");
                if (f.length >= 2) {
                    try {
                        out.putIfAbsent(InetAddress.ofLiteral(f[0]), f[1]);
                    } catch (IllegalArgumentException ignored) {
                        // not an address literal
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // keep what was read
        }
        names = out;
    }
}
