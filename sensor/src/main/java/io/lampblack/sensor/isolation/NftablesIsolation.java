package io.lampblack.sensor.isolation;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Host isolation with nftables: a table of its own ({@value #TABLE}) whose chains stop everything but
 *
 * <ul>
 *   <li>loopback (the sensor's own services, and a server on the same machine);
 *   <li>TCP to each address of the server (its name resolved at every {@link #isolate}) on the server's port;
 *   <li>DNS to the name servers of {@code /etc/resolv.conf} only (UDP and TCP, which answers too long for UDP
 *       need), so that the server stays reachable by name; when that names only a local resolver (unbound,
 *       dnsmasq) whose upstream servers the sensor cannot find, DNS to any address (see {@link Dns}); DHCP as a
 *       client (out from port 68 to 67 and 546 to 547,
 *       in only to 68 and 546), so that the address lease is kept; and ICMP, as Carbon Black's isolation allows;
 *   <li>any traffic to and from the group's isolation exclusions (addresses or CIDR blocks; host names are resolved
 *       when isolating).
 * </ul>
 *
 * <p>What comes in is dropped unless it answers a connection the host opened under these rules (conntrack reply
 * direction) or comes from an exclusion; a connection someone opened into the host before the isolation gets
 * nothing more in. What the host sends otherwise is refused at once (a TCP reset, or ICMP "administratively
 * prohibited"), so that its programs fail fast rather than hang. Nothing is forwarded: containers and virtual
 * machines routed through the host are cut off with it (guests bridged at layer 2 onto the host's network card pass
 * below nftables' inet hooks and are not).
 *
 * <p>The table is replaced in one nftables transaction (an isolation never leaves a half-written rule set), so
 * isolating again is atomic and idempotent: the agent calls {@link #isolate} again at each check-in while isolated,
 * which follows the server's addresses and the name servers when they change. Un-isolating deletes the table, which
 * touches no other table of the host. The table outlives the sensor process, so {@link #isolated()} asks nftables
 * rather than remembering.
 */
public final class NftablesIsolation implements HostIsolation {

    /** The nftables table (family {@code inet}: IPv4 and IPv6 in one). */
    public static final String TABLE = "lampblack_isolation";

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
    /** Where systemd-resolved lists the servers behind its stub at 127.0.0.53. */
    private static final Path RESOLVED_UPSTREAM = Path.of("/run/systemd/resolve/resolv.conf");

    private final List<String> prefix;
    private final List<Path> resolverFiles;
    private final Duration commandTimeout;
    private volatile boolean supported;

    /** Isolation of this host: {@code nft} as found on the PATH. */
    public NftablesIsolation() {
        this(List.of());
    }

    /**
     * Isolation run through a command prefix: tests pass {@code ip netns exec <namespace>} so that only a network
     * namespace they created is ever isolated.
     */
    public NftablesIsolation(List<String> commandPrefix) {
        this(commandPrefix, List.of(RESOLV_CONF, RESOLVED_UPSTREAM));
    }

    /**
     * As {@link #NftablesIsolation(List)}, with the resolver configuration read from {@code resolverFiles} (the
     * first, and the others only when the first names a loopback stub such as systemd-resolved's).
     */
    public NftablesIsolation(List<String> commandPrefix, List<Path> resolverFiles) {
        this(commandPrefix, resolverFiles, COMMAND_TIMEOUT);
    }

    /** Tests shorten how long an nft command may take before it is killed. */
    NftablesIsolation(List<String> commandPrefix, List<Path> resolverFiles, Duration commandTimeout) {
        this.prefix = List.copyOf(commandPrefix);
        this.resolverFiles = List.copyOf(resolverFiles);
        this.commandTimeout = commandTimeout;
    }

    /**
     * True when {@code nft} exists and this process may read the rule set (it runs as root or with CAP_NET_ADMIN).
     * Only a yes is remembered: nftables installed, or a capability granted, later is noticed.
     */
    @Override
    public boolean supported() {
        if (!supported) supported = run(List.of("nft", "list", "tables"), null).ok();
        return supported;
    }

    @Override
    public Outcome isolate(InetSocketAddress server, List<String> exclusions) {
        if (!supported()) return new Outcome(false, "isolation not supported: nft is missing or not permitted");
        if (server == null) return new Outcome(false, "no server address to keep reachable");
        List<String> notes = new ArrayList<>();
        Set<InetAddress> serverAddresses = new LinkedHashSet<>();
        if (!server.isUnresolved()) serverAddresses.add(server.getAddress());
        try {
            // every address of the name, not only the one connected to now: the client may pick another next time
            serverAddresses.addAll(List.of(InetAddress.getAllByName(server.getHostString())));
        } catch (UnknownHostException e) {
            if (serverAddresses.isEmpty()) {
                return new Outcome(false, "cannot resolve the server " + server.getHostString() + ": not isolated");
            }
            notes.add("the server's name did not resolve now; kept its address " + addressList(serverAddresses));
        }
        List<String> excluded = new ArrayList<>();
        for (String e : exclusions == null ? List.<String>of() : exclusions) {
            try {
                excluded.addAll(exclusion(e));
            } catch (IllegalArgumentException | UnknownHostException bad) {
                notes.add("exclusion '" + e + "' ignored: " + bad.getMessage());
            }
        }
        Dns dns = dns();
        String rules = ruleset(List.copyOf(serverAddresses), server.getPort(), excluded, dns);
        Result r = run(List.of("nft", "-f", "-"), rules);
        if (!r.ok())
            return new Outcome(
                    false, "nft refused the isolation rules: " + r.output().strip());
        StringBuilder msg =
                new StringBuilder("isolated; reachable: " + addressList(serverAddresses) + " port " + server.getPort());
        if (dns.anywhere()) {
            msg.append(", DNS to any address (UDP port 53: the local resolver's upstream servers are unknown)");
        } else if (!dns.servers().isEmpty()) {
            msg.append(", DNS ").append(addressList(dns.servers()));
        }
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

    /**
     * Where DNS may go: to {@code servers}, or, with {@code anywhere}, to port 53 of any address. The latter when the
     * host's resolver is local (a loopback name server: unbound, dnsmasq) and its upstream servers are nowhere this
     * sensor looks: that resolver asks servers the rules would otherwise cut off, and the server's name would stop
     * resolving. Only port 53 is opened; telling the resolver's own queries apart (by its user, {@code meta skuid})
     * is not reliable across resolvers, so any process may use it while isolated.
     */
    record Dns(List<InetAddress> servers, boolean anywhere) {}

    /**
     * The name servers DNS may go to: those of the first resolver file; when it names a loopback stub (which the
     * loopback rule already lets through), also those of the others, the stub's upstream servers.
     */
    List<InetAddress> nameServers() {
        return dns().servers();
    }

    Dns dns() {
        Set<InetAddress> out = new LinkedHashSet<>();
        for (int i = 0; i < resolverFiles.size(); i++) {
            if (i > 0 && out.stream().noneMatch(InetAddress::isLoopbackAddress)) break;
            out.addAll(nameServers(resolverFiles.get(i)));
        }
        boolean local = out.stream().anyMatch(InetAddress::isLoopbackAddress);
        out.removeIf(InetAddress::isLoopbackAddress);
        return new Dns(List.copyOf(out), local && out.isEmpty());
    }

    static List<InetAddress> nameServers(Path resolvConf) {
        List<InetAddress> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(resolvConf);
        } catch (IOException | RuntimeException e) {
            return out;
        }
        for (String line : lines) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2 || !f[0].equals("nameserver")) continue;
            String addr = f[1].replaceAll("%.*$", "");
            // literals only: a name here would need the DNS it is meant to allow
            if (!addr.matches("[0-9A-Fa-f.:]+")) continue;
            try {
                out.add(InetAddress.getByName(addr));
            } catch (UnknownHostException ignored) {
                // not an address after all
            }
        }
        return out;
    }

    /** The whole table, written so that nft replaces an existing one in the same transaction. */
    static String ruleset(List<InetAddress> server, int port, List<String> excluded, Dns dns) {
        StringBuilder in = new StringBuilder();
        StringBuilder out = new StringBuilder();
        for (InetAddress a : server) {
            out.append("    ")
                    .append(family(a))
                    .append(" daddr ")
                    .append(literal(a))
                    .append(" tcp dport ")
                    .append(port)
                    .append(" accept\n");
        }
        // UDP only: a TCP connection to port 53 anywhere would be a full channel out of an isolated host.
        if (dns.anywhere()) out.append("    udp dport 53 accept\n");
        for (InetAddress ns : dns.servers()) {
            for (String proto : List.of("udp", "tcp")) {
                out.append("    ")
                        .append(family(ns))
                        .append(" daddr ")
                        .append(literal(ns))
                        .append(' ')
                        .append(proto)
                        .append(" dport 53 accept\n");
            }
        }
        for (String e : excluded) {
            String fam = e.contains(":") ? "ip6" : "ip";
            out.append("    ").append(fam).append(" daddr ").append(e).append(" accept\n");
            in.append("    ").append(fam).append(" saddr ").append(e).append(" accept\n");
        }
        return "table inet " + TABLE + "\n"
                + "delete table inet " + TABLE + "\n"
                + "table inet " + TABLE + " {\n"
                + "  chain input {\n"
                + "    type filter hook input priority filter - 10; policy drop;\n"
                + "    iif \"lo\" accept\n"
                // answers to what the output chain let out (the server, DNS); not a connection opened from outside
                + "    ct direction reply ct state established,related accept\n"
                + "    meta l4proto { icmp, ipv6-icmp } accept\n"
                // a DHCP server's offers and acks, which conntrack cannot match to the broadcast that asked
                + "    udp sport 67 udp dport 68 accept\n"
                + "    udp sport 547 udp dport 546 accept\n"
                + in
                + "  }\n"
                + "  chain forward {\n"
                + "    type filter hook forward priority filter - 10; policy drop;\n"
                // routed guests learn at once that they are cut off
                + "    meta l4proto tcp reject with tcp reset\n"
                + "    reject with icmpx admin-prohibited\n"
                + "  }\n"
                + "  chain output {\n"
                + "    type filter hook output priority filter - 10; policy drop;\n"
                + "    oif \"lo\" accept\n"
                + "    meta l4proto { icmp, ipv6-icmp } accept\n"
                + "    udp sport 68 udp dport 67 accept\n"
                + "    udp sport 546 udp dport 547 accept\n"
                + out
                // the host's own programs learn at once that they are cut off, instead of hanging in retries
                + "    meta l4proto tcp reject with tcp reset\n"
                + "    reject with icmpx admin-prohibited\n"
                + "  }\n"
                + "}\n";
    }

    private static String family(InetAddress a) {
        return a instanceof Inet6Address ? "ip6" : "ip";
    }

    private static String literal(InetAddress a) {
        return a.getHostAddress().replaceAll("%.*$", "");
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

    private static String addressList(java.util.Collection<InetAddress> as) {
        return String.join(" ", as.stream().map(InetAddress::getHostAddress).toList());
    }

    private record Result(boolean ok, String output) {}

    /**
     * Runs nft with its input and output in files, so that a hung nft can block neither a write nor a read: the
     * wait is bounded and a command that did not finish is killed.
     */
    private Result run(List<String> command, String stdin) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command);
        List<Path> temporary = new ArrayList<>();
        try {
            Path output = Files.createTempFile("lampblack-nft-", ".out");
            temporary.add(output);
            ProcessBuilder pb =
                    new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile());
            if (stdin != null) {
                Path input = Files.createTempFile("lampblack-nft-", ".in");
                temporary.add(input);
                Files.writeString(input, stdin, StandardCharsets.UTF_8);
                pb.redirectInput(input.toFile());
            } else {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process p = pb.start();
            if (!p.waitFor(commandTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(false, String.join(" ", argv) + " did not finish in " + commandTimeout);
            }
            return new Result(p.exitValue() == 0, Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(false, String.join(" ", argv) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        } finally {
            for (Path t : temporary) {
                try {
                    Files.deleteIfExists(t);
                } catch (IOException ignored) {
                    // a leftover temporary file, named for what it is
                }
            }
        }
    }
}
