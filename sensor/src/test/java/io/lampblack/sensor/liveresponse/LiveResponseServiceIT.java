package io.lampblack.sensor.liveresponse;

import static io.lampblack.sensor.liveresponse.CommandExecutorTest.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Result;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Work;
import io.lampblack.sensor.client.SensorClient;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service against a server speaking §7 over real HTTP: sessions opened, commands run and answered (only in an
 * open session), files both ways, a long command beside short ones, cancel and close, and a poll that survives 409s
 * and server errors.
 */
class LiveResponseServiceIT {

    private static final int SENSOR = 42;
    private static final long SESSION = 9;

    @TempDir
    Path dir;

    private SectionSevenServer server;
    private LiveResponseService service;

    @BeforeEach
    void start() throws Exception {
        server = new SectionSevenServer(SENSOR, "s3cret");
        server.conflictsLeft.set(1);
        server.failuresLeft.set(2);
        service = startService(LiveResponseService.Limits.DEFAULT);
    }

    private LiveResponseService startService(LiveResponseService.Limits limits) {
        SensorClient client = new SensorClient(server.uri(), HttpClient.newHttpClient());
        return LiveResponseService.start(
                client,
                new SensorClient.Identity(SENSOR, "s3cret"),
                dir,
                new CommandExecutor(SENSOR),
                new LiveResponseService.Pauses(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(10)),
                limits);
    }

    @AfterEach
    void stop() {
        if (service != null) service.close();
        if (server != null) server.close();
    }

    @Test
    void anOpenAfterConflictsAndServerErrorsIsAnsweredWithWhatTheSessionOffers() throws Exception {
        server.work.add(Work.open(SESSION));
        Result opened = server.nextResult();
        assertEquals(SESSION, opened.sessionId());
        assertEquals(0, opened.commandId());
        assertEquals(LiveResponseProtocol.COMPLETE, opened.status());
        assertEquals(
                LiveResponseProtocol.NON_REGISTRY_COMMANDS, opened.session().supportedCommands());
        assertEquals(List.of("/"), opened.session().drives());
        assertEquals(dir.toAbsolutePath().toString(), opened.session().currentWorkingDirectory());
        assertTrue(server.polls.get() >= 4, "a 409 and two 503s were retried: " + server.polls.get());
    }

    @Test
    void filesTravelBothWaysAndErrorsCarryTheirHresult() throws Exception {
        Files.writeString(dir.resolve("evidence.txt"), "what the analyst wants");
        server.analystFiles.put(77L, "tool".getBytes(StandardCharsets.UTF_8));
        server.work.add(Work.open(SESSION));
        server.nextResult();

        server.work.add(command(1, LiveResponseProtocol.GET_FILE, "evidence.txt", null, 501L, null));
        Result got = server.nextResult();
        assertEquals(LiveResponseProtocol.COMPLETE, got.status(), got.resultDesc());
        assertEquals("what the analyst wants", new String(server.uploads.get(501L), StandardCharsets.UTF_8));

        server.work.add(command(2, LiveResponseProtocol.PUT_FILE, dir + "/tool.sh", null, 77L, 4L));
        Result put = server.nextResult();
        assertEquals(LiveResponseProtocol.COMPLETE, put.status(), put.resultDesc());
        assertEquals("tool", Files.readString(dir.resolve("tool.sh")));

        server.work.add(command(3, LiveResponseProtocol.PUT_FILE, dir + "/other", null, 78L, 4L));
        Result missingUpload = server.nextResult();
        assertEquals(LiveResponseProtocol.ERROR, missingUpload.status());
        assertEquals(LiveResponseProtocol.E_FAIL, missingUpload.resultCode());
        assertFalse(Files.exists(dir.resolve("other")));

        server.work.add(command(4, LiveResponseProtocol.DIRECTORY_LIST, "/no/such/dir/", null, null, null));
        Result missing = server.nextResult();
        assertEquals(4, missing.commandId());
        assertEquals(LiveResponseProtocol.ERROR, missing.status());
        assertEquals(LiveResponseProtocol.E_PATH_NOT_FOUND, missing.resultCode());
        assertEquals(LiveResponseProtocol.WIN_HRESULT, missing.resultType());
        assertTrue(missing.resultDesc().contains("/no/such"), missing.resultDesc());

        server.work.add(command(5, LiveResponseProtocol.DIRECTORY_LIST, ".", null, null, null));
        Result listed = server.nextResult();
        assertEquals(LiveResponseProtocol.COMPLETE, listed.status());
        assertTrue(listed.result().get("files").toString().contains("evidence.txt"));
    }

    @Test
    void aResultTheServerRefusesAsTooLargeIsReplacedByAShortErrorNotSentAgain() throws Exception {
        server.work.add(Work.open(SESSION));
        server.nextResult();
        server.maxResultBytes = 4096; // any process list of a real machine is larger
        server.work.add(command(1, LiveResponseProtocol.PROCESS_LIST, null, null, null, null));
        Result r = server.nextResult();
        assertEquals(1, r.commandId());
        assertEquals(LiveResponseProtocol.ERROR, r.status());
        assertEquals(LiveResponseProtocol.E_FAIL, r.resultCode());
        assertTrue(r.resultDesc().contains("larger than the server takes"), r.resultDesc());
        assertEquals(1, server.resultsTooLarge.get(), "the big result was sent once, not retried");
    }

    /** A server busy with the sensor's other results (429) is waited for, more times than a failure is retried. */
    @Test
    void aResultTheServerIsTooBusyToTakeIsSentOnceItCan() throws Exception {
        openSession();
        server.resultsBusyLeft.set(20);
        server.work.add(command(1, LiveResponseProtocol.DIRECTORY_LIST, dir.toString(), null, null, null));
        Result r = server.nextResult();
        assertEquals(1, r.commandId());
        assertEquals(LiveResponseProtocol.COMPLETE, r.status());
        assertEquals(0, server.resultsBusyLeft.get());
    }

    @Test
    void aLongCommandDoesNotHoldUpOthersAndCancelStopsIt() throws Exception {
        ProcessHandle sleeper = startWaitedProcess(1);
        server.work.add(command(2, LiveResponseProtocol.PROCESS_LIST, null, null, null, null));
        Result list = server.nextResult();
        assertEquals(2, list.commandId(), "the process list is answered while the long command runs");
        assertEquals(LiveResponseProtocol.COMPLETE, list.status());
        assertTrue(
                list.result().get("processes").findValuesAsText("pid").contains(Long.toString(sleeper.pid())),
                "the long command's process is running meanwhile");
        assertNull(server.results.peek(), "the long command has not answered");

        server.work.add(Work.cancel(SESSION, 1));
        Result cancelled = server.nextResult();
        assertEquals(1, cancelled.commandId());
        assertEquals(LiveResponseProtocol.ERROR, cancelled.status());
        assertEquals(LiveResponseProtocol.E_ABORT, cancelled.resultCode());
        sleeper.onExit().join();
        assertFalse(sleeper.isAlive(), "cancel killed the process it waited for");
    }

    @Test
    void closingTheSessionStopsWhatItRuns() throws Exception {
        ProcessHandle sleeper = startWaitedProcess(1);
        server.work.add(Work.close(SESSION));
        sleeper.onExit().join();
        assertFalse(sleeper.isAlive());

        // the service goes on polling: a new session works
        server.work.add(Work.open(SESSION + 1));
        Result opened = server.nextResult();
        assertEquals(SESSION + 1, opened.sessionId(), "nothing was posted for the closed session's command");
    }

    @Test
    void closingTheServiceStopsRunningCommands() throws Exception {
        ProcessHandle sleeper = startWaitedProcess(1);
        service.close();
        sleeper.onExit().join();
        assertFalse(service.busy());
    }

    @Test
    void aCommandBeyondTheLimitIsAnsweredBusyAndACommandHandedOutTwiceRunsOnce() throws Exception {
        service.close();
        service = startService(new LiveResponseService.Limits(1, Duration.ofHours(1)));
        ProcessHandle sleeper = startWaitedProcess(1);

        server.work.add(command(2, LiveResponseProtocol.PROCESS_LIST, null, null, null, null));
        Result busy = server.nextResult();
        assertEquals(2, busy.commandId());
        assertEquals(LiveResponseProtocol.ERROR, busy.status());
        assertEquals(LiveResponseProtocol.E_FAIL, busy.resultCode());
        assertTrue(busy.resultDesc().startsWith("busy"), busy.resultDesc());

        server.work.add(Work.cancel(SESSION, 1));
        assertEquals(LiveResponseProtocol.E_ABORT, server.nextResult().resultCode());
        sleeper.onExit().join();

        Path made = dir.resolve("made");
        server.work.add(command(3, LiveResponseProtocol.CREATE_DIRECTORY, made.toString(), null, null, null));
        assertEquals(LiveResponseProtocol.COMPLETE, server.nextResult().status(), "a slot is free again");
        Files.delete(made);
        server.work.add(command(3, LiveResponseProtocol.CREATE_DIRECTORY, made.toString(), null, null, null));
        server.work.add(command(4, LiveResponseProtocol.DIRECTORY_LIST, ".", null, null, null));
        Result next = server.nextResult();
        assertEquals(4, next.commandId(), "command 3 handed out again was not run again");
        assertFalse(Files.exists(made));
    }

    @Test
    void aSessionIdleLongerThanTheLimitIsForgottenAndTakenUpAgain() throws Exception {
        service.close();
        service = startService(new LiveResponseService.Limits(8, Duration.ZERO));
        openSession();
        Path made = dir.resolve("made");
        server.work.add(command(3, LiveResponseProtocol.CREATE_DIRECTORY, made.toString(), null, null, null));
        assertEquals(LiveResponseProtocol.COMPLETE, server.nextResult().status());
        Files.delete(made);
        server.work.add(Work.open(SESSION + 1)); // any answer of the poll: the idle session is forgotten after it
        assertEquals(SESSION + 1, server.nextResult().sessionId());
        // The server still has it open (kept by keepalives): the same command id runs again, nothing is remembered.
        server.work.add(command(3, LiveResponseProtocol.CREATE_DIRECTORY, made.toString(), null, null, null));
        Result again = server.nextResult();
        assertEquals(3, again.commandId(), "a forgotten session remembers no commands");
        assertEquals(LiveResponseProtocol.COMPLETE, again.status());
        assertTrue(Files.exists(made));
    }

    /**
     * A command for a session the server closed is answered with an error and does not run (a command handed out
     * after its session's close must not run).
     */
    @Test
    void aCommandForAClosedSessionIsRefusedAndDoesNotRun() throws Exception {
        Path made = dir.resolve("made");
        openSession();
        server.work.add(Work.close(SESSION));
        server.work.add(command(2, LiveResponseProtocol.CREATE_DIRECTORY, made.toString(), null, null, null));
        Result closed = server.nextResult();
        assertEquals(2, closed.commandId());
        assertEquals(LiveResponseProtocol.ERROR, closed.status());
        assertTrue(closed.resultDesc().contains("closed"), closed.resultDesc());
        assertFalse(Files.exists(made), "the command did not run");
        try (var s = Files.list(dir)) {
            assertEquals(List.of(), s.toList());
        }
        // A server whose numbering restarted (its old sessions purged) opens the same id again: a new session.
        openSession();
        server.work.add(command(3, LiveResponseProtocol.CREATE_DIRECTORY, made.toString(), null, null, null));
        assertEquals(LiveResponseProtocol.COMPLETE, server.nextResult().status());
        assertTrue(Files.exists(made));
    }

    @Test
    void aPutFileLongerThanAnnouncedIsRefusedAndLeavesNothing() throws Exception {
        openSession();
        server.analystFiles.put(77L, "far more than four bytes".getBytes(StandardCharsets.UTF_8));
        server.work.add(command(1, LiveResponseProtocol.PUT_FILE, dir + "/tool.sh", null, 77L, 4L));
        Result put = server.nextResult();
        assertEquals(LiveResponseProtocol.E_FAIL, put.resultCode(), put.resultDesc());
        try (var s = Files.list(dir)) {
            assertEquals(List.of(), s.toList());
        }
    }

    /** Command {@code id}: a process the service waits for, which runs until it is killed; answers it once it runs. */
    private ProcessHandle startWaitedProcess(long id) throws Exception {
        openSession();
        Path pidFile = dir.resolve("pid-" + id);
        server.work.add(command(
                id,
                LiveResponseProtocol.CREATE_PROCESS,
                "/bin/sh -c 'echo $$ > " + pidFile + "; exec sleep 600'",
                args("wait", true),
                null,
                null));
        while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) Thread.sleep(20);
        return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                .orElseThrow();
    }

    /** Opens {@link #SESSION}, as the server does before it sends commands; answers once it is open. */
    private void openSession() throws InterruptedException {
        server.work.add(Work.open(SESSION));
        Result opened = server.nextResult();
        assertEquals(0, opened.commandId());
    }

    private static Work command(long id, String name, String object, ObjectNode args, Long fileId, Long fileSize) {
        return new Work(LiveResponseProtocol.COMMAND, SESSION, id, name, object, args, fileId, fileSize);
    }
}
