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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Isolation against real nftables, only ever inside two network namespaces this test creates: the "host" (where the
 * sensor would run, and where the rules go) and a "peer" namespace holding the server's address and two others on
 * one veth link. The host's own tables are never touched; the test checks that too.
 */
class NftablesIsolationIT {

    private static final String SERVER = "10.231.0.2";
    private static final String EXCLUDED = "10.231.0.3";
    private static final String OTHER = "10.231.0.4";
    private static final int PORT = 9000;
    private static final int OTHER_PORT = 9001;

    private String hostNs;
    private String peerNs;
    private Process peer;
    private NftablesIsolation isolation;

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
        for (String a : List.of(SERVER, EXCLUDED, OTHER))
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
                        Integer.toString(OTHER_PORT))
                .redirectErrorStream(true)
                .start();
        String line =
                new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertEquals("listening", line);
        isolation = new NftablesIsolation(List.of("ip", "netns", "exec", hostNs));
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (peer != null) {
            peer.descendants().forEach(ProcessHandle::destroyForcibly);
            peer.destroyForcibly();
            peer.waitFor();
        }
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

    /** Whether a TCP connection from the isolated namespace to host:port is accepted. */
    private boolean reachable(String host, int port) throws Exception {
        // Isolation refuses the host's own connections at once; the timeout only guards against a hang.
        return run(
                        "ip",
                        "netns",
                        "exec",
                        hostNs,
                        "timeout",
                        "20",
                        "bash",
                        "-c",
                        "exec 3<>/dev/tcp/" + host + "/" + port)
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
