package io.lampblack.sensor.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Isolation against real nftables, only ever inside two network namespaces this test creates: the "host" (where the
 * sensor would run, and where the rules go) and a "peer" namespace holding the server's address and two others on
 * one veth link. The host's own tables are never touched; the test checks that too.
 */
class NftablesIsolationIT {

    private static final String SERVER = "10.231.0.2";
    private static final String EXCLUDED = "10.231.0.3";
    private static final String OTHER = "10.231.0.4";
    private static final String NAMESERVER = "10.231.0.5";
    private static final String HOST = "10.231.0.1";
    private static final String GUEST = "10.232.0.2";
    private static final int LISTEN_TCP = 9002;
    private static final int LISTEN_UDP = 9003;
    private static final int PORT = 9000;
    private static final int OTHER_PORT = 9001;

    private String hostNs;
    private String peerNs;
    private String guestNs;
    private Process peer;
    private Process listener;
    private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    private NftablesIsolation isolation;

    @TempDir
    Path dir;

    @BeforeEach
    void namespaces() throws Exception {
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        hostNs = "lbc-h-" + id;
        peerNs = "lbc-p-" + id;
        assumeTrue(
                run("ip", "netns", "add", hostNs) == 0,
                "skipped: cannot create a network namespace (needs root and iproute2)");
        assumeTrue(run("nft", "--version") == 0, "skipped: nft is not installed (apt-get install nftables)");
        must("ip", "netns", "add", peerNs);
        must("ip", "-n", hostNs, "link", "add", "lbh0", "type", "veth", "peer", "name", "lbp0", "netns", peerNs);
        must("ip", "-n", hostNs, "addr", "add", "10.231.0.1/24", "dev", "lbh0");
        must("ip", "-n", hostNs, "link", "set", "lbh0", "up");
        must("ip", "-n", hostNs, "link", "set", "lo", "up");
        for (String a : List.of(SERVER, EXCLUDED, OTHER, NAMESERVER))
            must("ip", "-n", peerNs, "addr", "add", a + "/24", "dev", "lbp0");
        must("ip", "-n", peerNs, "link", "set", "lbp0", "up");
        must("ip", "-n", peerNs, "link", "set", "lo", "up");
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        peer = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        peerNs,
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        TcpPeer.class.getName(),
                        Integer.toString(PORT),
                        Integer.toString(OTHER_PORT),
                        "53")
                .redirectErrorStream(true)
                .start();
        String line =
                new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertEquals("listening", line);

        // a guest (a container or VM) routed through the host, and a route back to it from the peers
        guestNs = "lbc-g-" + id;
        must("ip", "netns", "add", guestNs);
        must("ip", "-n", hostNs, "link", "add", "lbg0", "type", "veth", "peer", "name", "lbg1", "netns", guestNs);
        must("ip", "-n", hostNs, "addr", "add", "10.232.0.1/24", "dev", "lbg0");
        must("ip", "-n", hostNs, "link", "set", "lbg0", "up");
        must("ip", "-n", guestNs, "addr", "add", GUEST + "/24", "dev", "lbg1");
        must("ip", "-n", guestNs, "link", "set", "lbg1", "up");
        must("ip", "-n", guestNs, "link", "set", "lo", "up");
        must("ip", "-n", guestNs, "route", "add", "default", "via", "10.232.0.1");
        must("ip", "-n", peerNs, "route", "add", "10.232.0.0/24", "via", HOST);
        must("ip", "netns", "exec", hostNs, "sysctl", "-qw", "net.ipv4.ip_forward=1");

        // what listens on the host: a service, a DHCP server's and a DHCP client's ports
        listener = inNamespace(
                        hostNs,
                        NetProbe.class,
                        "listen",
                        Integer.toString(LISTEN_TCP),
                        Integer.toString(LISTEN_UDP),
                        "67",
                        "68")
                .start();
        BufferedReader heardLines =
                new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("listening", heardLines.readLine());
        Thread.ofVirtual().start(() -> {
            try {
                for (String l = heardLines.readLine(); l != null; l = heardLines.readLine()) heard.add(l);
            } catch (IOException ended) {
                // the listener was stopped
            }
        });

        Path resolvConf =
                Files.writeString(dir.resolve("resolv.conf"), "search example\nnameserver " + NAMESERVER + "\n");
        isolation = new NftablesIsolation(List.of("ip", "netns", "exec", hostNs), List.of(resolvConf));
    }

    private ProcessBuilder inNamespace(String ns, Class<?> main, String... args) {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> argv = new ArrayList<>(
                List.of("ip", "netns", "exec", ns, java, "-cp", System.getProperty("java.class.path"), main.getName()));
        argv.addAll(List.of(args));
        return new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : java.util.Arrays.asList(peer, listener)) {
            if (p == null) continue;
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
        if (guestNs != null) run("ip", "netns", "del", guestNs);
        if (peerNs != null) run("ip", "netns", "del", peerNs);
        if (hostNs != null) run("ip", "netns", "del", hostNs);
    }

    @Test
    void isolationKeepsTheServerAndExclusionsReachableAndCutsTheRest() throws Exception {
        assertTrue(isolation.supported());
        assertFalse(isolation.isolated());
        assertTrue(
                reachable(SERVER, PORT)
                        && reachable(EXCLUDED, PORT)
                        && reachable(OTHER, PORT)
                        && reachable(SERVER, OTHER_PORT),
                "everything is reachable before isolation");

        HostIsolation.Outcome outcome =
                isolation.isolate(new InetSocketAddress(SERVER, PORT), List.of(EXCLUDED, "not an address!"));

        assertTrue(outcome.applied(), outcome.message());
        assertTrue(outcome.message().contains("'not an address!' ignored"), outcome.message());
        assertTrue(isolation.isolated());
        assertTrue(reachable(SERVER, PORT), "the server stays reachable");
        assertTrue(reachable(EXCLUDED, OTHER_PORT), "an exclusion is reachable on any port");
        assertFalse(reachable(OTHER, PORT), "any other peer is cut off");
        assertFalse(reachable(SERVER, OTHER_PORT), "the server's address is open on the server's port only");
        assertTrue(reachable("127.0.0.1", 1) || loopbackAnswered(), "loopback is untouched");
        assertHostTablesUntouched();

        HostIsolation.Outcome again = isolation.isolate(new InetSocketAddress(SERVER, PORT), List.of());
        assertTrue(again.applied(), again.message());
        assertFalse(reachable(EXCLUDED, OTHER_PORT), "isolating again replaces the rules whole");
        assertTrue(reachable(SERVER, PORT));

        HostIsolation.Outcome lifted = isolation.unisolate();
        assertTrue(lifted.applied(), lifted.message());
        assertFalse(isolation.isolated());
        assertTrue(
                reachable(OTHER, PORT) && reachable(SERVER, OTHER_PORT) && reachable(EXCLUDED, PORT),
                "un-isolating restores every peer");
        assertTrue(isolation.unisolate().applied(), "un-isolating twice is harmless");
    }

    @Test
    void aServerNamedByHostNameAndCidrExclusionsWork() throws Exception {
        HostIsolation.Outcome outcome =
                isolation.isolate(InetSocketAddress.createUnresolved(SERVER, PORT), List.of("10.231.0.3/32"));
        assertTrue(outcome.applied(), outcome.message());
        assertTrue(reachable(SERVER, PORT));
        assertTrue(reachable(EXCLUDED, PORT));
        assertFalse(reachable(OTHER, PORT));
        assertTrue(isolation.unisolate().applied());
    }

    @Test
    void nothingComesInNorLeaksThroughDnsDhcpOrForwarding() throws Exception {
        assertTrue(connectsIn(OTHER), "a peer may connect to the host before isolation");
        assertTrue(reachableFrom(guestNs, OTHER, PORT), "a routed guest reaches the peers before isolation");

        HostIsolation.Outcome outcome = isolation.isolate(new InetSocketAddress(SERVER, PORT), List.of(EXCLUDED));
        assertTrue(outcome.applied(), outcome.message());
        assertTrue(outcome.message().contains("DNS " + NAMESERVER), outcome.message());

        assertFalse(connectsIn(OTHER), "no peer connects in");
        assertFalse(connectsIn(SERVER), "not even the server opens connections into the host");
        assertTrue(connectsIn(EXCLUDED), "an exclusion may connect in");

        assertTrue(reachable(NAMESERVER, 53), "DNS to the name server of resolv.conf");
        assertFalse(reachable(OTHER, 53), "DNS goes to the configured name servers only");

        // datagrams the old rules let in, then one DHCP answer that must come in, then a marker from an exclusion
        udpFromPeer(OTHER, 53, LISTEN_UDP, "from-port-53");
        udpFromPeer(OTHER, 68, 67, "to-the-hosts-dhcp-server");
        udpFromPeer(OTHER, 547, LISTEN_UDP, "from-port-547");
        udpFromPeer(SERVER, 67, 68, "dhcp-offer");
        udpFromPeer(EXCLUDED, 1234, LISTEN_UDP, "marker");
        List<String> before = new ArrayList<>();
        for (String l = heard.take(); !l.equals("udp marker"); l = heard.take()) before.add(l);
        assertEquals(
                List.of("udp " + SERVER + ":67 dhcp-offer"),
                before.stream().filter(l -> l.startsWith("udp")).toList());

        assertFalse(reachableFrom(guestNs, OTHER, PORT), "a routed guest is cut off with the host");
        assertFalse(reachableFrom(guestNs, SERVER, PORT), "the guest does not get the sensor's way out either");

        assertTrue(isolation
                .isolate(new InetSocketAddress(SERVER, PORT), List.of(EXCLUDED))
                .applied());
        assertTrue(reachable(SERVER, PORT), "isolating again (each check-in) keeps the server reachable");

        assertTrue(isolation.unisolate().applied());
        assertTrue(connectsIn(OTHER), "un-isolating lets peers in again");
        assertTrue(reachableFrom(guestNs, OTHER, PORT), "and forwards again");
    }

    /**
     * A host whose resolv.conf names only a local resolver (unbound, dnsmasq on 127.0.0.1) and no systemd-resolved
     * upstream file: that resolver must still reach its upstream servers, wherever they are, or the server's name
     * stops resolving; so DNS over UDP may go anywhere, and nothing else does.
     */
    @Test
    void aLocalResolverWhoseUpstreamIsUnknownKeepsDnsToAnyAddress() throws Exception {
        Path localOnly = Files.writeString(dir.resolve("local-resolv.conf"), "nameserver 127.0.0.1\n");
        NftablesIsolation local = new NftablesIsolation(
                List.of("ip", "netns", "exec", hostNs), List.of(localOnly, dir.resolve("no-resolved-upstream")));

        HostIsolation.Outcome outcome = local.isolate(new InetSocketAddress(SERVER, PORT), List.of());

        assertTrue(outcome.applied(), outcome.message());
        assertTrue(outcome.message().contains("DNS to any address"), outcome.message());
        // DNS over UDP may go anywhere (the rule set is checked in NftablesIsolationTest); TCP to port 53 may not: it
        // would be a full channel out of the isolated host.
        assertFalse(reachable(OTHER, 53), "no TCP to port 53 of any address");
        assertFalse(reachable(NAMESERVER, 53), "no TCP to port 53 of the former name server either");
        assertFalse(reachable(OTHER, PORT), "nothing else to that address");
        assertTrue(reachable(SERVER, PORT), "the server stays reachable");
        assertTrue(local.unisolate().applied());
    }

    /** Whether a peer, from its address {@code from}, gets a TCP connection to the host's listener accepted. */
    private boolean connectsIn(String from) throws Exception {
        Process p = inNamespace(peerNs, NetProbe.class, "connect", from, HOST, Integer.toString(LISTEN_TCP))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor() == 0;
    }

    private void udpFromPeer(String from, int fromPort, int toPort, String payload) throws Exception {
        Process p = inNamespace(
                        peerNs,
                        NetProbe.class,
                        "udp",
                        from,
                        Integer.toString(fromPort),
                        HOST,
                        Integer.toString(toPort),
                        payload)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertEquals(0, p.waitFor(), "sending " + payload);
    }

    private boolean reachable(String host, int port) throws Exception {
        return reachableFrom(hostNs, host, port);
    }

    /** Whether a TCP connection from namespace {@code ns} to host:port is accepted. */
    private boolean reachableFrom(String ns, String host, int port) throws Exception {
        // Isolation refuses the host's own connections at once; the timeout only guards against a hang.
        return run("ip", "netns", "exec", ns, "timeout", "20", "bash", "-c", "exec 3<>/dev/tcp/" + host + "/" + port)
                == 0;
    }

    /** Nothing listens on loopback port 1: a refused connection proves the packet went through and came back. */
    private boolean loopbackAnswered() throws Exception {
        Process p = new ProcessBuilder(
                        "ip", "netns", "exec", hostNs, "timeout", "20", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/1")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.contains("Connection refused");
    }

    private void assertHostTablesUntouched() throws Exception {
        Process p = new ProcessBuilder("nft", "list", "tables")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertFalse(out.contains(NftablesIsolation.TABLE), "the host's own rule set has no isolation table: " + out);
    }

    private static void must(String... argv) throws Exception {
        List<String> out = new ArrayList<>();
        int rc = run(out, argv);
        assertEquals(0, rc, String.join(" ", argv) + ": " + out);
    }

    private static int run(String... argv) throws Exception {
        return run(new ArrayList<>(), argv);
    }

    private static int run(List<String> output, String... argv) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException missing) {
            output.add(missing.getMessage());
            return 127;
        }
        output.add(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return 124;
        }
        return p.exitValue();
    }
}
