package io.lampblack.sensor.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.NetOrder;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections read from a /proc the test lays out: their direction, and the process they are reported in. */
class NetworkWatcherProcTest {

    private static final String HEADER =
            "  sl  local_address remote_address st tx_queue rx_queue tr tm->when retrnsmt" + "   uid  timeout inode\n";

    @TempDir
    Path temp;

    private Path root;
    private CollectingSink sink;
    private FileHasher hasher;
    private OrderedEmitter emitter;
    private NetworkWatcher network;

    @BeforeEach
    void start() throws IOException {
        root = Files.createDirectories(temp.resolve("proc"));
        Files.writeString(root.resolve("stat"), "btime 1767607200\n");
        Files.createDirectories(root.resolve("net"));
        Path passwd = Files.writeString(temp.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        Path hosts = Files.writeString(temp.resolve("hosts"), "127.0.0.1 localhost\n");
        ProcFs proc = new ProcFs(root);
        sink = new CollectingSink();
        hasher = new FileHasher();
        emitter = new OrderedEmitter(sink);
        ProcessTracker tracker = new ProcessTracker(proc, hasher, new UserNames(passwd), new BinaryCatalog(), emitter);
        network = new NetworkWatcher(proc, tracker, new HostNames(hosts), emitter);
    }

    @AfterEach
    void stop() {
        emitter.close();
        hasher.close();
    }

    @Test
    void aServersConnectionsAreInboundAndReportedInTheProcessThatOpenedThem() throws Exception {
        process(100, 1, 500, 7001, 7002);
        // A child the server forked still holds its parent's descriptors.
        process(180, 100, 900, 7001, 7002);
        // 127.0.0.1:8080 listening; a client at 127.0.0.1:40000 connected to it (both ends, as on loopback); and a
        // connection of a process not to be seen (so every process's descriptors are read).
        table(
                line("0100007F:1F90", "00000000:0000", "0A", 7000),
                line("0100007F:1F90", "0100007F:9C40", "01", 7001),
                line("0100007F:9C40", "0100007F:1F90", "01", 7002),
                line("0100007F:9C41", "0200000A:01BB", "01", 7003));
        network.scan();
        CbEventMsg in = sink.await("the accepted end", e -> isConnection(e, 8080, 40000));
        assertFalse(in.getNetworkv2().getOutbound());
        assertEquals(100, in.getHeader().getProcessPid());
        assertFalse(in.getHeader().hasForkPid(), "the forked child that inherited it is not named");
        CbEventMsg out = sink.await("the client's end", e -> isConnection(e, 40000, 8080));
        assertTrue(out.getNetworkv2().getOutbound());
        assertEquals(100, out.getHeader().getProcessPid());
    }

    private static boolean isConnection(CbEventMsg e, int localPort, int remotePort) {
        return e.hasNetworkv2()
                && NetOrder.port(e.getNetworkv2().getLocalPort()) == localPort
                && NetOrder.port(e.getNetworkv2().getRemotePort()) == remotePort;
    }

    private static String line(String local, String remote, String state, long inode) {
        return "   0: " + local + " " + remote + " " + state + " 00000000:00000000 00:00000000 00000000     0        0 "
                + inode + " 1 0000000000000000 100 0 0 10 0\n";
    }

    private void table(String... lines) throws IOException {
        Files.writeString(root.resolve("net").resolve("tcp"), HEADER + String.join("", lines));
    }

    /** A process of its own program, holding the given sockets. */
    private void process(int pid, int ppid, long startTicks, long... sockets) throws IOException {
        Path exe = Files.writeString(temp.resolve("program-" + pid), "program " + pid);
        Path dir = Files.createDirectories(root.resolve(Integer.toString(pid)));
        Files.writeString(
                dir.resolve("stat"),
                pid + " (p) S " + ppid + " 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 " + startTicks + " 0 0\n");
        Files.writeString(dir.resolve("cmdline"), exe + "\0");
        Files.createSymbolicLink(dir.resolve("exe"), exe);
        Path fds = Files.createDirectories(dir.resolve("fd"));
        int fd = 3;
        for (long inode : sockets) {
            Files.createSymbolicLink(fds.resolve(Integer.toString(fd++)), Path.of("socket:[" + inode + "]"));
        }
    }
}
