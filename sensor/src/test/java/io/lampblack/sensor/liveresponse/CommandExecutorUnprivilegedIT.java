package io.lampblack.sensor.liveresponse;

import static io.lampblack.sensor.liveresponse.CommandExecutorTest.args;
import static io.lampblack.sensor.liveresponse.CommandExecutorTest.work;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lampblack.protocol.sensor.LiveResponseProtocol;
import io.lampblack.protocol.sensor.LiveResponseProtocol.Work;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor run by a sensor that is not root ({@code nobody}, through setpriv, in a JVM of its own): what that
 * user may not touch is refused with "access denied" and nothing is changed; what it may see is shown.
 */
class CommandExecutorUnprivilegedIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    @Test
    void whatTheSensorsUserMayNotTouchIsAccessDenied() throws Exception {
        assumeTrue(
                ProcessHandle.current().info().user().orElse("").equals("root"),
                "skipped: needs root to drop to nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "skipped: setpriv (util-linux) is missing");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path closed = Files.createDirectory(dir.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Path open = Files.createDirectory(dir.resolve("open"));
        Path secret = Files.writeString(open.resolve("secret.txt"), "root only");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path mine = Files.createDirectory(dir.resolve("mine"));
        Files.setAttribute(mine, "unix:uid", NOBODY);
        Path classpath = worldReadableClasspath(Files.createDirectory(dir.resolve("cp")));

        Process rootShell = new ProcessBuilder("/bin/sh", "-c", "echo ready; read line").start();
        try {
            assertEquals("ready", new BufferedReader(new InputStreamReader(rootShell.getInputStream())).readLine());
            String rootPid = Long.toString(rootShell.pid());
            JsonNode out = runAsNobody(
                    classpath,
                    List.of(
                            work(LiveResponseProtocol.GET_FILE, secret.toString(), null, 1L, null),
                            work(LiveResponseProtocol.DIRECTORY_LIST, closed + "/", null, null, null),
                            work(LiveResponseProtocol.PUT_FILE, open + "/new.txt", null, 2L, 1L),
                            work(LiveResponseProtocol.DELETE_FILE, secret.toString(), null, null, null),
                            work(LiveResponseProtocol.CREATE_DIRECTORY, open + "/sub", null, null, null),
                            work(LiveResponseProtocol.KILL, rootPid, null, null, null),
                            work(LiveResponseProtocol.MEMDUMP, mine + "/dump", args("pid", rootPid), null, null),
                            work(LiveResponseProtocol.PROCESS_LIST, null, null, null, null),
                            work(
                                    LiveResponseProtocol.CREATE_PROCESS,
                                    "id -u",
                                    args("wait", true, "output_file", mine + "/id.txt"),
                                    null,
                                    null),
                            work(LiveResponseProtocol.GET_FILE, mine + "/id.txt", null, 3L, null)));

            for (int i = 0; i <= 6; i++) {
                assertEquals(
                        "error", out.get(i).get("status").asText(), out.get(i).toString());
                assertEquals(
                        Long.toHexString(LiveResponseProtocol.E_ACCESS_DENIED),
                        Long.toHexString(out.get(i).get("code").asLong()),
                        out.get(i).toString());
            }
            assertEquals(-1, out.get(0).get("uploaded").asLong(), "nothing was uploaded");
            assertEquals("root only", Files.readString(secret));
            assertFalse(Files.exists(open.resolve("sub")));
            try (Stream<Path> s = Files.list(open)) {
                assertEquals(List.of(secret), s.toList(), "no partial file");
            }
            assertTrue(rootShell.isAlive(), "nobody cannot kill root's process");
            try (Stream<Path> s = Files.list(mine)) {
                assertEquals(List.of(mine.resolve("id.txt")), s.toList(), "no partial dump");
            }

            JsonNode processes = out.get(7).get("result").get("processes");
            JsonNode shell = null;
            for (JsonNode p : processes) if (p.get("pid").asText().equals(rootPid)) shell = p;
            assertTrue(shell != null, "root's process is listed");
            assertEquals("", shell.get("path").asText(), "its executable is not nobody's to read");
            assertEquals(
                    "/bin/sh -c \"echo ready; read line\"",
                    shell.get("command_line").asText());
            assertEquals("0", shell.get("sid").asText());
            assertEquals("root", shell.get("username").asText());

            assertEquals(
                    "complete", out.get(8).get("status").asText(), out.get(8).toString());
            assertEquals(0, out.get(8).get("result").get("return_code").asInt());
            assertEquals(NOBODY + "\n", Files.readString(mine.resolve("id.txt")), "processes run as the sensor's user");
            assertEquals(6, out.get(9).get("uploaded").asLong());
        } finally {
            rootShell.destroyForcibly();
        }
    }

    private JsonNode runAsNobody(Path classpath, List<Work> works) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> argv = List.of(
                "setpriv",
                "--reuid=" + NOBODY,
                "--regid=" + NOBODY,
                "--clear-groups",
                java,
                "-cp",
                classpath + "/*:" + classpath + "/classes",
                UnprivilegedCommands.class.getName(),
                dir.toString(),
                "7");
        Process p = new ProcessBuilder(argv)
                .directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (var in = p.getOutputStream()) {
            JSON.writeValue(in, works);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return JSON.readTree(out);
    }

    /**
     * The test's class path copied where nobody may read it (the build's repository and work tree need not be):
     * jars as they are, class directories merged into one.
     */
    private static Path worldReadableClasspath(Path target) throws IOException {
        Path classes = Files.createDirectory(target.resolve("classes"));
        for (Path entry : classpathEntries()) {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> walk = Files.walk(entry)) {
                    for (Path p : walk.toList()) {
                        Path to = classes.resolve(entry.relativize(p).toString());
                        if (Files.isDirectory(p)) Files.createDirectories(to);
                        else if (!Files.exists(to)) Files.copy(p, to);
                    }
                }
            } else if (Files.isRegularFile(entry)) {
                Path to = target.resolve(entry.getFileName());
                if (!Files.exists(to)) Files.copy(entry, to);
            }
        }
        try (Stream<Path> walk = Files.walk(target)) {
            for (Path p : walk.toList()) {
                Files.setPosixFilePermissions(
                        p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return target;
    }

    /** The class path, with a launcher jar's manifest Class-Path (as surefire and failsafe start tests) expanded. */
    private static List<Path> classpathEntries() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            out.add(p);
            if (Files.isRegularFile(p) && e.endsWith(".jar")) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    var manifest = jar.getManifest();
                    String cp = manifest == null
                            ? null
                            : manifest.getMainAttributes().getValue("Class-Path");
                    if (cp == null) continue;
                    for (String u : cp.trim().split("\\s+")) {
                        if (!u.isEmpty())
                            out.add(Path.of(
                                    URI.create(u).isAbsolute()
                                            ? URI.create(u)
                                            : p.getParent().toUri().resolve(u)));
                    }
                }
            }
        }
        return out;
    }
}
