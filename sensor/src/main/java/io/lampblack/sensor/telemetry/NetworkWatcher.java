package io.lampblack.sensor.telemetry;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Network connections from the kernel's socket tables ({@code /proc/net/tcp}, {@code tcp6}, {@code udp},
 * {@code udp6}), read at each scan: a connection not in the previous read is reported once, in the context of the
 * process holding its socket (found through {@code /proc/<pid>/fd}). TCP connections whose local port is a listening
 * port are inbound, the others outbound; UDP sockets are reported when connected (outbound), as DNS resolvers and
 * most UDP clients use them. A connection that opens and closes between two scans is not seen.
 */
final class NetworkWatcher {

    /** One socket of the tables. */
    record Connection(
            boolean tcp,
            InetAddress local,
            int localPort,
            InetAddress remote,
            int remotePort,
            boolean outbound,
            long inode) {}

    private static final String ESTABLISHED = "01";
    private static final String SYN_SENT = "02";
    private static final String SYN_RECV = "03";
    private static final String LISTEN = "0A";
    /** Scans that look for the process of a new connection before it is given up. */
    private static final int OWNER_TRIES = 3;

    private final ProcFs proc;
    private final ProcessTracker tracker;
    private final HostNames names;
    private final OrderedEmitter emitter;
    private Set<Connection> previous = Set.of();
    private Set<Integer> listenedBefore = Set.of();
    /** One buffer for the tables, big enough that the kernel prints a table in few reads. */
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);

    private Map<Long, Integer> owners = Map.of();
    /** Sockets of new connections whose process was not found yet, with the scans that looked. */
    private Map<Long, Integer> unowned = Map.of();

    NetworkWatcher(ProcFs proc, ProcessTracker tracker, HostNames names, OrderedEmitter emitter) {
        this.proc = proc;
        this.tracker = tracker;
        this.names = names;
        this.emitter = emitter;
    }

    void scan() {
        Set<Connection> current = new HashSet<>();
        Set<Integer> listeningNow = new HashSet<>();
        read("tcp", true, current, listeningNow);
        read("tcp6", true, current, listeningNow);
        read("udp", false, current, listeningNow);
        read("udp6", false, current, listeningNow);
        // The kernel prints its tables a buffer at a time, and a table changing in between can lose a line from
        // one read: a port listening in this read or the last counts, so that one lost line does not turn an
        // inbound connection outbound.
        Set<Integer> listening = new HashSet<>(listeningNow);
        listening.addAll(listenedBefore);
        listenedBefore = listeningNow;
        List<Connection> fresh = new ArrayList<>();
        for (Connection c : current) {
            if (!previous.contains(c)) {
                fresh.add(c);
            }
        }
        if (fresh.isEmpty()) {
            previous = current;
            return;
        }
        // A server that started listening since the last scan, and whose LISTEN line this read lost, would make its
        // first accepted connection outbound: before calling a new TCP connection outbound, read the listening ports
        // once more (new connections are few; the tables are read again only then).
        if (fresh.stream().anyMatch(c -> c.tcp() && !listening.contains(c.localPort()))) {
            read("tcp", true, new HashSet<>(), listening);
            read("tcp6", true, new HashSet<>(), listening);
        }
        Set<Long> wanted = new HashSet<>();
        for (Connection c : fresh) {
            if (!owners.containsKey(c.inode())) {
                wanted.add(c.inode());
            }
        }
        if (!wanted.isEmpty()) {
            owners = socketOwners(wanted);
        }
        long ts = CbEvents.now();
        Map<Long, Integer> stillUnowned = new HashMap<>();
        for (Connection c0 : fresh) {
            Connection c = c0.tcp() && listening.contains(c0.localPort()) ? withOutbound(c0, false) : c0;
            Integer pid = owners.get(c.inode());
            if (pid == null) {
                // Not found (the walk over open files raced with a process opening and closing them, or the socket
                // is not this user's to see): looked for again at the next scans, a few times.
                int tries = unowned.getOrDefault(c.inode(), 0) + 1;
                if (tries < OWNER_TRIES) {
                    stillUnowned.put(c.inode(), tries);
                    current.remove(c0);
                }
                continue;
            }
            tracker.imageOf(pid).ifPresent(image -> {
                String domain = names.nameOf(c.remote());
                emitter.submit(() -> List.<CbEventMsg>of(CbEvents.netConn(image, pid, c, domain, ts)));
            });
        }
        unowned = stillUnowned;
        previous = current;
    }

    private static Connection withOutbound(Connection c, boolean outbound) {
        return new Connection(c.tcp(), c.local(), c.localPort(), c.remote(), c.remotePort(), outbound, c.inode());
    }

    private void read(String table, boolean tcp, Set<Connection> out, Set<Integer> listening) {
        List<String> lines;
        try (FileChannel in = FileChannel.open(proc.root().resolve("net").resolve(table))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            buffer.clear();
            while (in.read(buffer) > 0) {
                all.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            lines = all.toString(StandardCharsets.US_ASCII).lines().toList();
        } catch (IOException e) {
            return;
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length < 10) {
                continue;
            }
            try {
                String state = f[3];
                int colonL = f[1].indexOf(':');
                int colonR = f[2].indexOf(':');
                int localPort = Integer.parseInt(f[1].substring(colonL + 1), 16);
                long inode = Long.parseLong(f[9]);
                if (tcp && state.equals(LISTEN)) {
                    listening.add(localPort);
                    continue;
                }
                InetAddress remote = address(f[2].substring(0, colonR));
                int remotePort = Integer.parseInt(f[2].substring(colonR + 1), 16);
                boolean connected = tcp
                        ? state.equals(ESTABLISHED) || state.equals(SYN_SENT) || state.equals(SYN_RECV)
                        : remotePort != 0 && !remote.isAnyLocalAddress();
                if (!connected || inode == 0) {
                    continue;
                }
                out.add(new Connection(
                        tcp, address(f[1].substring(0, colonL)), localPort, remote, remotePort, true, inode));
            } catch (RuntimeException | UnknownHostException e) {
                // a line this reader does not understand is skipped
            }
        }
    }

    /** /proc prints each 32-bit word of the address as the machine holds it: little-endian, so reversed bytes. */
    static InetAddress address(String hex) throws UnknownHostException {
        byte[] b = new byte[hex.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                b[word * 4 + i] = (byte) Integer.parseInt(hex, at, at + 2, 16);
            }
        }
        return InetAddress.getByAddress(b);
    }

    /** Which pid holds each wanted socket inode: a walk over the open files of the processes this user may see. */
    private Map<Long, Integer> socketOwners(Set<Long> wanted) {
        Map<Long, Integer> found = new HashMap<>();
        // Lowest pids first (/proc lists them so): see below.
        for (int pid : proc.pids().stream().sorted().toList()) {
            Path fds = proc.root().resolve(Integer.toString(pid)).resolve("fd");
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(fds)) {
                for (Path fd : dir) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(fd).toString();
                    } catch (IOException e) {
                        continue;
                    }
                    if (target.startsWith("socket:[")) {
                        long inode = Long.parseLong(target, 8, target.length() - 1, 10);
                        // Held by several (a child inherits its parent's descriptors until it closes or execs): the
                        // first, lowest pid, is the one that opened it, short of the pid numbers wrapping.
                        found.putIfAbsent(inode, pid);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // gone, or not ours to see
            }
            if (found.keySet().containsAll(wanted)) {
                break;
            }
        }
        return found;
    }
}
