package io.lampblack.server.liveresponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Result;
import io.lampblack.protocol.sensor.LiveResponseProtocol.SessionInfo;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Work;
import io.lampblack.server.auth.AuditLog;
import io.lampblack.server.json.Json;
import io.lampblack.server.problem.Problem;
import io.lampblack.server.support.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveResponseTest {

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    final List<AuditLog.Entry> audit = new CopyOnWriteArrayList<>();
    final Map<Integer, LiveSensors.LiveSensor> sensors = new java.util.concurrent.ConcurrentHashMap<>(Map.of(
            1, new LiveSensors.LiveSensor(1, 1, "HOST-1", "10.0.0.1", "Linux", true),
            2, new LiveSensors.LiveSensor(2, 1, "HOST-2", "10.0.0.2", "Linux", true),
            3, new LiveSensors.LiveSensor(3, 2, "OLD", "", "Windows XP", false)));
    LiveResponse lr;
    /** A client that administers every group. */
    static final LiveClient A = LiveClient.everywhere("a");

    @BeforeEach
    void start() throws Exception {
        lr = open(LiveResponseLimits.defaults());
    }

    LiveResponse open(LiveResponseLimits limits) throws Exception {
        // Without the expiry thread: the tests move the clock and call expireNow themselves.
        return new LiveResponse(
                dir,
                id -> Optional.ofNullable(sensors.get(id)),
                limits,
                audit::add,
                clock,
                LiveResponseTest::commandLog,
                false);
    }

    /** The command log's id and result of each command (the server renders the API documents). */
    static byte[] commandLog(List<LiveCommand> commands) throws java.io.IOException {
        return Json.MAPPER.writeValueAsBytes(commands.stream()
                .map(c -> Map.of("id", c.id(), "result", c.result()))
                .toList());
    }

    @AfterEach
    void stop() {
        lr.close();
    }

    @Test
    void oneSessionPerSensorUntilItEnds() throws Exception {
        SessionView a = lr.open(1, "alice", Optional.empty());
        assertEquals(SessionStatus.PENDING, a.status());
        assertEquals(a.id(), lr.open(1, "bob", Optional.empty()).id(), "bob gets alice's session");
        assertTrue(lr.live(1));
        assertTrue(lr.waitingFor(1));
        assertEquals(List.of(Work.open(a.id())), lr.poll(1, Duration.ZERO, false));
        assertFalse(lr.waitingFor(1), "the sensor took it");
        lr.result(1, Result.opened(a.id(), new SessionInfo(List.of("process list"), List.of("/"), "/root")));
        SessionView active = lr.session(a.id(), A);
        assertEquals(SessionStatus.ACTIVE, active.status());
        assertEquals(List.of("/"), active.drives());
        assertEquals("/root", active.currentWorkingDirectory());

        lr.close(a.id(), LiveClient.everywhere("alice"));
        assertFalse(lr.live(1));
        assertEquals(List.of(Work.close(a.id())), lr.poll(1, Duration.ZERO, false));
        assertTrue(lr.open(1, "bob", Optional.empty()).id() > a.id());
        assertTrue(audit.stream()
                .anyMatch(e -> e.username().equals("alice")
                        && e.description().equals("sensor 1 (HOST-1): session close: closed by alice")));
    }

    @Test
    void refusesUnknownAndUnsupportedSensorsAndMoreThanTheMaximum() throws Exception {
        assertEquals(
                Problem.Kind.NOT_FOUND,
                assertThrows(LiveResponseProblem.class, () -> lr.open(9, "a", Optional.empty()))
                        .kind());
        LiveResponseProblem old = assertThrows(LiveResponseProblem.class, () -> lr.open(3, "a", Optional.empty()));
        assertEquals("cblr_not_supported", old.reason());
        lr.close();
        lr = open(new LiveResponseLimits(
                1,
                Duration.ofSeconds(120),
                Duration.ofSeconds(300),
                Duration.ofSeconds(1200),
                Duration.ofDays(7),
                1 << 20,
                1 << 20,
                Duration.ofSeconds(1),
                Duration.ofSeconds(60)));
        lr.open(1, "a", Optional.empty());
        LiveResponseProblem full = assertThrows(LiveResponseProblem.class, () -> lr.open(2, "a", Optional.empty()));
        assertEquals(Problem.Kind.TOO_MANY, full.kind());
    }

    @Test
    void pendingSessionsTimeOutAsCarbonBlackSays() throws Exception {
        SessionView told = lr.open(1, "a", Optional.empty());
        lr.toldAtCheckin(1);
        clock.advance(Duration.ofSeconds(119));
        lr.expireNow();
        assertTrue(lr.live(1));
        clock.advance(Duration.ofSeconds(2));
        lr.expireNow();
        assertFalse(lr.live(1), "sensor_wait_timeout after the sensor was told");
        assertEquals(SessionStatus.TIMEOUT, lr.sessions(false, A).getFirst().status());
        assertEquals(
                Problem.Kind.NOT_FOUND,
                assertThrows(LiveResponseProblem.class, () -> lr.session(told.id(), A))
                        .kind(),
                "cbapi stops waiting for a session that timed out pending");

        // The sensor never checks in; a client keeps reading the session (cbapi polls it), so session_timeout does
        // not end it first.
        SessionView waiting = lr.open(2, "a", Optional.empty());
        for (int i = 0; i < 11; i++) {
            clock.advance(Duration.ofSeconds(109));
            lr.session(waiting.id(), A);
        }
        lr.expireNow();
        assertTrue(lr.live(2));
        clock.advance(Duration.ofSeconds(2));
        lr.expireNow();
        assertFalse(lr.live(2), "check_in_timeout");
    }

    @Test
    void openSessionsTimeOutWithoutClientsAndKeepaliveKeepsThem() throws Exception {
        SessionView s = lr.open(1, "a", Optional.of(Duration.ofSeconds(60)));
        lr.poll(1, Duration.ZERO, false);
        lr.result(1, Result.opened(s.id(), new SessionInfo(LiveResponseProtocol.ALL_COMMANDS, List.of(), "")));
        clock.advance(Duration.ofSeconds(50));
        lr.keepalive(s.id(), A);
        clock.advance(Duration.ofSeconds(50));
        lr.expireNow();
        assertTrue(lr.live(1), "the keepalive restarted session_timeout");
        clock.advance(Duration.ofSeconds(11));
        lr.expireNow();
        assertFalse(lr.live(1));
        assertTrue(audit.stream().anyMatch(e -> e.description().contains("session_timeout")));
    }

    @Test
    void anActiveSessionEndsWhenItsSensorStopsPolling() throws Exception {
        SessionView s = lr.open(1, "a", Optional.empty());
        lr.poll(1, Duration.ZERO, false);
        lr.result(1, Result.opened(s.id(), new SessionInfo(LiveResponseProtocol.ALL_COMMANDS, List.of(), "")));
        clock.advance(Duration.ofSeconds(100));
        lr.keepalive(s.id(), A);
        lr.poll(1, Duration.ZERO, false);
        clock.advance(Duration.ofSeconds(100));
        lr.keepalive(s.id(), A);
        lr.expireNow();
        assertTrue(lr.live(1), "it polled 100 s ago");
        clock.advance(Duration.ofSeconds(21));
        lr.keepalive(s.id(), A);
        lr.expireNow();
        assertFalse(lr.live(1), "no poll for 121 s");
        assertTrue(audit.stream().anyMatch(e -> e.description().contains("has not polled")));
    }

    @Test
    void commandsEndWithTheSensorsResultAndFilesStayInTheSessionsDirectory() throws Exception {
        SessionView s = lr.open(1, "a", Optional.empty());
        lr.poll(1, Duration.ZERO, false);
        lr.result(1, Result.opened(s.id(), new SessionInfo(LiveResponseProtocol.ALL_COMMANDS, List.of(), "")));
        LiveCommand get =
                lr.command(s.id(), A, "get file", TextNode.valueOf("/etc/hostname"), Json.MAPPER.createObjectNode());
        long fid = get.fileId().orElseThrow();
        Work w = lr.poll(1, Duration.ZERO, false).getFirst();
        assertEquals(fid, w.fileId());
        lr.receive(1, s.id(), fid, new ByteArrayInputStream("myhost\n".getBytes()));
        lr.result(1, Result.complete(s.id(), get.id(), null));
        assertEquals(
                CommandStatus.COMPLETE,
                lr.command(s.id(), get.id(), Duration.ZERO, A).status());
        try (var in = lr.content(s.id(), fid, A)) {
            assertEquals("myhost\n", new String(in.readAllBytes()));
        }
        assertTrue(Files.exists(dir.resolve("sessions/" + s.id() + "/files/" + fid)));
        // A second result for the same command is refused: the sensor drops it.
        assertThrows(LiveResponseProblem.class, () -> lr.result(1, Result.complete(s.id(), get.id(), null)));
        // Another sensor cannot answer for this session.
        assertThrows(LiveResponseProblem.class, () -> lr.result(2, Result.complete(s.id(), get.id(), null)));

        LiveCommand kill = lr.command(s.id(), A, "kill", IntNode.valueOf(99), Json.MAPPER.createObjectNode());
        lr.result(1, Result.error(s.id(), kill.id(), LiveResponseProtocol.E_INVALIDARG, "no such process"));
        LiveCommand failed = lr.command(s.id(), kill.id(), Duration.ZERO, A);
        assertEquals(CommandStatus.ERROR, failed.status());
        assertEquals(LiveResponseProtocol.E_INVALIDARG, failed.resultCode());
        assertEquals("no such process", failed.resultDesc());

        assertEquals(
                "invalid_command",
                assertThrows(
                                LiveResponseProblem.class,
                                () -> lr.command(
                                        s.id(), A, "rm -rf", TextNode.valueOf("/"), Json.MAPPER.createObjectNode()))
                        .reason());
    }

    @Test
    void filesOverTheCapsAreRefusedWhole() throws Exception {
        lr.close();
        lr = open(new LiveResponseLimits(
                10,
                Duration.ofSeconds(120),
                Duration.ofSeconds(300),
                Duration.ofSeconds(1200),
                Duration.ofDays(7),
                1000,
                1500,
                Duration.ofSeconds(1),
                Duration.ofSeconds(60)));
        SessionView s = lr.open(1, "a", Optional.empty());
        LiveCommand one = lr.command(s.id(), A, "get file", TextNode.valueOf("/a"), Json.MAPPER.createObjectNode());
        LiveCommand two = lr.command(s.id(), A, "get file", TextNode.valueOf("/b"), Json.MAPPER.createObjectNode());
        LiveResponseProblem big = assertThrows(
                LiveResponseProblem.class,
                () -> lr.receive(1, s.id(), one.fileId().orElseThrow(), new ByteArrayInputStream(new byte[1001])));
        assertEquals("file_too_large", big.reason());
        lr.receive(1, s.id(), one.fileId().orElseThrow(), new ByteArrayInputStream(new byte[1000]));
        LiveResponseProblem full = assertThrows(
                LiveResponseProblem.class,
                () -> lr.receive(1, s.id(), two.fileId().orElseThrow(), new ByteArrayInputStream(new byte[600])));
        assertEquals("storage_full", full.reason());
        try (var files = Files.list(dir.resolve("tmp"))) {
            assertEquals(0, files.count(), "nothing half-written is left");
        }
        lr.deleteFile(s.id(), one.fileId().orElseThrow(), A);
        lr.receive(1, s.id(), two.fileId().orElseThrow(), new ByteArrayInputStream(new byte[600]));
    }

    @Test
    void endedSessionsAreForgottenWithTheirFilesAfterTheStorageTime() throws Exception {
        SessionView s = lr.open(1, "a", Optional.empty());
        LiveCommand get = lr.command(s.id(), A, "get file", TextNode.valueOf("/x"), Json.MAPPER.createObjectNode());
        lr.receive(1, s.id(), get.fileId().orElseThrow(), new ByteArrayInputStream(new byte[10]));
        lr.close(s.id(), A);
        clock.advance(Duration.ofDays(6));
        lr.expireNow();
        assertEquals(1, lr.sessions(false, A).size());
        clock.advance(Duration.ofDays(2));
        lr.expireNow();
        assertEquals(0, lr.sessions(false, A).size());
        assertFalse(Files.exists(dir.resolve("sessions/" + s.id())));
    }

    /**
     * Every lookup checks the caller against the group of the session's sensor at that moment: another group's
     * administrator gets exactly what an unknown id gets, whatever the route, and a sensor that moves takes its session
     * (and its place in the list) to its new group.
     */
    @Test
    void aSessionIsReachedOnlyByAdministratorsOfItsSensorsGroupNow() throws Exception {
        LiveClient one = new LiveClient("one", g -> g == 1);
        LiveClient two = new LiveClient("two", g -> g == 2);
        SessionView s = lr.open(1, "one", Optional.empty());
        LiveCommand get = lr.command(s.id(), one, "get file", TextNode.valueOf("/x"), Json.MAPPER.createObjectNode());
        long fid = get.fileId().orElseThrow();

        LiveResponseProblem unknown = assertThrows(LiveResponseProblem.class, () -> lr.session(s.id() + 100, two));
        List<org.junit.jupiter.api.function.Executable> asTwo = List.of(
                () -> lr.session(s.id(), two),
                () -> lr.keepalive(s.id(), two),
                () -> lr.commands(s.id(), two),
                () -> lr.command(s.id(), get.id(), Duration.ZERO, two),
                () -> lr.command(s.id(), two, "process list", null, Json.MAPPER.createObjectNode()),
                () -> lr.cancel(s.id(), get.id(), two),
                () -> lr.files(s.id(), two),
                () -> lr.file(s.id(), fid, two),
                () -> lr.content(s.id(), fid, two),
                () -> lr.deleteFile(s.id(), fid, two),
                () -> lr.uploadRoom(s.id(), two, java.util.OptionalLong.of(10), 0),
                () -> lr.archive(
                        s.id(),
                        new byte[0],
                        new byte[0],
                        f -> new byte[0],
                        java.io.OutputStream.nullOutputStream(),
                        two),
                () -> lr.close(s.id(), two));
        for (var call : asTwo) {
            LiveResponseProblem p = assertThrows(LiveResponseProblem.class, call);
            assertEquals(unknown.kind(), p.kind());
            assertEquals(unknown.reason(), p.reason());
            assertEquals(
                    unknown.getMessage().replace(Long.toString(s.id() + 100), Long.toString(s.id())), p.getMessage());
        }
        assertEquals(List.of(), lr.sessions(false, two));
        assertEquals(1, lr.commands(s.id(), one).size(), "nothing was issued as two");
        assertEquals(
                CommandStatus.PENDING,
                lr.command(s.id(), get.id(), Duration.ZERO, one).status());
        assertEquals(1, lr.files(s.id(), one).size(), "nothing was deleted as two");
        assertTrue(lr.live(1), "two did not close it");

        // The sensor moves to group 2: so does its session.
        sensors.put(1, new LiveSensors.LiveSensor(1, 2, "HOST-1", "10.0.0.1", "Linux", true));
        assertEquals(
                List.of(s.id()),
                lr.sessions(false, two).stream().map(SessionView::id).toList());
        assertEquals(List.of(), lr.sessions(true, one));
        assertThrows(LiveResponseProblem.class, () -> lr.session(s.id(), one));
        assertEquals(s.id(), lr.session(s.id(), two).id());
    }

    @Test
    void uploadsTakeTheirRoomBeforeTheyAreReadAndGiveBackWhatTheyDoNotKeep() throws Exception {
        lr.close();
        lr = open(new LiveResponseLimits(
                10,
                Duration.ofSeconds(120),
                Duration.ofSeconds(300),
                Duration.ofSeconds(1200),
                Duration.ofDays(7),
                1000,
                1500,
                Duration.ofSeconds(1),
                Duration.ofSeconds(60)));
        SessionView s = lr.open(1, "a", Optional.empty());
        assertEquals(
                "file_too_large",
                assertThrows(
                                LiveResponseProblem.class,
                                () -> lr.uploadRoom(s.id(), A, java.util.OptionalLong.of(2000), 100))
                        .reason(),
                "a declared length over the file cap is refused before a byte is read");
        UploadRoom first = lr.uploadRoom(s.id(), A, java.util.OptionalLong.empty(), 100);
        assertEquals(1000, first.bytes(), "unknown length: the file cap");
        UploadRoom second = lr.uploadRoom(s.id(), A, java.util.OptionalLong.empty(), 100);
        assertEquals(500, second.bytes(), "what the budget has left");
        assertEquals(
                "storage_full",
                assertThrows(
                                LiveResponseProblem.class,
                                () -> lr.uploadRoom(s.id(), A, java.util.OptionalLong.of(10), 100))
                        .reason(),
                "uploads in flight hold the whole budget");
        second.close();
        assertEquals(
                "storage_full",
                assertThrows(
                                LiveResponseProblem.class,
                                () -> lr.uploadRoom(s.id(), A, java.util.OptionalLong.of(700), 100))
                        .reason(),
                "a declared length over what is left is refused before a byte is read");
        Path uploaded = Files.write(dir.resolve("upload"), new byte[300]);
        StoredFile f = lr.upload(s.id(), A, "a.bin", uploaded, first);
        first.close();
        assertEquals(300, f.size());
        assertEquals(300, lr.storageBytes(), "the surplus and the failed upload's room went back");
        assertTrue(audit.stream()
                .anyMatch(e -> e.description().contains("file " + f.id() + " uploaded: 'a.bin', 300 bytes")));
    }

    @Test
    void storageAccountingStaysExact() throws Exception {
        SessionView s = lr.open(1, "a", Optional.empty());
        LiveCommand get = lr.command(s.id(), A, "get file", TextNode.valueOf("/x"), Json.MAPPER.createObjectNode());
        long fid = get.fileId().orElseThrow();
        // Deleted while it arrives: it stays deleted, and its bytes go back.
        InputStream deletingMidway = new InputStream() {
            int sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (sent == 1) lr.deleteFile(s.id(), fid, A);
                if (sent++ >= 2) return -1;
                b[off] = 7;
                return 1;
            }
        };
        LiveResponseProblem gone =
                assertThrows(LiveResponseProblem.class, () -> lr.receive(1, s.id(), fid, deletingMidway));
        assertEquals("file_not_found", gone.reason());
        assertEquals(List.of(), lr.files(s.id(), A));
        assertFalse(Files.exists(dir.resolve("sessions/" + s.id() + "/files/" + fid)));
        assertEquals(0, lr.storageBytes());

        LiveCommand again = lr.command(s.id(), A, "get file", TextNode.valueOf("/y"), Json.MAPPER.createObjectNode());
        lr.receive(1, s.id(), again.fileId().orElseThrow(), new ByteArrayInputStream(new byte[10]));
        assertEquals(10, lr.storageBytes());
        lr.close(s.id(), A);
        clock.advance(Duration.ofDays(8));
        lr.expireNow();
        lr.expireNow();
        assertEquals(0, lr.storageBytes(), "released once, not again by the purge of old directories");
    }

    @Test
    void anEndedSessionKeepsItsCommandLogOnDiskAndItsResultsLeaveMemory() throws Exception {
        SessionView s = lr.open(1, "a", Optional.empty());
        lr.poll(1, Duration.ZERO, false);
        lr.result(1, Result.opened(s.id(), new SessionInfo(LiveResponseProtocol.ALL_COMMANDS, List.of(), "")));
        LiveCommand ps = lr.command(s.id(), A, "process list", null, Json.MAPPER.createObjectNode());
        var fields = Json.MAPPER.createObjectNode();
        fields.putArray("processes").addObject().put("pid", 4321).put("path", "/usr/bin/top");
        lr.result(1, new Result(s.id(), ps.id(), "complete", fields, 0, "WinHresult", "", null));
        assertEquals(fields, lr.command(s.id(), ps.id(), Duration.ZERO, A).result());

        lr.close(s.id(), A);
        assertEquals(
                Json.MAPPER.createObjectNode(),
                lr.command(s.id(), ps.id(), Duration.ZERO, A).result());
        Path log = dir.resolve("sessions/" + s.id() + "/commands.json");
        var written = Json.MAPPER.readTree(log.toFile());
        assertEquals(
                4321,
                written.get(0).get("result").get("processes").get(0).get("pid").asInt());
        assertEquals(Files.size(log), lr.storageBytes(), "the log counts in the storage budget");

        Path archive = dir.resolve("archive.tar.gz");
        try (var out = Files.newOutputStream(archive)) {
            lr.archive(s.id(), new byte[0], "[]".getBytes(), f -> "[]".getBytes(), out, A);
        }
        Path x = Files.createDirectories(dir.resolve("x"));
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", x.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(tar.getInputStream().readAllBytes());
        assertEquals(0, tar.waitFor(), output);
        assertEquals(
                written,
                Json.MAPPER.readTree(
                        x.resolve("session-" + s.id() + "/commands.json").toFile()),
                "the archive holds the log written at the end, results included");
    }

    @Test
    void aResultLargerThanTheSessionsWholeShareEndsItsCommandInError() throws Exception {
        // The result below takes about 1,400 bytes of heap by JsonHeap's estimate.
        lr.maxResultBytesPerSession = 1000;
        SessionView s = activeSession(1);
        LiveCommand big = lr.command(s.id(), A, "process list", null, Json.MAPPER.createObjectNode());
        var fields = Json.MAPPER.createObjectNode().put("x", "y".repeat(600));
        lr.result(1, new Result(s.id(), big.id(), "complete", fields, 0, "WinHresult", "", null));
        LiveCommand refused = lr.command(s.id(), big.id(), Duration.ZERO, A);
        assertEquals(CommandStatus.ERROR, refused.status());
        assertEquals(LiveResponse.E_OUTOFMEMORY, refused.resultCode());
        assertTrue(refused.resultDesc().contains("at most 1000 bytes of server memory"), refused.resultDesc());
        assertTrue(refused.result().isEmpty());
    }

    /**
     * A long session (cbapi's walk(): a directory list and a path_islink per directory, errors swallowed) runs far
     * more commands than its results' share holds, and more than the cap on pending commands: nothing fails, the
     * newest results are readable, the oldest say they are no longer held.
     */
    @Test
    void aLongWalkKeepsWorkingAndItsOldestResultsAreEvicted() throws Exception {
        // Each result takes about 1,400 bytes of heap: three fit in 5,000.
        lr.maxResultBytesPerSession = 5000;
        lr.maxCommandsPerSession = 2;
        SessionView s = activeSession(1);
        List<LiveCommand> done = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            LiveCommand c = lr.command(s.id(), A, "directory list", TextNode.valueOf("/d" + i + "/"), args());
            var fields =
                    Json.MAPPER.createObjectNode().put("x", Integer.toString(i).repeat(600 / 2));
            lr.result(1, new Result(s.id(), c.id(), "complete", fields, 0, "WinHresult", "", null));
            done.add(lr.command(s.id(), c.id(), Duration.ZERO, A));
        }
        assertTrue(done.stream().allMatch(c -> c.status() == CommandStatus.COMPLETE && c.resultCode() == 0));
        assertTrue(done.stream().allMatch(c -> !c.result().isEmpty()), "each was read whole when it completed");
        LiveCommand newest = lr.command(s.id(), done.getLast().id(), Duration.ZERO, A);
        assertEquals("59".repeat(300), newest.result().get("x").asText());
        assertEquals("", newest.resultDesc());
        LiveCommand oldest = lr.command(s.id(), done.getFirst().id(), Duration.ZERO, A);
        assertEquals(CommandStatus.COMPLETE, oldest.status());
        assertEquals(0, oldest.resultCode());
        assertTrue(oldest.result().isEmpty(), oldest.result().toString());
        assertTrue(oldest.resultDesc().startsWith(LiveResponse.EVICTED), oldest.resultDesc());
        assertEquals(TextNode.valueOf("/d0/"), oldest.object(), "the request stays");
        assertTrue(oldest.completed().isPresent());
        long held = lr.commands(s.id(), A).stream()
                .filter(c -> !c.result().isEmpty())
                .count();
        assertEquals(3, held, "the session holds what its share allows, the newest");
        assertTrue(lr.commands(s.id(), A).subList(57, 60).stream()
                .allMatch(c -> !c.result().isEmpty()));
    }

    /**
     * What a sensor says besides the result fields is bounded and counted too: a 15 MiB description is kept cut to
     * 4 KiB (saying so) and counts in the session's share, so error results cannot hold the heap for the storage time.
     */
    @Test
    void descriptionsAreCutAndCountTowardTheSessionsShare() throws Exception {
        lr.maxResultBytesPerSession = 40_000;
        SessionView s = activeSession(1);
        String huge = "E".repeat(15 << 20);
        List<LiveCommand> failed = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LiveCommand c = lr.command(s.id(), A, "kill", IntNode.valueOf(99), Json.MAPPER.createObjectNode());
            lr.result(
                    1, new Result(s.id(), c.id(), "error", null, LiveResponseProtocol.E_INVALIDARG, huge, huge, null));
            failed.add(lr.command(s.id(), c.id(), Duration.ZERO, A));
        }
        LiveCommand first = failed.getFirst();
        assertEquals(LiveResponseProtocol.E_INVALIDARG, first.resultCode());
        assertTrue(first.resultDesc().startsWith("E".repeat(LiveResponse.MAX_RESULT_TEXT)), "the start is kept");
        assertTrue(first.resultDesc().length() < LiveResponse.MAX_RESULT_TEXT + 100, "and not much more");
        assertTrue(first.resultDesc().endsWith(((15 << 20) - LiveResponse.MAX_RESULT_TEXT) + " more characters cut]"));
        assertTrue(first.resultType().length() < LiveResponse.MAX_RESULT_TEXT + 100);
        // Each keeps two texts of about 4 KiB (two bytes a character), 16.6 KB: two fit in 40,000 bytes, so the third
        // evicts the first.
        assertEquals(LiveResponseProtocol.E_INVALIDARG, failed.get(1).resultCode());
        assertEquals(LiveResponseProtocol.E_INVALIDARG, failed.get(2).resultCode());
        LiveCommand evicted = lr.command(s.id(), first.id(), Duration.ZERO, A);
        assertEquals(CommandStatus.ERROR, evicted.status());
        assertEquals(LiveResponseProtocol.E_INVALIDARG, evicted.resultCode());
        assertTrue(evicted.resultDesc().startsWith(LiveResponse.EVICTED), "its texts left memory");
        assertTrue(audit.stream().allMatch(e -> e.description().length() <= AuditLog.Entry.MAX_DESCRIPTION));
    }

    /** What the sensor says its session offers is kept bounded: catalogue commands, 64 drives, 4 KiB paths. */
    @Test
    void theSessionInfoASensorSendsIsBounded() throws Exception {
        SessionView s = lr.open(1, "a", Optional.empty());
        lr.poll(1, Duration.ZERO, false);
        List<String> commands = new java.util.ArrayList<>(LiveResponseProtocol.ALL_COMMANDS);
        for (int i = 0; i < 10_000; i++) commands.add("made up " + i);
        List<String> drives = java.util.Collections.nCopies(10_000, "D".repeat(10_000));
        lr.result(1, Result.opened(s.id(), new SessionInfo(commands, drives, "/".repeat(1 << 20))));
        SessionView active = lr.session(s.id(), A);
        assertEquals(SessionStatus.ACTIVE, active.status());
        assertEquals(LiveResponseProtocol.ALL_COMMANDS, active.supportedCommands());
        assertEquals(LiveResponse.MAX_DRIVES, active.drives().size());
        assertTrue(active.drives().getFirst().length() < LiveResponse.MAX_PATH_TEXT + 100);
        assertTrue(active.currentWorkingDirectory().length() < LiveResponse.MAX_PATH_TEXT + 100);
    }

    /**
     * A command cancelled before the sensor took it is withdrawn: the sensor's next poll has neither it nor a cancel
     * (had both come together, the sensor would have run it). One the sensor has taken gets a cancel.
     */
    @Test
    void aCommandCancelledBeforeTheSensorTookItNeverReachesIt() throws Exception {
        SessionView s = activeSession(1);
        LiveCommand queued = lr.command(s.id(), A, "create process", TextNode.valueOf("format c:"), args());
        assertEquals(CommandStatus.CANCEL, lr.cancel(s.id(), queued.id(), A).status());
        LiveCommand taken = lr.command(s.id(), A, "process list", null, args());
        List<Work> work = lr.poll(1, Duration.ZERO, false);
        assertEquals(List.of(taken.id()), work.stream().map(Work::commandId).toList(), work.toString());
        assertEquals(LiveResponseProtocol.COMMAND, work.getFirst().type());

        lr.cancel(s.id(), taken.id(), A);
        assertEquals(List.of(Work.cancel(s.id(), taken.id())), lr.poll(1, Duration.ZERO, false));
        assertTrue(audit.stream()
                        .filter(e -> e.description().endsWith(": cancelled"))
                        .count()
                == 2);
    }

    /**
     * A session that ends while a command is being handed to the sensor: the end waits until the hand-over is done
     * and then withdraws the command, so nothing of the session reaches the sensor after its close (which would run
     * it in a session the server has ended). The close is started at the moment the command is made into work.
     */
    @Test
    void noCommandReachesTheSensorAfterItsSessionsClose() throws Exception {
        SessionView s = activeSession(1);
        var closer = new java.util.concurrent.atomic.AtomicReference<Thread>();
        TextNode line = new TextNode("cmd.exe /c dir") {
            @Override
            public String asText() {
                if (closer.get() == null) {
                    Thread t = Thread.ofPlatform().start(() -> lr.close(s.id(), A));
                    closer.set(t);
                    // Until the close is done, or waits for the session (which the hand-over holds).
                    while (t.isAlive() && t.getState() != Thread.State.WAITING && t.getState() != Thread.State.BLOCKED)
                        Thread.onSpinWait();
                }
                return super.asText();
            }
        };
        LiveCommand c = lr.command(s.id(), A, "create process", line, args());
        closer.get().join();
        assertEquals(List.of(Work.close(s.id())), lr.poll(1, Duration.ZERO, false));
        assertEquals(
                CommandStatus.CANCEL,
                lr.command(s.id(), c.id(), Duration.ZERO, A).status());
    }

    /**
     * The sensor writes only the file a pending get file or memdump of its session waits for: not an analyst's
     * upload, not the file of a command that completed, failed or was cancelled, not one of a closed session.
     */
    @Test
    void theSensorWritesOnlyTheFileAPendingCommandWaitsFor() throws Exception {
        SessionView s = activeSession(1);
        Path uploaded = Files.write(dir.resolve("upload"), "the analyst's tool".getBytes());
        StoredFile tool;
        try (UploadRoom room = lr.uploadRoom(s.id(), A, java.util.OptionalLong.of(100), 0)) {
            tool = lr.upload(s.id(), A, "tool.exe", uploaded, room);
        }
        assertRefused(s.id(), tool.id());
        assertEquals("the analyst's tool", content(s.id(), tool.id()));

        LiveCommand get = lr.command(s.id(), A, "get file", TextNode.valueOf("/etc/hostname"), args());
        long fid = get.fileId().orElseThrow();
        lr.receive(1, s.id(), fid, bytes("first try"));
        lr.receive(1, s.id(), fid, bytes("myhost")); // a retry while pending replaces it
        lr.result(1, Result.complete(s.id(), get.id(), null));
        assertRefused(s.id(), fid);
        assertEquals("myhost", content(s.id(), fid));

        LiveCommand failed = lr.command(s.id(), A, "memdump", TextNode.valueOf("/tmp/m"), args());
        lr.result(1, Result.error(s.id(), failed.id(), LiveResponseProtocol.E_ACCESS_DENIED, "denied"));
        assertRefused(s.id(), failed.fileId().orElseThrow());
        assertEquals(
                LiveResponseProtocol.E_ACCESS_DENIED,
                lr.file(s.id(), failed.fileId().orElseThrow(), A).status(),
                "the failed file still says why");

        LiveCommand cancelled = lr.command(s.id(), A, "get file", TextNode.valueOf("/x"), args());
        lr.cancel(s.id(), cancelled.id(), A);
        assertRefused(s.id(), cancelled.fileId().orElseThrow());

        // Cancelled while its content arrived: the content is thrown away, and its room given back.
        LiveCommand racing = lr.command(s.id(), A, "get file", TextNode.valueOf("/y"), args());
        long before = lr.storageBytes();
        InputStream cancelledMidway = new InputStream() {
            int sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent == 1) lr.cancel(s.id(), racing.id(), A);
                if (sent++ >= 2) return -1;
                b[off] = 7;
                return 1;
            }
        };
        assertEquals(
                "file_not_found",
                assertThrows(
                                LiveResponseProblem.class,
                                () -> lr.receive(1, s.id(), racing.fileId().orElseThrow(), cancelledMidway))
                        .reason());
        assertFalse(lr.file(s.id(), racing.fileId().orElseThrow(), A).complete());
        assertEquals(before, lr.storageBytes());

        LiveCommand open = lr.command(s.id(), A, "get file", TextNode.valueOf("/z"), args());
        lr.close(s.id(), A);
        assertThrows(
                LiveResponseProblem.class,
                () -> lr.receive(1, s.id(), open.fileId().orElseThrow(), bytes("late")));
    }

    private void assertRefused(long sessionId, long fileId) {
        LiveResponseProblem p = assertThrows(
                LiveResponseProblem.class, () -> lr.receive(1, sessionId, fileId, bytes("replaced by the sensor")));
        assertEquals(Problem.Kind.NOT_FOUND, p.kind());
        assertEquals("file_not_found", p.reason());
    }

    private String content(long sessionId, long fileId) throws Exception {
        try (InputStream in = lr.content(sessionId, fileId, A)) {
            return new String(in.readAllBytes());
        }
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes());
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode args() {
        return Json.MAPPER.createObjectNode();
    }

    /**
     * A session holds a bounded number of commands of bounded size, and an ended one keeps little of them in memory
     * (the command log on disk keeps everything).
     */
    @Test
    void commandsAreBoundedInSizeAndNumberAndEndedSessionsKeepLittle() throws Exception {
        lr.maxCommandsPerSession = 3;
        SessionView s = activeSession(1);
        var big = args().put("value_data", "x".repeat(LiveResponse.MAX_COMMAND_BYTES));
        LiveResponseProblem tooLarge = assertThrows(
                LiveResponseProblem.class,
                () -> lr.command(s.id(), A, "reg set value", TextNode.valueOf("HKLM\\x"), big));
        assertEquals(Problem.Kind.INVALID, tooLarge.kind());
        assertEquals("command_too_large", tooLarge.reason());
        assertTrue(tooLarge.getMessage().contains("at most " + LiveResponse.MAX_COMMAND_BYTES), tooLarge.getMessage());

        String line = "cmd.exe /c " + "y".repeat(5000);
        LiveCommand proc = lr.command(s.id(), A, "create process", TextNode.valueOf(line), args().put("wait", true));
        lr.command(s.id(), A, "process list", null, args());
        LiveCommand third = lr.command(s.id(), A, "process list", null, args());
        LiveResponseProblem tooMany =
                assertThrows(LiveResponseProblem.class, () -> lr.command(s.id(), A, "process list", null, args()));
        assertEquals(Problem.Kind.CONFLICT, tooMany.kind());
        assertEquals("too_many_commands", tooMany.reason());
        assertTrue(tooMany.getMessage().contains("3 commands pending"), tooMany.getMessage());
        assertEquals(3, lr.commands(s.id(), A).size());
        // Only pending commands count: once one is done, another is taken.
        lr.result(1, new Result(s.id(), third.id(), "complete", args(), 0, "WinHresult", "", null));
        lr.command(s.id(), A, "process list", null, args());
        assertEquals(4, lr.commands(s.id(), A).size());

        lr.close(s.id(), A);
        LiveCommand kept = lr.command(s.id(), proc.id(), Duration.ZERO, A);
        assertTrue(kept.args().isEmpty(), kept.args().toString());
        assertTrue(kept.objectText().startsWith("cmd.exe /c yyy"));
        assertTrue(kept.objectText().length() < LiveResponse.MAX_KEPT_OBJECT + 100, "cut in memory");
        var log = Json.MAPPER.readTree(
                dir.resolve("sessions/" + s.id() + "/commands.json").toFile());
        assertEquals(proc.id(), log.get(0).get("id").asLong(), "the log on disk has the commands");
    }

    /** A session remembers a bounded number of commands, finished ones included, and of request bytes. */
    @Test
    void aSessionRemembersABoundedNumberOfCommands() throws Exception {
        lr.maxRememberedCommandsPerSession = 5;
        SessionView s = activeSession(1);
        for (int i = 0; i < 5; i++) {
            LiveCommand c = lr.command(s.id(), A, "process list", null, args());
            lr.result(1, new Result(s.id(), c.id(), "complete", args(), 0, "WinHresult", "", null));
        }
        LiveResponseProblem full =
                assertThrows(LiveResponseProblem.class, () -> lr.command(s.id(), A, "process list", null, args()));
        assertEquals(Problem.Kind.CONFLICT, full.kind());
        assertEquals("too_many_commands", full.reason());
        assertTrue(full.getMessage().contains("close it and open another"), full.getMessage());

        lr.maxRememberedCommandsPerSession = 1000;
        lr.maxRequestBytesPerSession = 10_000;
        String path = "/" + "p".repeat(4000);
        lr.command(s.id(), A, "directory list", TextNode.valueOf(path), args());
        lr.command(s.id(), A, "directory list", TextNode.valueOf(path), args());
        LiveResponseProblem bytes = assertThrows(
                LiveResponseProblem.class,
                () -> lr.command(s.id(), A, "directory list", TextNode.valueOf(path), args()));
        assertEquals("too_many_commands", bytes.reason());
        assertEquals(7, lr.commands(s.id(), A).size());
    }

    /**
     * A get file the session refuses leaves no file behind: none listed, none the sensor may write (it was made only
     * for a command taken).
     */
    @Test
    void aRefusedGetFileLeavesNoFile() throws Exception {
        lr.maxCommandsPerSession = 1;
        SessionView s = activeSession(1);
        lr.command(s.id(), A, "process list", null, args());
        String name = "/" + "n".repeat(60_000);
        LiveResponseProblem refused = assertThrows(
                LiveResponseProblem.class, () -> lr.command(s.id(), A, "get file", TextNode.valueOf(name), args()));
        assertEquals("too_many_commands", refused.reason());
        assertEquals(List.of(), lr.files(s.id(), A));
        LiveResponseProblem notAsked =
                assertThrows(LiveResponseProblem.class, () -> lr.receive(1, s.id(), 1, bytes("stolen")));
        assertEquals("file_not_found", notAsked.reason());
        assertEquals(List.of(), lr.files(s.id(), A));
        assertEquals(0, lr.storageBytes());
    }

    /** An ended session keeps its files' names cut, as its commands' objects (the command log has them whole). */
    @Test
    void anEndedSessionKeepsItsFileNamesCut() throws Exception {
        SessionView s = activeSession(1);
        String name = "/" + "n".repeat(60_000);
        LiveCommand get = lr.command(s.id(), A, "get file", TextNode.valueOf(name), args());
        assertEquals(name, lr.file(s.id(), get.fileId().orElseThrow(), A).fileName(), "whole while open");
        lr.close(s.id(), A);
        String kept = lr.file(s.id(), get.fileId().orElseThrow(), A).fileName();
        assertTrue(kept.startsWith("/nnn"), kept);
        assertTrue(kept.length() < LiveResponse.MAX_KEPT_OBJECT + 100, "cut in memory: " + kept.length());
    }

    /**
     * A client may ask a shorter session_timeout than the server's, never a longer one: sessions are shared by all
     * groups (--lr-max-sessions), and one client must not hold a slot for a day.
     */
    @Test
    void aClientsSessionTimeoutIsCappedAtTheServers() throws Exception {
        assertEquals(
                Duration.ofSeconds(300),
                lr.open(1, "a", Optional.of(Duration.ofDays(1))).sessionTimeout());
        assertEquals(
                Duration.ofSeconds(60),
                lr.open(2, "a", Optional.of(Duration.ofSeconds(60))).sessionTimeout());
    }

    private SessionView activeSession(int sensorId) throws Exception {
        SessionView s = lr.open(sensorId, "a", Optional.empty());
        lr.poll(sensorId, Duration.ZERO, false);
        lr.result(sensorId, Result.opened(s.id(), new SessionInfo(LiveResponseProtocol.ALL_COMMANDS, List.of(), "")));
        return s;
    }

    /**
     * A user holding {@link LiveResponse#MAX_WAITS_PER_USER} waits is answered at once on the next (with the wait at
     * an hour, a missing cap would hang this test rather than pass it).
     */
    @Test
    void aUserHoldsABoundedNumberOfWaits() throws Exception {
        lr.close();
        lr = open(new LiveResponseLimits(
                10,
                Duration.ofSeconds(120),
                Duration.ofSeconds(300),
                Duration.ofSeconds(1200),
                Duration.ofDays(7),
                1000,
                1500,
                Duration.ofHours(1),
                Duration.ofSeconds(60)));
        SessionView s = lr.open(1, "a", Optional.empty());
        LiveCommand ps = lr.command(s.id(), A, "process list", null, Json.MAPPER.createObjectNode());
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<LiveCommand>> held = new java.util.ArrayList<>();
            for (int i = 0; i < LiveResponse.MAX_WAITS_PER_USER; i++)
                held.add(pool.submit(() -> lr.command(s.id(), ps.id(), Duration.ofHours(1), A)));
            while (lr.waitsHeld("a") < LiveResponse.MAX_WAITS_PER_USER) Thread.onSpinWait();
            assertEquals(
                    CommandStatus.PENDING,
                    lr.command(s.id(), ps.id(), Duration.ofHours(1), A).status());
            // Another user still waits (and is woken by the result like the others).
            var other = pool.submit(() -> lr.command(s.id(), ps.id(), Duration.ofHours(1), LiveClient.everywhere("b")));
            while (lr.waitsHeld("b") < 1) Thread.onSpinWait();
            lr.poll(1, Duration.ZERO, false);
            lr.result(1, Result.complete(s.id(), ps.id(), null));
            for (var f : held) assertEquals(CommandStatus.COMPLETE, f.get().status());
            assertEquals(CommandStatus.COMPLETE, other.get().status());
        }
        assertEquals(0, lr.waitsHeld("a"));
    }

    @Test
    void theAuditNamesJoinsAndWhatCommandsCarry() throws Exception {
        SessionView s = lr.open(1, "alice", Optional.empty());
        lr.open(1, "bob", Optional.empty());
        var args = Json.MAPPER.createObjectNode().put("value_type", "REG_SZ").put("value_data", "evil");
        lr.command(s.id(), LiveClient.everywhere("bob"), "reg set value", TextNode.valueOf("HKLM\\x\\y"), args);
        List<String> entries =
                audit.stream().map(e -> e.username() + " " + e.description()).toList();
        assertTrue(entries.contains("bob sensor 1 (HOST-1): session joined"), entries.toString());
        assertTrue(
                entries.stream()
                        .anyMatch(e -> e.startsWith("bob sensor 1: reg set value HKLM\\x\\y: issued with ")
                                && e.contains("\"value_data\":\"evil\"")),
                entries.toString());
    }

    @Test
    void directoriesFromBeforeARestartGoAfterTheirStorageTime() throws Exception {
        lr.close();
        Path old = Files.createDirectories(dir.resolve("sessions/5/files"));
        Files.write(old.resolve("1"), new byte[10]);
        Files.setLastModifiedTime(old.getParent(), java.nio.file.attribute.FileTime.from(clock.instant()));
        lr = open(LiveResponseLimits.defaults());
        assertEquals(10, lr.storageBytes());
        long fresh = lr.open(1, "a", Optional.empty()).id();
        assertTrue(fresh > 5, "new sessions are numbered after old ones");
        clock.advance(Duration.ofDays(6));
        lr.expireNow();
        assertTrue(Files.exists(old));
        clock.advance(Duration.ofDays(2));
        lr.expireNow();
        assertFalse(Files.exists(old.getParent()));
        // What is left is the new session's command log (it timed out pending meanwhile).
        assertEquals(Files.size(dir.resolve("sessions/" + fresh + "/commands.json")), lr.storageBytes());
    }
}
