package io.lampblack.sensor.telemetry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.NetOrder;
import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg.CbFileModAction;
import io.lampblack.protocol.events.SensorEvents.CbFileModMsg.CbFileType;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsgv2;
import io.lampblack.protocol.events.SensorEvents.ProtocolType;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The telemetry of this machine, observed through real processes, sockets, files and libraries the test creates.
 * Every test runs twice: privileged (process connector and fanotify; the build runs as root) and with /proc polling
 * and inotify, as a normal user's sensor would.
 */
class LinuxTelemetryIT {

    private static final long SELF = ProcessHandle.current().pid();

    @TempDir
    Path temp;

    private static TelemetrySettings settings(boolean privileged, List<Path> watched) {
        return new TelemetrySettings(watched, Duration.ofMillis(100), privileged);
    }

    @ParameterizedTest(name = "privileged={0}")
    @ValueSource(booleans = {true, false})
    void aProcessTheTestStartsIsReportedWithItsFacts(boolean privileged) throws Exception {
        Path program = temp.resolve("lb-sleep-" + UUID.randomUUID().toString().substring(0, 8));
        copyUnique(Path.of("/usr/bin/sleep"), program);
        program.toFile().setExecutable(true);
        CollectingSink sink = new CollectingSink();
        try (Telemetry telemetry = LinuxTelemetry.start(settings(privileged, List.of()), sink, 7)) {
            assertEquals(
                    privileged ? LinuxTelemetry.NETLINK : LinuxTelemetry.PROC_POLLING,
                    telemetry.stats().processSource());
            Process p = new ProcessBuilder(program.toString(), "30").start();
            CbEventMsg start = sink.await(
                    "process start of " + program,
                    e -> e.hasProcess()
                            && e.getProcess().getCreated()
                            && program.toString().equals(e.getHeader().getProcessPath()));
            CbHeaderMsg h = start.getHeader();
            assertEquals((int) p.pid(), h.getProcessPid());
            assertEquals(4, h.getVersion());
            assertEquals(program + " 30", start.getProcess().getCommandline().toStringUtf8());
            assertArrayEquals(digest("MD5", program), h.getProcessMd5().toByteArray());
            assertArrayEquals(
                    digest("MD5", program), start.getProcess().getMd5Hash().toByteArray());
            assertArrayEquals(
                    digest("SHA-256", program),
                    start.getProcess().getSha256Hash().toByteArray());
            assertEquals(program.toString(), pathString(start, h.getFilepathStringGuid()));
            assertEquals("root", start.getProcess().getUsername());
            assertEquals("0", start.getProcess().getUid());
            assertTrue(start.getProcess().getCreationobserved());
            assertParentIsThisJvm(sink, start);

            // The parent reports the child, with the child's identity.
            int parentPid = start.getProcess().getParentPid();
            long parentCreate = start.getProcess().getParentCreateTime();
            CbEventMsg child = sink.await(
                    "childproc start of " + program,
                    e -> e.hasChildproc()
                            && e.getChildproc().getCreated()
                            && e.getChildproc().getPid() == p.pid()
                            && program.toString().equals(e.getChildproc().getPath()));
            assertEquals(parentPid, child.getHeader().getProcessPid());
            assertEquals(parentCreate, child.getHeader().getProcessCreateTime());
            assertEquals(h.getProcessCreateTime(), child.getChildproc().getCreateTime());
            assertArrayEquals(
                    digest("MD5", program), child.getChildproc().getMd5Hash().toByteArray());
            assertEquals(program + " 30", child.getChildproc().getCommandline().toStringUtf8());

            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            CbEventMsg end = sink.await(
                    "process end of " + program,
                    e -> e.hasProcess()
                            && !e.getProcess().getCreated()
                            && e.getHeader().getProcessPid() == p.pid()
                            && e.getHeader().getProcessCreateTime() == h.getProcessCreateTime());
            assertEquals(parentPid, end.getProcess().getParentPid());
            sink.await(
                    "childproc end of " + program,
                    e -> e.hasChildproc()
                            && !e.getChildproc().getCreated()
                            && e.getChildproc().getPid() == p.pid()
                            && e.getChildproc().getCreateTime() == h.getProcessCreateTime());
            assertTrue(telemetry
                    .fileFor(HexFormat.of().formatHex(digest("MD5", program)))
                    .isPresent());
        }
        // Every binary the events name is described once, with its MD5 as 32 upper-case hex characters.
        CbEventMsg info = sink.await(
                "module info of " + program,
                e -> e.hasModule() && e.getModule().getUtf8OnDiskFilename().equals(program.toString()));
        assertEquals(
                HexFormat.of().formatHex(digest("MD5", program)).toUpperCase(Locale.ROOT),
                info.getModule().getMd5().toStringUtf8());
        assertEquals(Files.size(program), info.getModule().getOriginalModuleLength());
        assertFalse(info.getHeader().hasProcessPid());
    }

    /**
     * The process start names this JVM as parent; or, when Java's launcher helper ran in the child's pid first (the
     * program was exec'd from it, and the kernel reports both execs), the helper, whose own parent is this JVM.
     */
    private static void assertParentIsThisJvm(CollectingSink sink, CbEventMsg start) {
        int parentPid = start.getProcess().getParentPid();
        if (parentPid == SELF) {
            return;
        }
        assertEquals(start.getHeader().getProcessPid(), parentPid, "parent is neither this JVM nor a launcher");
        CbEventMsg launcher = sink.find(e -> e.hasProcess()
                        && e.getProcess().getCreated()
                        && e.getHeader().getProcessPid() == parentPid
                        && e.getHeader().getProcessCreateTime()
                                == start.getProcess().getParentCreateTime())
                .orElseThrow();
        assertEquals(SELF, launcher.getProcess().getParentPid());
    }

    /**
     * Both ends of one loopback connection, each found by its own four ports and addresses (the telemetry reports
     * every connection of the machine: on a busy one, others may share a port with the test's) and held open until
     * its event is in, however long the scans take; then its direction and process are checked.
     */
    @ParameterizedTest(name = "privileged={0}")
    @ValueSource(booleans = {true, false})
    void aTcpConnectionTheTestMakesIsReportedBothWays(boolean privileged) throws Exception {
        CollectingSink sink = new CollectingSink();
        try (Telemetry telemetry = LinuxTelemetry.start(settings(privileged, List.of()), sink, 7);
                ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            int port = server.getLocalPort();
            int clientPort = client.getLocalPort();
            CbEventMsg out = sink.await(
                    "connection from port " + clientPort + " to port " + port, e -> isLoopbackTcp(e, clientPort, port));
            CbNetConnMsgv2 n = out.getNetworkv2();
            assertTrue(n.getOutbound(), "the client's end is outbound: " + out);
            assertEquals((int) SELF, out.getHeader().getProcessPid());
            assertEquals(ProtocolType.ProtoTcp, n.getProtocol());
            assertEquals(hostsName("127.0.0.1"), n.getUtf8Netpath().toStringUtf8());
            CbEventMsg in = sink.await(
                    "connection on port " + port + " from port " + clientPort, e -> isLoopbackTcp(e, port, clientPort));
            assertFalse(in.getNetworkv2().getOutbound(), "the accepted end is inbound: " + in);
            assertEquals((int) SELF, in.getHeader().getProcessPid());
            assertTrue(telemetry.stats().events() > 0);
        }
    }

    /** A TCP connection event between the loopback address's two ports, as the end at {@code localPort} has it. */
    private static boolean isLoopbackTcp(CbEventMsg e, int localPort, int remotePort) {
        if (!e.hasNetworkv2()) {
            return false;
        }
        CbNetConnMsgv2 n = e.getNetworkv2();
        return n.getProtocol() == ProtocolType.ProtoTcp
                && NetOrder.port(n.getLocalPort()) == localPort
                && NetOrder.port(n.getRemotePort()) == remotePort
                && "127.0.0.1".equals(NetOrder.ipToString(n.getLocalIpAddress()))
                && "127.0.0.1".equals(NetOrder.ipToString(n.getRemoteIpAddress()));
    }

    @ParameterizedTest(name = "privileged={0}")
    @ValueSource(booleans = {true, false})
    void aFileWrittenInAWatchedDirectoryIsReported(boolean privileged) throws Exception {
        Path watched = Files.createDirectory(temp.resolve("watched"));
        // An executable of its own (unique bytes appended), written outside the watched directory, then copied in.
        byte[] program = Files.readAllBytes(Path.of("/usr/bin/true"));
        byte[] unique = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        byte[] content = java.util.Arrays.copyOf(program, program.length + unique.length);
        System.arraycopy(unique, 0, content, program.length, unique.length);
        Path source = Files.write(temp.resolve("content"), content);
        CollectingSink sink = new CollectingSink();
        Path note = watched.resolve("note.txt");
        Path binary = watched.resolve("copied-true");
        Process writer = null;
        try (Telemetry telemetry = LinuxTelemetry.start(settings(privileged, List.of(watched)), sink, 7)) {
            // Another process writes (the sensor's own writes are not reported), and waits until the test ends, so
            // that it still runs when its writes are read. It writes the binary through a descriptor of its own, so
            // that the close after writing is its own, not cat's.
            writer = new ProcessBuilder(
                            "/bin/sh",
                            "-c",
                            "printf hello > \"$1\"; exec 3>\"$2\"; cat \"$3\" >&3; exec 3>&-; read line",
                            "sh",
                            note.toString(),
                            binary.toString(),
                            source.toString())
                    .start();
            CbEventMsg write =
                    sink.await("write of " + note, e -> isFileMod(e, note, CbFileModAction.actionFileModWrite));
            CbEventMsg last = sink.await(
                    "last write of " + note, e -> isFileMod(e, note, CbFileModAction.actionFileModLastWrite));
            CbEventMsg bin = sink.await(
                    "last write of " + binary, e -> isFileMod(e, binary, CbFileModAction.actionFileModLastWrite));
            assertEquals(CbFileType.filetypeElf, bin.getFilemod().getType());
            assertArrayEquals(
                    digest("MD5", binary), bin.getFilemod().getMd5Hash().toByteArray());
            assertTrue(last.getFilemod().getMd5Hash().isEmpty());
            // fanotify names the writer; inotify cannot, so the writer is the unknown process.
            int expected = privileged ? (int) writer.pid() : -1;
            assertEquals(expected, write.getHeader().getProcessPid());
            assertEquals(expected, last.getHeader().getProcessPid());
            assertEquals(expected, bin.getHeader().getProcessPid());

            Files.delete(note);
            sink.await("delete of " + note, e -> isFileMod(e, note, CbFileModAction.actionFileModDelete));
            sink.await("create of " + binary, e -> isFileMod(e, binary, CbFileModAction.actionFileModCreate));
            // A directory made after the start is watched too.
            Path sub = Files.createDirectory(watched.resolve("later"));
            Path inner = sub.resolve("inner.txt");
            // (A write before the new directory is marked goes unseen, so the test writes until one is reported.)
            sink.awaitRepeating(
                    "last write of " + inner,
                    () -> shell("printf again > \"$1\"", inner.toString()),
                    e -> isFileMod(e, inner, CbFileModAction.actionFileModLastWrite));
            assertTrue(telemetry
                    .fileFor(HexFormat.of().formatHex(digest("MD5", binary)))
                    .isPresent());
        } finally {
            if (writer != null) {
                writer.getOutputStream().close();
                writer.waitFor(30, TimeUnit.SECONDS);
                writer.destroyForcibly();
            }
        }
    }

    @ParameterizedTest(name = "privileged={0}")
    @ValueSource(booleans = {true, false})
    void theSensorsOwnWritesAreNotReported(boolean privileged) throws Exception {
        Path watched = Files.createDirectory(temp.resolve("watched"));
        Path data = Files.createDirectories(watched.resolve("sensor-data"));
        Files.createDirectories(data.resolve("spool"));
        CollectingSink sink = new CollectingSink();
        TelemetrySettings settings =
                new TelemetrySettings(List.of(watched), Duration.ofMillis(100), privileged, Optional.of(data));
        Path own = watched.resolve("own.txt");
        Path marker = watched.resolve("marker.txt");
        try (Telemetry telemetry = LinuxTelemetry.start(settings, sink, 7)) {
            // What the sensor does at each upload: spool files written and removed in its data directory.
            Path log = Files.writeString(data.resolve("spool").resolve("1.log"), "events");
            Files.writeString(data.resolve("state"), "uploaded 1");
            Files.delete(log);
            // As root fanotify names the writer: the sensor's writes elsewhere are not reported either.
            Files.writeString(own, "mine");
            // Then another process writes: once its events are in, everything before them was handled.
            shell("printf done > \"$1\"", marker.toString());
            sink.await("last write of " + marker, e -> isFileMod(e, marker, CbFileModAction.actionFileModLastWrite));
            sink.await("create of " + marker, e -> isFileMod(e, marker, CbFileModAction.actionFileModCreate));
            List<String> reported = sink.all().stream()
                    .filter(CbEventMsg::hasFilemod)
                    .map(e -> pathString(e, e.getHeader().getFilepathStringGuid()))
                    .toList();
            assertTrue(
                    reported.stream().noneMatch(p -> p.startsWith(data.toString())),
                    "nothing in the data directory is reported: " + reported);
            if (privileged) {
                assertFalse(
                        sink.find(e -> isFileMod(e, own, CbFileModAction.actionFileModWrite)
                                        || isFileMod(e, own, CbFileModAction.actionFileModLastWrite))
                                .isPresent(),
                        "the sensor's own write is not reported");
            }
        }
    }

    @ParameterizedTest(name = "privileged={0}")
    @ValueSource(booleans = {true, false})
    void aDirectoryRemovedAndMadeAgainIsWatchedAgain(boolean privileged) throws Exception {
        Path watched = Files.createDirectory(temp.resolve("watched"));
        Path sub = Files.createDirectory(watched.resolve("build"));
        CollectingSink sink = new CollectingSink();
        try (Telemetry telemetry = LinuxTelemetry.start(settings(privileged, List.of(watched)), sink, 7)) {
            Path first = sub.resolve("first.txt");
            sink.awaitRepeating(
                    "last write of " + first,
                    () -> shell("printf one > \"$1\"", first.toString()),
                    e -> isFileMod(e, first, CbFileModAction.actionFileModLastWrite));
            // Removed and made again under the same path (a build's output directory): a directory of its own.
            Files.delete(first);
            Files.delete(sub);
            Files.createDirectory(sub);
            Path second = sub.resolve("second.txt");
            sink.awaitRepeating(
                    "last write of " + second,
                    () -> shell("printf two > \"$1\"", second.toString()),
                    e -> isFileMod(e, second, CbFileModAction.actionFileModLastWrite));
        }
    }

    /** Runs {@code script} with {@code /bin/sh}, its arguments from $1, to its end. */
    private static void shell(String script, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/bin/sh", "-c", script, "sh"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the shell ended");
        assertEquals(0, p.exitValue());
    }

    @ParameterizedTest(name = "privileged={0}")
    @ValueSource(booleans = {true, false})
    void aLibraryTheTestLoadsIsReportedAsModuleLoad(boolean privileged) throws Exception {
        Path library = temp.resolve("liblb-" + UUID.randomUUID().toString().substring(0, 8) + ".so");
        copyUnique(Path.of("/usr/lib/x86_64-linux-gnu/libz.so.1"), library);
        CollectingSink sink = new CollectingSink();
        try (Telemetry telemetry = LinuxTelemetry.start(settings(privileged, List.of()), sink, 7);
                Arena arena = Arena.ofShared()) {
            SymbolLookup.libraryLookup(library, arena).findOrThrow("zlibVersion");
            CbEventMsg load = sink.await(
                    "module load of " + library,
                    e -> e.hasModload()
                            && library.toString()
                                    .equals(pathString(e, e.getHeader().getFilepathStringGuid())));
            assertEquals((int) SELF, load.getHeader().getProcessPid());
            assertArrayEquals(
                    digest("MD5", library), load.getModload().getMd5Hash().toByteArray());
            assertArrayEquals(
                    digest("SHA-256", library),
                    load.getModload().getSha256Hash().toByteArray());
            String md5 = HexFormat.of().formatHex(digest("MD5", library));
            CbEventMsg info = sink.await(
                    "module info of " + library,
                    e -> e.hasModule() && e.getModule().getMd5().toStringUtf8().equalsIgnoreCase(md5));
            assertEquals(library.toString(), info.getModule().getUtf8OnDiskFilename());
            assertEquals(Optional.of(library), telemetry.fileFor(md5));
        }
    }

    /**
     * A copy with bytes of its own appended (the loader ignores what follows an ELF file's contents): a binary the
     * machine has not described before, so its module info carries this path.
     */
    private static void copyUnique(Path from, Path to) throws IOException {
        Files.copy(from, to);
        Files.writeString(to, "lampblack test " + UUID.randomUUID(), java.nio.file.StandardOpenOption.APPEND);
    }

    private static boolean isFileMod(CbEventMsg e, Path path, CbFileModAction action) {
        return e.hasFilemod()
                && e.getFilemod().getAction() == action
                && path.toString().equals(pathString(e, e.getHeader().getFilepathStringGuid()));
    }

    private static String pathString(CbEventMsg e, long guid) {
        return e.getStringsList().stream()
                .filter(s -> s.getGuid() == guid)
                .map(s -> s.getUtf8String().toStringUtf8())
                .findFirst()
                .orElse("");
    }

    private static byte[] digest(String algorithm, Path file) throws Exception {
        return MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(file));
    }

    /** The first name /etc/hosts gives the address, "" when none: the only names the sensor claims to know. */
    private static String hostsName(String address) throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/hosts"))) {
            String[] f = line.replaceAll("#.*", "").trim().split("\\s+");
            if (f.length >= 2 && f[0].equals(address)) {
                return f[1];
            }
        }
        return "";
    }
}
