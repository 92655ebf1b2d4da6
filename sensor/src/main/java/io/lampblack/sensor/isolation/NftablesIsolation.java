package io.lampblack.sensor.isolation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Host isolation with nftables: a table of its own ({@value #TABLE}) whose chains stop everything but
 *
 * <ul>
 *   <li>loopback (the sensor's own services, and a server on the same machine);
 *   <li>TCP to the server's address and port, and the replies to it;
 *   <li>DNS (53), DHCP (67/68, and 546/547 for IPv6) and ICMP, as Carbon Black's isolation allows, so that the
 *       server stays reachable by name and the address lease is kept;
 *   <li>any traffic to and from the group's isolation exclusions (addresses or CIDR blocks; host names are resolved
 *       when isolating).
 * </ul>
 *
 * <p>What comes in otherwise is dropped; what the host sends otherwise is refused at once (a TCP reset, or ICMP
 * "administratively prohibited"), so that its programs fail fast rather than hang.
 *
 * <p>The table is replaced in one nftables transaction (an isolation never leaves a half-written rule set), and
 * un-isolating deletes it, which touches no other table of the host. The table outlives the sensor process, so
 * {@link #isolated()} asks nftables rather than remembering.
 */
public final class NftablesIsolation implements HostIsolation {

    /** The nftables table (family {@code inet}: IPv4 and IPv6 in one). */
    public static final String TABLE = "lampblack_isolation";

    private static final long COMMAND_SECONDS = 30;

    private final List<String> prefix;
    private volatile Boolean supported;

    /** Isolation of this host: {@code nft} as found on the PATH. */
    public NftablesIsolation() {
        this(List.of());
    }

    /**
     * Isolation run through a command prefix: tests pass {@code ip netns exec <namespace>} so that only a network
     * namespace they created is ever isolated.
     */
    public NftablesIsolation(List<String> commandPrefix) {
        this.prefix = List.copyOf(commandPrefix);
    }

    /** True when {@code nft} exists and this process may read the rule set (it runs as root or with CAP_NET_ADMIN). */
    @Override
    public boolean supported() {
        Boolean s = supported;
        if (s == null) {
            s = run(List.of("nft", "list", "tables"), null).ok();
            supported = s;
        }
        return s;
    }

    @Override
    public Outcome isolate(InetSocketAddress server, List<String> exclusions) {
        if (!supported()) return new Outcome(false, "isolation not supported: nft is missing or not permitted");
        if (server == null) return new Outcome(false, "no server address to keep reachable");
        List<String> notes = new ArrayList<>();
        List<InetAddress> serverAddresses;
        try {
            serverAddresses = server.isUnresolved()
                    ? List.of(InetAddress.getAllByName(server.getHostString()))
                    : List.of(server.getAddress());
        } catch (UnknownHostException e) {
            return new Outcome(false, "cannot resolve the server " + server.getHostString() + ": not isolated");
        }
        List<String> excluded = new ArrayList<>();
        for (String e : exclusions == null ? List.<String>of() : exclusions) {
            try {
                excluded.addAll(exclusion(e));
            } catch (IllegalArgumentException | UnknownHostException bad) {
                notes.add("exclusion '" + e + "' ignored: " + bad.getMessage());
            }
        }
        String rules = ruleset(serverAddresses, server.getPort(), excluded);
        Result r = run(List.of("nft", "-f", "-"), rules);
        if (!r.ok())
            return new Outcome(
                    false, "nft refused the isolation rules: " + r.output().strip());
        StringBuilder msg =
                new StringBuilder("isolated; reachable: " + addressList(serverAddresses) + " port " + server.getPort());
        if (!excluded.isEmpty()) msg.append(", exclusions ").append(String.join(" ", excluded));
        for (String n : notes) msg.append("; ").append(n);
        return new Outcome(true, msg.toString());
    }

    @Override
    public Outcome unisolate() {
        if (!supported()) return new Outcome(false, "isolation not supported: nft is missing or not permitted");
        if (!isolated()) return new Outcome(true, "not isolated");
        Result r = run(List.of("nft", "delete", "table", "inet", TABLE), null);
        if (!r.ok() && isolated())
            return new Outcome(
                    false, "nft could not remove the isolation: " + r.output().strip());
        return new Outcome(true, "isolation lifted");
    }

    @Override
    public boolean isolated() {
        return supported()
                && run(List.of("nft", "list", "table", "inet", TABLE), null).ok();
    }

    /** The whole table, written so that nft replaces an existing one in the same transaction. */
    static String ruleset(List<InetAddress> server, int port, List<String> excluded) {
        StringBuilder in = new StringBuilder();
        StringBuilder out = new StringBuilder();
        for (InetAddress a : server) {
            String fam = a instanceof Inet6Address ? "ip6" : "ip";
            String host = a.getHostAddress().replaceAll("%.*$", "");
            out.append("    ")
                    .append(fam)
                    .append(" daddr ")
                    .append(host)
                    .append(" tcp dport ")
                    .append(port)
                    .append(" accept\n");
            in.append("    ")
                    .append(fam)
                    .append(" saddr ")
                    .append(host)
                    .append(" tcp sport ")
                    .append(port)
                    .append(" ct state established,related accept\n");
        }
        for (String e : excluded) {
            String fam = e.contains(":") ? "ip6" : "ip";
            out.append("    ").append(fam).append(" daddr ").append(e).append(" accept\n");
            in.append("    ").append(fam).append(" saddr ").append(e).append(" accept\n");
        }
        String common = """
                    meta l4proto { icmp, ipv6-icmp } accept
                """;
        return "table inet " + TABLE + "\n"
                + "delete table inet " + TABLE + "\n"
                + "table inet " + TABLE + " {\n"
                + "  chain input {\n"
                + "    type filter hook input priority filter - 10; policy drop;\n"
                + "    iif \"lo\" accept\n"
                + common
                + "    udp sport 53 accept\n"
                + "    tcp sport 53 ct state established accept\n"
                + "    udp dport { 67, 68, 546, 547 } accept\n"
                + in
                + "  }\n"
                + "  chain output {\n"
                + "    type filter hook output priority filter - 10; policy drop;\n"
                + "    oif \"lo\" accept\n"
                + common
                + "    udp dport 53 accept\n"
                + "    tcp dport 53 accept\n"
                + "    udp dport { 67, 68, 546, 547 } accept\n"
                + out
                // the host's own programs learn at once that they are cut off, instead of hanging in retries
                + "    meta l4proto tcp reject with tcp reset\n"
                + "    reject with icmpx admin-prohibited\n"
                + "  }\n"
                + "}\n";
    }

    /** An exclusion as nftables takes it: an address or a CIDR block; a host name becomes its addresses. */
    static List<String> exclusion(String text) throws UnknownHostException {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) throw new IllegalArgumentException("empty");
        String host = t;
        Integer prefixLength = null;
        int slash = t.indexOf('/');
        if (slash >= 0) {
            host = t.substring(0, slash);
            try {
                prefixLength = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a prefix length: " + t.substring(slash + 1));
            }
        }
        if (!host.matches("[0-9A-Za-z.:_-]+")) throw new IllegalArgumentException("not an address or host name");
        List<String> out = new ArrayList<>();
        for (InetAddress a : InetAddress.getAllByName(host)) {
            int max = a instanceof Inet4Address ? 32 : 128;
            if (prefixLength != null && (prefixLength < 0 || prefixLength > max)) {
                throw new IllegalArgumentException("prefix length " + prefixLength + " out of range");
            }
            String addr = a.getHostAddress().replaceAll("%.*$", "");
            out.add(prefixLength == null ? addr : network(a, prefixLength) + "/" + prefixLength);
        }
        return out;
    }

    /** nftables refuses a CIDR block with host bits set, so they are cleared. */
    private static String network(InetAddress a, int prefixLength) throws UnknownHostException {
        byte[] b = a.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            b[i] &= (byte) (0xFF << (8 - keep));
        }
        return InetAddress.getByAddress(b).getHostAddress();
    }

    private static String addressList(List<InetAddress> as) {
        return String.join(" ", as.stream().map(InetAddress::getHostAddress).toList());
    }

    private record Result(boolean ok, String output) {}

    private Result run(List<String> command, String stdin) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command);
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String output;
            try (InputStream o = p.getInputStream()) {
                output = new String(o.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(false, String.join(" ", argv) + " did not finish");
            }
            return new Result(p.exitValue() == 0, output);
        } catch (IOException e) {
            return new Result(false, String.join(" ", argv) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
    }
}
