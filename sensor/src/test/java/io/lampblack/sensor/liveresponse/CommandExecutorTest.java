package io.lampblack.sensor.liveresponse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lampblack.protocol.ProcessGuid;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Work;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command of the catalogue on this machine's real files and processes, and the errors a user would meet. */
class CommandExecutorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SENSOR = 7;

    @TempDir
    Path dir;

    private final CommandExecutor executor = new CommandExecutor(SENSOR);
    private final MemoryFiles files = new MemoryFiles();
    private final List<Process> started = new ArrayList<>();
    /** Processes a test started through the executor, killed whatever the test's outcome. */
    private final List<ProcessHandle> orphans = new ArrayList<>();

    @AfterEach
    void killChildren() {
        for (Process p : started) {
            if (p == null) continue;
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        orphans.forEach(ProcessHandle::destroyForcibly);
    }

    // --- directory list

    @Test
    void aDirectoryListsDotEntriesThenItsEntriesWithWindowsAttributes() throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "hello");
        Files.setLastModifiedTime(a, FileTime.from(Instant.ofEpochSecond(1_600_000_000L)));
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve(".hidden"), "x");
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("sub"));
        Path ro = Files.writeString(dir.resolve("ro.txt"), "r");
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r--r--r--"));

        JsonNode listed =
                run(LiveResponseProtocol.DIRECTORY_LIST, dir + "/", null).get("files");

        assertEquals(List.of(".", "..", ".hidden", "a.txt", "link", "ro.txt", "sub"), names(listed));
        Map<String, JsonNode> byName = byName(listed);
        assertEquals(List.of("DIRECTORY"), attributes(byName.get(".")));
        assertEquals(List.of("ARCHIVE"), attributes(byName.get("a.txt")));
        assertEquals(5, byName.get("a.txt").get("size").asLong());
        assertEquals(1_600_000_000L, byName.get("a.txt").get("last_write_time").asLong());
        assertTrue(byName.get("a.txt").get("create_time").isIntegralNumber());
        assertTrue(byName.get("a.txt").get("last_access_time").isIntegralNumber());
        assertEquals(List.of("DIRECTORY"), attributes(byName.get("sub")));
        assertEquals(0, byName.get("sub").get("size").asLong());
        assertEquals(List.of("ARCHIVE", "HIDDEN"), attributes(byName.get(".hidden")));
        assertEquals(List.of("REPARSE_POINT"), attributes(byName.get("link")), "a link is never walked into");
        assertEquals(List.of("ARCHIVE", "READONLY"), attributes(byName.get("ro.txt")));
    }

    @Test
    void withoutTrailingSlashADirectoryStillListsItsEntries() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "hello");
        assertEquals(
                List.of(".", "..", "a.txt"),
                names(run(LiveResponseProtocol.DIRECTORY_LIST, dir.toString(), null)
                        .get("files")));
    }

    @Test
    void aWildcardListsWhatMatchesAndStarMatchesDotEntriesAsOnWindows() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "1");
        Files.writeString(dir.resolve("b.log"), "2");
        assertEquals(
                List.of("a.txt"),
                names(run(LiveResponseProtocol.DIRECTORY_LIST, dir + "/*.txt", null)
                        .get("files")));
        assertEquals(
                List.of(".", "..", "a.txt", "b.log"),
                names(run(LiveResponseProtocol.DIRECTORY_LIST, dir + "/*", null).get("files")));
    }

    @Test
    void onlyStarAndQuestionMarkAreWildcardsAndNoPatternIsMalformed() throws Exception {
        Files.writeString(dir.resolve("a[1].txt"), "1");
        Files.writeString(dir.resolve("b{x,y}.log"), "2");
        Files.writeString(dir.resolve("c\\d"), "3");
        Files.writeString(dir.resolve("a1.txt"), "4");
        assertEquals(List.of("a[1].txt"), names(list(dir + "/a[1]*")));
        assertEquals(List.of("b{x,y}.log"), names(list(dir + "/*{x,y}*")));
        assertEquals(List.of("c\\d"), names(list(dir + "/c\\?")));
        assertEquals(List.of("a1.txt"), names(list(dir + "/a?.txt")));
        for (String malformed : List.of("[*", "*{", "*\\", "*[a-")) {
            assertEquals(List.of(), names(list(dir + "/" + malformed)), malformed);
        }
    }

    private JsonNode list(String object) throws Exception {
        return run(LiveResponseProtocol.DIRECTORY_LIST, object, null).get("files");
    }

    @Test
    void aFileListsItselfAndRelativePathsStartInTheSessionDirectory() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "hello");
        JsonNode listed =
                run(LiveResponseProtocol.DIRECTORY_LIST, "a.txt", null).get("files");
        assertEquals(List.of("a.txt"), names(listed));
        assertEquals(5, listed.get(0).get("size").asLong());
    }

    @Test
    void listingWhatIsNotThereSaysWhichPartIsMissing() {
        assertFails(LiveResponseProtocol.E_FILE_NOT_FOUND, LiveResponseProtocol.DIRECTORY_LIST, dir + "/nothing", null);
        assertFails(
                LiveResponseProtocol.E_PATH_NOT_FOUND, LiveResponseProtocol.DIRECTORY_LIST, dir + "/no/such/*", null);
        assertFails(LiveResponseProtocol.E_INVALIDARG, LiveResponseProtocol.DIRECTORY_LIST, "", null);
    }

    @Test
    void aDirectoryWithMoreEntriesThanTheCapIsRefusedAndAWildcardNarrowsIt() throws Exception {
        Path big = Files.createDirectory(dir.resolve("big"));
        for (int i = 0; i <= DirectoryListing.MAX_ENTRIES; i++) Files.createFile(big.resolve("f" + i));
        Files.createFile(big.resolve("wanted.log"));

        CommandFailure f = assertThrows(
                CommandFailure.class, () -> run(LiveResponseProtocol.DIRECTORY_LIST, big.toString(), null));
        assertEquals(Long.toHexString(LiveResponseProtocol.E_FAIL), Long.toHexString(f.hresult()));
        assertTrue(f.getMessage().startsWith("too many entries: narrow the path or use a wildcard"), f.getMessage());

        JsonNode narrowed =
                run(LiveResponseProtocol.DIRECTORY_LIST, big + "/*.log", null).get("files");
        assertEquals(List.of("wanted.log"), names(narrowed));
    }

    // --- files

    @Test
    void getFileUploadsTheContentWholeOrFromOffsetForCount() throws Exception {
        Files.writeString(dir.resolve("f.txt"), "0123456789");
        run(work(LiveResponseProtocol.GET_FILE, "f.txt", null, 11L, null));
        assertEquals("0123456789", files.uploadedText(11));

        run(work(LiveResponseProtocol.GET_FILE, dir + "/f.txt", args("offset", 3, "get_count", 4), 12L, null));
        assertEquals("3456", files.uploadedText(12));

        run(work(LiveResponseProtocol.GET_FILE, dir + "/f.txt", args("offset", "7"), 13L, null));
        assertEquals("789", files.uploadedText(13));
    }

    @Test
    void getFileRefusesWhatItCannotSendAndUploadsNothing() {
        assertFails(
                LiveResponseProtocol.E_FILE_NOT_FOUND, work(LiveResponseProtocol.GET_FILE, "missing", null, 1L, null));
        assertFails(
                LiveResponseProtocol.E_PATH_NOT_FOUND, work(LiveResponseProtocol.GET_FILE, "no/such", null, 1L, null));
        assertFails(
                LiveResponseProtocol.E_ACCESS_DENIED,
                work(LiveResponseProtocol.GET_FILE, dir.toString(), null, 1L, null));
        assertFails(LiveResponseProtocol.E_INVALIDARG, work(LiveResponseProtocol.GET_FILE, "x", null, null, null));
        assertTrue(files.uploads.isEmpty());
    }

    @Test
    void getFilePastTheEndIsAnInvalidArgument() throws Exception {
        Files.writeString(dir.resolve("f.txt"), "abc");
        assertFails(
                LiveResponseProtocol.E_INVALIDARG,
                work(LiveResponseProtocol.GET_FILE, "f.txt", args("offset", 4), 1L, null));
        assertFails(
                LiveResponseProtocol.E_INVALIDARG,
                work(LiveResponseProtocol.GET_FILE, "f.txt", args("offset", "x"), 1L, null));
    }

    @Test
    void putFileWritesTheAnalystsFileAndLeavesNoPartialFile() throws Exception {
        files.analystFiles.put(5L, "uploaded content".getBytes(StandardCharsets.UTF_8));
        run(work(LiveResponseProtocol.PUT_FILE, dir + "/new.txt", null, 5L, 16L));
        assertEquals("uploaded content", Files.readString(dir.resolve("new.txt")));
        assertEquals(List.of("new.txt"), listNames(dir));
    }

    @Test
    void putFileNeverOverwritesAndFailsCleanly() throws Exception {
        Files.writeString(dir.resolve("old.txt"), "keep me");
        files.analystFiles.put(5L, "new".getBytes(StandardCharsets.UTF_8));
        assertFails(
                LiveResponseProtocol.E_ALREADY_EXISTS, work(LiveResponseProtocol.PUT_FILE, "old.txt", null, 5L, 3L));
        assertEquals("keep me", Files.readString(dir.resolve("old.txt")));

        assertFails(
                LiveResponseProtocol.E_PATH_NOT_FOUND, work(LiveResponseProtocol.PUT_FILE, "no/dir/x", null, 5L, 3L));
        assertFails(LiveResponseProtocol.E_FAIL, work(LiveResponseProtocol.PUT_FILE, "short.txt", null, 5L, 99L));
        assertFails(LiveResponseProtocol.E_FAIL, work(LiveResponseProtocol.PUT_FILE, "unknown.txt", null, 6L, 3L));
        assertEquals(List.of("old.txt"), listNames(dir), "no partial or temporary file is left behind");
    }

    @Test
    void getFileReadsProcFilesThatSayTheyAreEmptyFromAnOffset() throws Exception {
        Path cmdline = Path.of("/proc/self/cmdline");
        assertEquals(0, Files.size(cmdline), "the kernel reports size 0 for /proc files");
        byte[] whole = Files.readAllBytes(cmdline);
        run(work(LiveResponseProtocol.GET_FILE, cmdline.toString(), args("offset", 2, "get_count", 5), 14L, null));
        assertArrayEquals(java.util.Arrays.copyOfRange(whole, 2, 7), files.uploads.get(14L));
    }

    @Test
    void filesTheSensorWritesAreTheSensorUsersAlone() throws Exception {
        files.analystFiles.put(5L, "tool".getBytes(StandardCharsets.UTF_8));
        run(work(LiveResponseProtocol.PUT_FILE, "put.bin", null, 5L, 4L));
        run(LiveResponseProtocol.CREATE_PROCESS, "echo secret", args("wait", true, "output_file", "out.txt"));
        Process child = startReady(null);
        run(LiveResponseProtocol.MEMDUMP, "dump.core", args("pid", child.pid()));
        for (String name : List.of("put.bin", "out.txt", "dump.core")) {
            assertEquals(
                    "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))), name);
        }

        // an output file that is a link is not written through, and what it points to is left alone
        Path victim = Files.writeString(dir.resolve("victim"), "keep");
        Files.createSymbolicLink(dir.resolve("linked.txt"), victim);
        assertFails(
                LiveResponseProtocol.E_ALREADY_EXISTS,
                LiveResponseProtocol.CREATE_PROCESS,
                "echo overwritten",
                args("wait", true, "output_file", "linked.txt"));
        assertEquals("keep", Files.readString(victim));
    }

    @Test
    void anExistingOutputFileIsRefusedNotTakenOverAndNothingRuns() throws Exception {
        // a file someone else made (here: nobody's) would stay hers, and readable by her, were it emptied and reused
        Path hers = Files.writeString(dir.resolve("hers.txt"), "her notes");
        if (uid() == 0) Files.setAttribute(hers, "unix:uid", 65534);
        Path marker = dir.resolve("ran");
        CommandFailure f = assertThrows(
                CommandFailure.class,
                () -> run(
                        LiveResponseProtocol.CREATE_PROCESS,
                        "touch " + marker,
                        args("wait", true, "output_file", "hers.txt")));
        assertEquals(Long.toHexString(LiveResponseProtocol.E_ALREADY_EXISTS), Long.toHexString(f.hresult()));
        assertTrue(f.getMessage().contains("already exists"), f.getMessage());
        assertEquals("her notes", Files.readString(hers));
        assertFalse(Files.exists(marker), "the process was not started");
    }

    @Test
    void theOutputGoesToTheFileCreatedEvenIfALinkIsSwappedInForItsName() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "keep");
        Path out = dir.resolve("out.txt");
        try (OutputFile created = OutputFile.create(out)) {
            // someone who may write to the directory moves the new file away and puts a link in its place
            Files.move(out, dir.resolve("moved.txt"));
            Files.createSymbolicLink(out, victim);
            Process p = new ProcessBuilder("echo", "root's output")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(created.forRedirect()))
                    .start();
            started.add(p);
            assertEquals(0, p.waitFor());
        }
        assertEquals("keep", Files.readString(victim), "nothing went through the link");
        assertEquals(
                "root's output\n", Files.readString(dir.resolve("moved.txt")), "the output is in the file created");
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("moved.txt"))));
    }

    @Test
    void putFileNeverWritesThroughALinkSwappedInForItsPartFile() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "keep");
        files.analystFiles.put(5L, "evil".getBytes(StandardCharsets.UTF_8));
        files.beforeDownload = () -> {
            try (var s = Files.list(dir)) {
                Path part = s.filter(p -> p.getFileName().toString().endsWith(".lbpart"))
                        .findFirst()
                        .orElseThrow();
                Files.delete(part);
                Files.createSymbolicLink(part, victim);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        assertFails(LiveResponseProtocol.E_FAIL, work(LiveResponseProtocol.PUT_FILE, "placed", null, 5L, 4L));
        assertEquals("keep", Files.readString(victim));
        assertEquals(List.of("victim"), listNames(dir), "nothing placed, the swapped-in link removed");
    }

    @Test
    void putFileLongerThanAnnouncedIsRefusedWithoutStoringItAll() throws Exception {
        files.analystFiles.put(5L, "0123456789".getBytes(StandardCharsets.UTF_8));
        CommandFailure f = assertThrows(
                CommandFailure.class, () -> run(work(LiveResponseProtocol.PUT_FILE, "long", null, 5L, 3L)));
        assertEquals(LiveResponseProtocol.E_FAIL, f.hresult());
        assertTrue(f.getMessage().contains("more than 3"), f.getMessage());
        assertEquals(List.of(), listNames(dir));
    }

    @Test
    void deleteFileAndCreateDirectory() throws Exception {
        Files.writeString(dir.resolve("gone.txt"), "x");
        run(LiveResponseProtocol.DELETE_FILE, "gone.txt", null);
        assertFalse(Files.exists(dir.resolve("gone.txt")));
        assertFails(LiveResponseProtocol.E_FILE_NOT_FOUND, LiveResponseProtocol.DELETE_FILE, "gone.txt", null);
        assertFails(LiveResponseProtocol.E_PATH_NOT_FOUND, LiveResponseProtocol.DELETE_FILE, "no/such/file", null);

        run(LiveResponseProtocol.CREATE_DIRECTORY, dir + "/made", null);
        assertTrue(Files.isDirectory(dir.resolve("made")));
        assertFails(LiveResponseProtocol.E_ALREADY_EXISTS, LiveResponseProtocol.CREATE_DIRECTORY, "made", null);
        assertFails(LiveResponseProtocol.E_PATH_NOT_FOUND, LiveResponseProtocol.CREATE_DIRECTORY, "a/b/c", null);
        assertFails(LiveResponseProtocol.E_ACCESS_DENIED, LiveResponseProtocol.DELETE_FILE, "made", null);
        assertTrue(Files.isDirectory(dir.resolve("made")), "delete file never removes a directory");
    }

    // --- processes

    @Test
    void processListShowsAChildWithGuidsFromItsStartTime() throws Exception {
        Process child = startReady(null);
        JsonNode procs = run(LiveResponseProtocol.PROCESS_LIST, null, null).get("processes");
        JsonNode mine = find(procs, child.pid());
        JsonNode parent = find(procs, ProcessHandle.current().pid());

        assertEquals(ProcessHandle.current().pid(), mine.get("parent").asLong());
        assertEquals(
                Path.of("/bin/sh").toRealPath().toString(), mine.get("path").asText());
        assertEquals(
                "/bin/sh -c \"echo ready; read line\"", mine.get("command_line").asText());
        assertEquals(Long.toString(uid()), mine.get("sid").asText());
        assertFalse(mine.get("username").asText().isEmpty());
        long startTicks = ProcessStartTime.startTicks(child.pid());
        ProcessGuid guid = ProcessGuid.parse(mine.get("proc_guid").asText());
        assertEquals(new ProcessGuid(SENSOR, (int) child.pid(), ProcessStartTime.fileTime(startTicks)), guid);
        assertEquals(parent.get("proc_guid").asText(), mine.get("parent_guid").asText());
        long started = child.info().startInstant().orElseThrow().getEpochSecond();
        assertTrue(Math.abs(mine.get("create_time").asLong() - started) <= 1, mine + " vs " + started);
    }

    @Test
    void aHugeCommandLineIsShownCut() throws Exception {
        String huge = "x".repeat(100_000);
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "echo ready; read line", huge);
        Process p = pb.start();
        started.add(p);
        assertEquals("ready", new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine());
        String shown = find(run(LiveResponseProtocol.PROCESS_LIST, null, null).get("processes"), p.pid())
                .get("command_line")
                .asText();
        assertTrue(shown.startsWith("/bin/sh -c \"echo ready; read line\" xxx"), shown.substring(0, 40));
        assertTrue(shown.length() <= ProcessTable.MAX_COMMAND_LINE + 16, "length " + shown.length());
    }

    @Test
    void killEndsAProcessAndSaysWhenThereIsNone() throws Exception {
        Process child = startReady(null);
        run(LiveResponseProtocol.KILL, Long.toString(child.pid()), null);
        assertEquals(137, child.waitFor(), "SIGKILL");
        assertFails(LiveResponseProtocol.E_INVALIDARG, LiveResponseProtocol.KILL, Long.toString(child.pid()), null);
        assertFails(LiveResponseProtocol.E_INVALIDARG, LiveResponseProtocol.KILL, "notapid", null);
        assertFails(
                LiveResponseProtocol.E_ACCESS_DENIED,
                LiveResponseProtocol.KILL,
                Long.toString(ProcessHandle.current().pid()),
                null);
    }

    @Test
    void aProcessStillRunningAfterTheKillsWaitIsAFailureNotASuccess() throws Exception {
        Process child = startReady(null);
        // as init, or a process stuck in the kernel, would look: SIGKILL sent, and it is still there
        CommandFailure f = assertThrows(
                CommandFailure.class,
                () -> ProcessCommands.kill(Long.toString(child.pid()), java.time.Duration.ZERO, pid -> true));
        assertEquals(Long.toHexString(LiveResponseProtocol.E_FAIL), Long.toHexString(f.hresult()));
        assertTrue(f.getMessage().contains("still running after SIGKILL"), f.getMessage());
    }

    /**
     * A killed process its parent does not reap stays in /proc as a zombie; it counts as gone, so that a kill answers
     * at once instead of waiting for the parent (cbapi gives a kill 10 s).
     */
    @Test
    void aKilledProcessLeftAZombieCountsAsGone() throws Exception {
        // sh starts a background sleep, prints its pid, then becomes a sleep that never reaps it
        Process parent = new ProcessBuilder("/bin/sh", "-c", "sleep 300 & echo $!; exec sleep 300").start();
        try {
            long orphan =
                    Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(parent.getInputStream()))
                            .readLine()
                            .trim());
            assertTrue(ProcessCommands.alive(orphan));
            run(LiveResponseProtocol.KILL, Long.toString(orphan), null);
            assertTrue(Files.exists(Path.of("/proc", Long.toString(orphan))), "not reaped: a zombie");
            assertFalse(ProcessCommands.alive(orphan));
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }

    @Test
    void createProcessWaitsWritesOutputAndReportsTheExitCode() throws Exception {
        Files.createDirectory(dir.resolve("wd"));
        ObjectNode result = run(
                LiveResponseProtocol.CREATE_PROCESS,
                "/bin/sh -c 'pwd; echo \"two words\" out; echo err >&2; exit 3'",
                args("wait", true, "output_file", "out.txt", "working_directory", dir + "/wd"));
        assertEquals(3, result.get("return_code").asInt());
        assertTrue(result.get("pid").asLong() > 0);
        assertEquals(dir.resolve("wd") + "\ntwo words out\nerr\n", Files.readString(dir.resolve("out.txt")));
    }

    @Test
    void createProcessWithoutWaitAnswersAtOnceWithThePid() throws Exception {
        ObjectNode result = run(LiveResponseProtocol.CREATE_PROCESS, "sleep 600", args("wait", false));
        long pid = result.get("pid").asLong();
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
        orphans.add(h);
        // setsid runs first and then execs the program in place: the answered pid becomes the program's
        while (h.isAlive() && !h.info().command().orElse("").endsWith("/sleep")) Thread.sleep(10);
        assertTrue(h.isAlive(), "the pid answered is the program's, still running");
        assertFalse(result.has("return_code"));
    }

    @Test
    void createProcessErrors() throws IOException {
        Path notExecutable = Files.writeString(dir.resolve("script"), "#!/bin/sh\ntrue\n");
        assertFails(
                LiveResponseProtocol.E_FILE_NOT_FOUND,
                LiveResponseProtocol.CREATE_PROCESS,
                "/no/such/program",
                args("wait", true));
        assertFails(
                LiveResponseProtocol.E_ACCESS_DENIED,
                LiveResponseProtocol.CREATE_PROCESS,
                notExecutable.toString(),
                args("wait", true));
        assertFails(LiveResponseProtocol.E_INVALIDARG, LiveResponseProtocol.CREATE_PROCESS, "echo 'unclosed", null);
        assertFails(
                LiveResponseProtocol.E_PATH_NOT_FOUND,
                LiveResponseProtocol.CREATE_PROCESS,
                "true",
                args("working_directory", dir + "/missing"));
    }

    @Test
    void cancellingAWaitedProcessKillsItAndItsChildren() throws Exception {
        Cancellation cancellation = new Cancellation();
        Path pidFile = dir.resolve("pid");
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                outcome.complete(executor.execute(
                        work(
                                LiveResponseProtocol.CREATE_PROCESS,
                                "/bin/sh -c 'sleep 600 & echo $! > " + pidFile + "; wait'",
                                args("wait", true),
                                null,
                                null),
                        dir,
                        files,
                        cancellation));
            } catch (Exception e) {
                outcome.complete(e);
            }
        });
        while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) Thread.sleep(20);
        long grandchild = Long.parseLong(Files.readString(pidFile).trim());
        cancellation.cancel();
        t.interrupt();
        assertTrue(outcome.get() instanceof InterruptedException, String.valueOf(outcome.get()));
        ProcessHandle.of(grandchild).ifPresent(h -> h.onExit().join());
        assertFalse(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void aCreatedProcessLeadsItsOwnGroupAndCancelKillsWhatLeftItsTree() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid")));
        Cancellation cancellation = new Cancellation();
        Path pidFile = dir.resolve("pid");
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                outcome.complete(executor.execute(
                        work(
                                LiveResponseProtocol.CREATE_PROCESS,
                                // the subshell exits at once: its sleep is re-parented, out of the process tree
                                "/bin/sh -c '(sleep 600 & echo $! > " + pidFile + "); exec sleep 601'",
                                args("wait", true),
                                null,
                                null),
                        dir,
                        files,
                        cancellation));
            } catch (Exception e) {
                outcome.complete(e);
            }
        });
        while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) Thread.sleep(20);
        long orphan = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle orphanHandle = ProcessHandle.of(orphan).orElseThrow();
        orphans.add(orphanHandle);
        long group = processGroup(orphan);
        assertTrue(group != processGroup(ProcessHandle.current().pid()), "not in the sensor's process group");
        assertEquals(group, processGroup(group), "the started process leads the group");
        cancellation.cancel();
        t.interrupt();
        assertTrue(outcome.get() instanceof InterruptedException, String.valueOf(outcome.get()));
        orphanHandle.onExit().join();
        assertFalse(orphanHandle.isAlive());
    }

    // --- memdump

    @Test
    void memdumpOfAProcessIsAnElfCoreHoldingItsMemory() throws Exception {
        String marker = "LAMPBLACK-MARKER-" + System.nanoTime();
        Process child = startReady(marker);
        run(work(LiveResponseProtocol.MEMDUMP, "dump.core", args("pid", child.pid()), 21L, null));
        Path core = dir.resolve("dump.core");
        assertArrayEquals(Files.readAllBytes(core), files.uploads.get(21L), "with a file_id the dump is uploaded too");
        byte[] head = new byte[18];
        try (InputStream in = Files.newInputStream(core)) {
            in.readNBytes(head, 0, 18);
        }
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1}, java.util.Arrays.copyOf(head, 7));
        assertEquals(4, head[16], "ET_CORE");
        assertEquals(describedSize(core), Files.size(core));
        assertTrue(contains(Files.newInputStream(core), marker), "the environment on the stack is in the dump");
    }

    @Test
    void memdumpCompressedIsAZipNextToTheName() throws Exception {
        String marker = "LAMPBLACK-MARKER-" + System.nanoTime();
        Process child = startReady(marker);
        run(LiveResponseProtocol.MEMDUMP, dir + "/m", args("pid", child.pid(), "compress", true));
        assertFalse(Files.exists(dir.resolve("m")));
        try (var zip = new java.util.zip.ZipInputStream(Files.newInputStream(dir.resolve("m.zip")))) {
            assertEquals("m", zip.getNextEntry().getName());
            assertTrue(contains(zip, marker));
        }
    }

    @Test
    void memdumpOfTheMachineIsATarOfEveryProcessCore() throws Exception {
        String marker = "LAMPBLACK-MARKER-" + System.nanoTime();
        Process a = startReady(marker);
        Process b = startReady(null);
        CommandExecutor narrowed = new CommandExecutor(SENSOR, new MemoryDump(pid -> pid == a.pid() || pid == b.pid()));
        narrowed.execute(work(LiveResponseProtocol.MEMDUMP, "all", null, null, null), dir, files, new Cancellation());
        List<String> names = new ArrayList<>();
        boolean found = false;
        try (InputStream in = Files.newInputStream(dir.resolve("all"))) {
            while (true) {
                byte[] header = in.readNBytes(512);
                if (header.length < 512 || header[0] == 0) break;
                String name = new String(header, 0, 100, StandardCharsets.US_ASCII).replace("\0", "");
                long size = Long.parseLong(new String(header, 124, 11, StandardCharsets.US_ASCII), 8);
                names.add(name);
                byte[] body = in.readNBytes((int) size);
                if (name.startsWith(a.pid() + "-")) found = contains(new java.io.ByteArrayInputStream(body), marker);
                in.skipNBytes(MemoryDump.Tar.padding(size));
            }
        }
        assertEquals(
                List.of(a.pid() + "-sh.core", b.pid() + "-sh.core").stream()
                        .sorted()
                        .toList(),
                names.stream().sorted().toList());
        assertTrue(found);

        narrowed.execute(
                work(LiveResponseProtocol.MEMDUMP, "all-zipped", args("compress", true), null, null),
                dir,
                files,
                new Cancellation());
        List<String> zipped = new ArrayList<>();
        try (var zip = new java.util.zip.ZipInputStream(Files.newInputStream(dir.resolve("all-zipped.zip")))) {
            for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) zipped.add(e.getName());
        }
        assertEquals(names.stream().sorted().toList(), zipped.stream().sorted().toList());
    }

    @Test
    void memdumpErrorsLeaveNoFile() throws Exception {
        assertFails(LiveResponseProtocol.E_INVALIDARG, LiveResponseProtocol.MEMDUMP, "x", args("pid", 999_999_999));
        assertFails(LiveResponseProtocol.E_INVALIDARG, LiveResponseProtocol.MEMDUMP, "x", args("pid", "abc"));
        Files.writeString(dir.resolve("taken"), "keep");
        Process child = startReady(null);
        assertFails(
                LiveResponseProtocol.E_ALREADY_EXISTS, LiveResponseProtocol.MEMDUMP, "taken", args("pid", child.pid()));
        assertEquals("keep", Files.readString(dir.resolve("taken")));
        assertEquals(List.of("taken"), listNames(dir));
    }

    @Test
    void aCancelledMemdumpStopsAndLeavesNoFile() throws Exception {
        Process child = startReady(null);
        Cancellation cancelled = new Cancellation();
        cancelled.cancel();
        assertThrows(
                InterruptedException.class,
                () -> executor.execute(
                        work(LiveResponseProtocol.MEMDUMP, "dump", args("pid", child.pid()), null, null),
                        dir,
                        files,
                        cancelled));
        assertEquals(List.of(), listNames(dir));
    }

    @Test
    void cancellingAMemdumpOfALargeProcessMidReadStopsItAndRemovesTheFile() throws Exception {
        java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
        MemoryDump dump = new MemoryDump(pid -> false, MemoryDump.DEFAULT_MAX_BYTES, written -> {
            if (written < 8 << 20) return;
            reached.countDown();
            try {
                stopped.await(); // the service's cancel arrives while the dump is half-way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Cancellation cancellation = new Cancellation();
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        // this test's own JVM: hundreds of megabytes of readable memory
        long large = ProcessHandle.current().pid();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                outcome.complete(dump.dump(large, dir.resolve("big.core"), false, cancellation));
            } catch (Exception e) {
                outcome.complete(e);
            }
        });
        reached.await();
        assertTrue(Files.size(dir.resolve("big.core")) > 0, "the dump was being written");
        cancellation.cancel();
        t.interrupt();
        stopped.countDown();
        assertTrue(outcome.get() instanceof InterruptedException, String.valueOf(outcome.get()));
        assertEquals(List.of(), listNames(dir), "the half-written dump is removed");
    }

    @Test
    void aMemdumpLargerThanItsBudgetIsRefusedAndLeavesNoFile() throws Exception {
        Process child = startReady(null);
        CommandExecutor capped =
                new CommandExecutor(SENSOR, new MemoryDump(pid -> pid == child.pid(), 64 * 1024, written -> {}));
        for (ObjectNode a : List.of(args("pid", child.pid()), args("pid", child.pid(), "compress", true))) {
            CommandFailure f = assertThrows(
                    CommandFailure.class,
                    () -> capped.execute(
                            work(LiveResponseProtocol.MEMDUMP, "capped", a, null, null),
                            dir,
                            files,
                            new Cancellation()));
            assertEquals(Long.toHexString(MemoryDump.E_DISK_FULL), Long.toHexString(f.hresult()), f.getMessage());
            assertTrue(f.getMessage().contains("at most 65536"), f.getMessage());
        }
        assertEquals(List.of(), listNames(dir));
    }

    @Test
    void sharedMemoryIsDumpedAndDeviceMappingsAreNot() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm), "no /dev/shm");
        Path file = Files.createTempFile(shm, "lampblack-test-", ".shm");
        try (var ch = java.nio.channels.FileChannel.open(
                file, java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            var mapped = ch.map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, 4096);
            mapped.put("shared".getBytes(StandardCharsets.US_ASCII));
            long start = -1;
            List<Long> devices = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                String[] f = line.split("\\s+", 6);
                long at = Long.parseUnsignedLong(f[0].substring(0, f[0].indexOf('-')), 16);
                if (line.endsWith(file.toString())) start = at;
                if (f.length > 5 && f[5].startsWith("/dev/") && !f[5].startsWith("/dev/shm/")) devices.add(at);
            }
            assertTrue(start >= 0, "the mapping is in /proc/self/maps");
            MemoryRegions regions = MemoryRegions.read(ProcessHandle.current().pid());
            List<Long> dumped = new ArrayList<>();
            for (int i = 0; i < regions.count(); i++) dumped.add(regions.start(i));
            assertTrue(dumped.contains(start), "a /dev/shm mapping is process memory and dumped");
            for (long d : devices) assertFalse(dumped.contains(d), "device mapping at " + Long.toHexString(d));
            java.lang.ref.Reference.reachabilityFence(mapped);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aCoreWithMoreSegmentsThanE_phnumHoldsCountsThemInSectionHeaderZero() throws Exception {
        long[][] many = new long[70_000][];
        for (int i = 0; i < 70_000; i++) many[i] = new long[] {0x10000L + i * 4096L, 0x11000L + i * 4096L, 1, 0};
        java.nio.ByteBuffer h = header(MemoryRegions.of(many));
        assertEquals(0xFFFF, h.getShort(56) & 0xffff, "e_phnum is PN_XNUM");
        long shoff = h.getLong(40);
        assertEquals(64 + 56L * 70_000, shoff);
        assertEquals(64, h.getShort(58) & 0xffff, "e_shentsize");
        assertEquals(1, h.getShort(60) & 0xffff, "e_shnum");
        assertEquals(70_000, h.getInt((int) shoff + 44), "sh_info of section 0 holds the count");
        assertEquals(MemoryDump.headerSize(70_000), h.capacity());
        assertEquals(4 | 2, h.getInt(64 + 4), "PF_R | PF_W, as the mapping's permissions");
        assertTrue(MemoryDump.headerSize(70_000) >= shoff + 64);
        long lastOffset = h.getLong(64 + 56 * 69_999 + 8);
        assertEquals(MemoryDump.headerSize(70_000) + 69_999L * 4096, lastOffset, "segments follow the headers");

        java.nio.ByteBuffer small = header(MemoryRegions.of(java.util.Arrays.copyOf(many, 3)));
        assertEquals(3, small.getShort(56));
        assertEquals(0, small.getShort(60), "no section header when e_phnum holds the count");
    }

    // --- the rest

    @Test
    void registryCommandsAreNotSupportedOnLinux() {
        for (String reg : List.of(
                LiveResponseProtocol.REG_ENUM_KEY,
                LiveResponseProtocol.REG_QUERY_VALUE,
                LiveResponseProtocol.REG_SET_VALUE,
                LiveResponseProtocol.REG_CREATE_KEY,
                LiveResponseProtocol.REG_DELETE_KEY,
                LiveResponseProtocol.REG_DELETE_VALUE)) {
            CommandFailure f = assertThrows(CommandFailure.class, () -> run(reg, "HKLM\\Software", null));
            assertEquals(LiveResponseProtocol.E_NOTIMPL, f.hresult());
            assertTrue(f.getMessage().contains("not supported on this platform"), f.getMessage());
        }
        assertFails(LiveResponseProtocol.E_NOTIMPL, "format c:", null, null);
    }

    // --- helpers

    /**
     * A shell that said it is ready and then waits on its stdin: its executable, memory map and command line no
     * longer change (a process just started may still be the JDK's launch helper).
     */
    private Process startReady(String marker) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "echo ready; read line");
        if (marker != null) pb.environment().put("LB_MARKER", marker);
        Process p = pb.start();
        started.add(p);
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
        assertEquals("ready", line);
        return p;
    }

    private static java.nio.ByteBuffer header(MemoryRegions regions) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MemoryDump.writeHeader(regions, out);
        return java.nio.ByteBuffer.wrap(out.toByteArray()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /** The size an ELF core's own headers describe: its header block plus every segment. */
    private static long describedSize(Path core) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(core)) {
            java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(h, 0);
            int phnum = h.getShort(56) & 0xffff;
            java.nio.ByteBuffer ph = java.nio.ByteBuffer.allocate(56 * phnum).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(ph, 64);
            long end = MemoryDump.headerSize(phnum);
            for (int i = 0; i < phnum; i++) {
                assertEquals(1, ph.getInt(i * 56), "PT_LOAD");
                end = Math.max(end, ph.getLong(i * 56 + 8) + ph.getLong(i * 56 + 32));
            }
            return end;
        }
    }

    private static long processGroup(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
    }

    private static long uid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static boolean contains(InputStream in, String marker) throws IOException {
        byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
        try (in) {
            byte[] buf = new byte[1 << 20];
            byte[] carry = new byte[0];
            int n;
            while ((n = in.read(buf)) > 0) {
                byte[] window = new byte[carry.length + n];
                System.arraycopy(carry, 0, window, 0, carry.length);
                System.arraycopy(buf, 0, window, carry.length, n);
                if (indexOf(window, needle) >= 0) return true;
                carry = java.util.Arrays.copyOfRange(window, Math.max(0, window.length - needle.length), window.length);
            }
        }
        return false;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static JsonNode find(JsonNode processes, long pid) {
        for (JsonNode p : processes) if (p.get("pid").asLong() == pid) return p;
        throw new AssertionError("pid " + pid + " not listed");
    }

    private static List<String> names(JsonNode files) {
        List<String> out = new ArrayList<>();
        files.forEach(f -> out.add(f.get("filename").asText()));
        return out;
    }

    private static Map<String, JsonNode> byName(JsonNode files) {
        Map<String, JsonNode> out = new HashMap<>();
        files.forEach(f -> out.put(f.get("filename").asText(), f));
        return out;
    }

    private static List<String> attributes(JsonNode entry) {
        List<String> out = new ArrayList<>();
        entry.get("attributes").forEach(a -> out.add(a.asText()));
        return out;
    }

    private static List<String> listNames(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static ObjectNode args(Object... kv) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) o.set((String) kv[i], JSON.valueToTree(kv[i + 1]));
        return o;
    }

    static Work work(String name, String object, ObjectNode args, Long fileId, Long fileSize) {
        return new Work(LiveResponseProtocol.COMMAND, 1, 1L, name, object, args, fileId, fileSize);
    }

    private ObjectNode run(String name, String object, ObjectNode args) throws Exception {
        return run(work(name, object, args, null, null));
    }

    private ObjectNode run(Work w) throws Exception {
        return executor.execute(w, dir, files, new Cancellation());
    }

    private void assertFails(long hresult, String name, String object, ObjectNode args) {
        assertFails(hresult, work(name, object, args, null, null));
    }

    private void assertFails(long hresult, Work w) {
        CommandFailure f = assertThrows(CommandFailure.class, () -> run(w));
        assertEquals(Long.toHexString(hresult), Long.toHexString(f.hresult()), f.getMessage());
        assertFalse(f.getMessage().isBlank());
    }

    /** The session's file store as plain memory: what was uploaded, and the analyst's files to download. */
    static final class MemoryFiles implements SessionFiles {
        final Map<Long, byte[]> uploads = new HashMap<>();
        final Map<Long, byte[]> analystFiles = new HashMap<>();
        /** Runs while a download has started and not yet written anything (to race against put file). */
        Runnable beforeDownload;

        @Override
        public void upload(long fileId, Supplier<InputStream> content) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = content.get()) {
                in.transferTo(out);
            }
            uploads.put(fileId, out.toByteArray());
        }

        @Override
        public long download(long fileId, java.io.OutputStream target, long maxBytes) throws IOException {
            byte[] b = analystFiles.get(fileId);
            if (b == null) throw new IOException("404 file_not_found: no file " + fileId);
            int n = (int) Math.min(b.length, maxBytes == Long.MAX_VALUE ? maxBytes : maxBytes + 1);
            if (beforeDownload != null) beforeDownload.run();
            target.write(b, 0, n);
            return n;
        }

        String uploadedText(long fileId) {
            return new String(uploads.get(fileId), StandardCharsets.UTF_8);
        }
    }
}
