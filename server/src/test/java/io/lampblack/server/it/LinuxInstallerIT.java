package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.sensor.agent.SensorMain;
import io.lampblack.server.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group's Linux installer as an administrator gets it (issue 14): downloaded from a real server, unpacked with
 * {@code tar}, its contents checked (the runtime runs, the configuration names the group and the server, the
 * certificate is the server's, the token is the group's), and its start script run with data in a temporary
 * directory so that the sensor registers into the group, on a server that admits no sensor without a token.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinuxInstallerIT {

    /** Where the sensor module's build leaves the sensor's jars (failsafe runs in the server module's directory). */
    private static final Path DIST =
            Path.of("..", "sensor", "target", "dist").toAbsolutePath().normalize();

    @TempDir
    static Path data;

    @TempDir
    static Path work;

    static TestServer ts;
    static int groupId;
    static Path unpacked;
    static String enrolmentToken;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isDirectory(DIST.resolve("lib"))) {
            fail(DIST + "/lib does not exist: the sensor module's package phase makes it (mvn verify -pl server -am)");
        }
        ts = TestServer.start(data, "open-registration", "false", "sensor-dist", DIST.toString());
        // The test server listens on a loopback address: the group names it as where its sensors reach the server.
        TestServer.Response g = ts.post(
                "/api/group",
                "{\"name\": \"Linux fleet 'west'\", \"site_id\": 1, \"sensorbackend_server\": \"" + ts.server.url()
                        + "\"}");
        assertEquals(200, g.status(), g.text());
        groupId = g.json().get("id").asInt();
    }

    @AfterAll
    static void stop() {
        if (ts != null) ts.close();
    }

    @Test
    @Order(0)
    void apiInfoSaysALinuxInstallerExistsWhenTheSensorIsThere() throws Exception {
        // AdministrationIT's server has no sensor jars and says false.
        assertTrue(ts.get("/api/info").json().get("linuxInstallerExists").asBoolean());
    }

    @Test
    @Order(1)
    void aGroupWithoutAnEnrolmentTokenGetsNoInstallerButIsToldHowToMakeOne() throws Exception {
        TestServer.Response r = ts.get("/api/v1/group/" + groupId + "/installer/linux");
        assertEquals(409, r.status(), r.text());
        assertEquals("no_enrolment_token", r.json().get("reason").asText());
        assertTrue(
                r.json().get("message").asText().contains("POST /api/v1/group/" + groupId + "/registration_token"),
                r.text());
    }

    @Test
    @Order(2)
    void theInstallerCarriesTheSensorTheRuntimeTheServerAndTheGroup() throws Exception {
        TestServer.Response t = ts.post("/api/v1/group/" + groupId + "/registration_token", "{}");
        assertEquals(200, t.status(), t.text());
        enrolmentToken = t.json().get("registration_token").asText();

        Path archive = work.resolve("installer.tar.gz");
        HttpResponse<Path> r = ts.http.send(
                HttpRequest.newBuilder(URI.create(ts.server.url() + "/api/v1/group/" + groupId + "/installer/linux"))
                        .header("X-Auth-Token", ts.token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofFile(archive));
        assertEquals(200, r.statusCode(), () -> read(archive));
        assertEquals("application/gzip", r.headers().firstValue("content-type").orElse(""));
        assertEquals("no-store", r.headers().firstValue("cache-control").orElse(""), "it holds a secret");
        assertTrue(
                r.headers()
                        .firstValue("content-disposition")
                        .orElse("")
                        .contains("lampblack-sensor-linux-group-" + groupId + ".tar.gz"),
                r.headers().toString());

        // The download is in the audit log: who took the group's token, when, from where.
        JsonNode activity = ts.get("/api/useractivity?limit=20").json();
        String path = "/api/v1/group/" + groupId + "/installer/linux";
        assertTrue(
                activity.findParents("path").stream()
                        .anyMatch(e -> e.get("path").asText().equals(path)
                                && e.get("username").asText().equals("admin")
                                && e.get("http_status").asInt() == 200),
                activity.toString());

        Path into = Files.createDirectories(work.resolve("unpacked"));
        String tarOutput = run(List.of("tar", "-xzf", archive.toString(), "-C", into.toString()), into);
        unpacked = into.resolve("lampblack-sensor");
        assertTrue(Files.isDirectory(unpacked), "tar said: " + tarOutput);

        for (String script : List.of("install.sh", "uninstall.sh", "bin/lampblack-sensor")) {
            assertTrue(Files.isExecutable(unpacked.resolve(script)), script + " is executable");
        }
        String unit = read(unpacked.resolve("lampblack-sensor.service"));
        assertTrue(
                unit.contains("ExecStart=/opt/lampblack-sensor/bin/lampblack-sensor --data /var/lib/lampblack-sensor"));
        // Not restarted once uninstalled by the server; restarted after running out of memory (the JVM exits 3).
        assertTrue(unit.contains("\nRestart=on-failure\n"), unit);
        assertTrue(unit.contains("\nRestartPreventExitStatus=2 " + SensorMain.UNINSTALLED + "\n"), unit);

        // The configuration names the server as the administrator reached it, and the group.
        String conf = read(unpacked.resolve("sensor.conf"));
        assertTrue(conf.contains("LAMPBLACK_SERVER='" + ts.server.url() + "'\n"), conf);
        assertTrue(conf.contains("LAMPBLACK_GROUP_ID=" + groupId + "\n"), conf);
        assertTrue(conf.contains("LAMPBLACK_GROUP_NAME='Linux fleet '\\''west'\\'''\n"), conf);

        // The token is the group's, readable by its owner only.
        Path token = unpacked.resolve("registration-token");
        assertEquals(enrolmentToken, read(token).strip());
        assertEquals(
                Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(token),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));

        // The certificate to trust is the one the server presents (its self-signed one, from its data directory).
        assertEquals(certificates(data.resolve("tls/server.crt")), certificates(unpacked.resolve("server.pem")));

        // The sensor's jars, its dependencies and a logging binding.
        List<String> jars = list(unpacked.resolve("lib"));
        for (String prefix : List.of(
                "lampblack-sensor-", "lampblack-protocol-", "protobuf-java-", "jackson-databind-", "slf4j-simple-")) {
            assertTrue(jars.stream().anyMatch(j -> j.startsWith(prefix) && j.endsWith(".jar")), prefix + " in " + jars);
        }

        // A Java runtime of this feature version that runs, holding the sensor's modules and not a whole JDK.
        Path java = unpacked.resolve("runtime/bin/java");
        String version = run(List.of(java.toString(), "-version"), unpacked);
        assertTrue(version.contains("version \"" + Runtime.version().feature()), version);
        String modules = run(List.of(java.toString(), "--list-modules"), unpacked);
        assertTrue(modules.contains("java.net.http"), modules);
        assertFalse(modules.contains("jdk.compiler"), modules);
        assertFalse(Files.exists(unpacked.resolve("runtime/bin/javac")));
    }

    @Test
    @Order(3)
    void theStartScriptRegistersTheSensorIntoTheGroup() throws Exception {
        assertNotNull(unpacked, "the installer was not unpacked (see the test before)");
        Path sensorJar = list(unpacked.resolve("lib")).stream()
                .filter(j -> j.startsWith("lampblack-sensor-"))
                .map(j -> unpacked.resolve("lib").resolve(j))
                .findFirst()
                .orElseThrow();
        try (JarFile jar = new JarFile(sensorJar.toFile())) {
            assertNotNull(
                    jar.getEntry("io/lampblack/sensor/agent/SensorMain.class"),
                    "the sensor's entry point (io.lampblack.sensor.agent.SensorMain) is missing from the sensor jar");
        }
        Path sensorData = work.resolve("sensor-data");
        Path log = work.resolve("sensor.log");
        Process sensor = new ProcessBuilder(
                        unpacked.resolve("bin/lampblack-sensor").toString(), "--data", sensorData.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            JsonNode registered = awaitSensorInGroup(sensor, log);
            // The script has exec'd the JVM by now: out of memory, it exits (and systemd restarts it) rather than
            // run on half-alive.
            List<String> jvmArguments = List.of(sensor.info().arguments().orElse(new String[0]));
            assertTrue(jvmArguments.contains("-XX:+ExitOnOutOfMemoryError"), jvmArguments.toString());
            assertEquals(groupId, registered.get("group_id").asInt(), registered.toString());
            // The Lampblack sensor itself, over TLS that trusted server.pem alone, with the group's token alone.
            assertTrue(
                    registered.get("build_version_string").asText().startsWith("lampblack-sensor"),
                    registered.toString());
        } finally {
            stopSensor(sensor);
        }
    }

    @Test
    @Order(2)
    void aGroupWhoseServerUrlTheCertificateDoesNotNameGetsNoInstaller() throws Exception {
        TestServer.Response g = ts.post(
                "/api/group",
                "{\"name\": \"Elsewhere\", \"site_id\": 1, \"sensorbackend_server\": \"https://sensors.example:8443\"}");
        assertEquals(200, g.status(), g.text());
        int elsewhere = g.json().get("id").asInt();
        assertEquals(
                200,
                ts.post("/api/v1/group/" + elsewhere + "/registration_token", "{}")
                        .status());
        TestServer.Response r = ts.get("/api/v1/group/" + elsewhere + "/installer/linux");
        assertEquals(409, r.status(), r.text());
        assertEquals("certificate_does_not_name_host", r.json().get("reason").asText());
        assertTrue(r.json().get("message").asText().contains("sensors.example"), r.text());
    }

    /**
     * The token is kept sealed: the database alone does not give it away, and a sealed token copied to another
     * group's row does not open there (no installer for that group carries it).
     */
    @Test
    @Order(3)
    void theEnrolmentTokenIsSealedToItsGroup() throws Exception {
        assertNotNull(enrolmentToken, "the group's token was made (see the tests before)");
        TestServer.Response g = ts.post(
                "/api/group",
                "{\"name\": \"Copy target\", \"site_id\": 1, \"sensorbackend_server\": \"" + ts.server.url() + "\"}");
        assertEquals(200, g.status(), g.text());
        int other = g.json().get("id").asInt();
        try (Connection c = ts.server.store().database().dataSource().getConnection()) {
            String sealed;
            String digest;
            try (PreparedStatement q = c.prepareStatement(
                    "select enrolment_token_sealed, enrolment_token_sha256 from sensor_group where id = ?")) {
                q.setInt(1, groupId);
                try (ResultSet r = q.executeQuery()) {
                    assertTrue(r.next());
                    sealed = r.getString(1);
                    digest = r.getString(2);
                }
            }
            assertNotNull(sealed);
            assertFalse(sealed.contains(enrolmentToken), "no plaintext in the sealed column");
            try (PreparedStatement u = c.prepareStatement(
                    "update sensor_group set enrolment_token_sealed = ?, enrolment_token_sha256 = ? where id = ?")) {
                u.setString(1, sealed);
                u.setString(2, digest);
                u.setInt(3, other);
                assertEquals(1, u.executeUpdate());
            }
        }
        TestServer.Response r = ts.get("/api/v1/group/" + other + "/installer/linux");
        assertEquals(409, r.status(), r.text());
        assertEquals("no_enrolment_token", r.json().get("reason").asText());
    }

    /** A server URL no other host could use is refused, saying what to set. */
    @Test
    @Order(2)
    void aLoopbackOrAnInvalidServerUrlGetsNoInstaller() throws Exception {
        for (String[] c : List.of(
                new String[] {"", "loopback_server_url", "--public-url"},
                new String[] {"http://sensors.example", "invalid_sensorbackend_server", "sensorbackend_server"})) {
            TestServer.Response g = ts.post(
                    "/api/group",
                    "{\"name\": \"Group " + c[1] + "\", \"site_id\": 1, \"sensorbackend_server\": \"" + c[0] + "\"}");
            assertEquals(200, g.status(), g.text());
            int id = g.json().get("id").asInt();
            assertEquals(
                    200,
                    ts.post("/api/v1/group/" + id + "/registration_token", "{}").status());
            TestServer.Response r = ts.get("/api/v1/group/" + id + "/installer/linux");
            assertEquals(409, r.status(), r.text());
            assertEquals(c[1], r.json().get("reason").asText());
            assertTrue(r.json().get("message").asText().contains(c[2]), r.text());
        }
    }

    @Test
    @Order(4)
    void aRevokedTokenIsNoLongerHandedOut() throws Exception {
        TestServer.Response revoked = ts.send(
                HttpRequest.newBuilder(URI.create(ts.server.url() + "/api/v1/group/" + groupId + "/registration_token"))
                        .header("X-Auth-Token", ts.token)
                        .DELETE());
        assertEquals(200, revoked.status(), revoked.text());
        TestServer.Response r = ts.get("/api/v1/group/" + groupId + "/installer/linux");
        assertEquals(409, r.status(), r.text());
        assertEquals("no_enrolment_token", r.json().get("reason").asText());
    }

    /**
     * install.sh and uninstall.sh, run as root of a user and network namespace of their own ({@code unshare -rn}) into
     * a temporary prefix and data directory and told to leave systemd alone: the host's own services, directories and
     * firewall are never touched by a test.
     */
    @Test
    @Order(5)
    void installAndUninstallScriptsCopyAndRemoveTheSensor() throws Exception {
        assertNotNull(unpacked, "the installer was not unpacked (see the tests before)");
        Path prefix = work.resolve("opt/lampblack-sensor");
        Path sensorData = work.resolve("var/lib/lampblack-sensor");
        List<String> env = List.of(
                "LAMPBLACK_SENSOR_PREFIX=" + prefix,
                "LAMPBLACK_SENSOR_DATA=" + sensorData,
                "LAMPBLACK_SENSOR_SYSTEMD=no");

        String installed = run(command(env, unpacked.resolve("install.sh").toString()), work);
        assertTrue(installed.contains(prefix + "/bin/lampblack-sensor --data " + sensorData), installed);
        assertTrue(Files.isExecutable(prefix.resolve("runtime/bin/java")));
        assertTrue(Files.isExecutable(prefix.resolve("bin/lampblack-sensor")));
        assertEquals(list(unpacked.resolve("lib")), list(prefix.resolve("lib")));
        assertEquals(read(unpacked.resolve("sensor.conf")), read(prefix.resolve("sensor.conf")));
        assertEquals(
                "LAMPBLACK_SENSOR_PREFIX=" + prefix + "\nLAMPBLACK_SENSOR_DATA=" + sensorData + "\n",
                read(prefix.resolve("install.env")));
        assertFalse(Files.exists(prefix.resolve(".new")), "nothing staged is left");
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(prefix)));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(prefix.resolve("registration-token"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sensorData)));
        assertTrue(Files.exists(sensorData.resolve(".lampblack-sensor")), "the data directory is marked the sensor's");
        String version = run(List.of(prefix.resolve("runtime/bin/java").toString(), "-version"), work);
        assertTrue(version.contains("version \"" + Runtime.version().feature()), version);

        // Unpacked into the prefix itself, install.sh would replace the files it runs from.
        Path inPlace = work.resolve("in-place");
        run(List.of("cp", "-a", unpacked.toString(), inPlace.toString()), work);
        List<String> inPlaceEnv = List.of(
                "LAMPBLACK_SENSOR_PREFIX=" + inPlace,
                "LAMPBLACK_SENSOR_DATA=" + sensorData,
                "LAMPBLACK_SENSOR_SYSTEMD=no");
        String again = fails(command(inPlaceEnv, inPlace.resolve("install.sh").toString()));
        assertTrue(again.contains("unpack it elsewhere"), again);
        assertTrue(Files.isExecutable(inPlace.resolve("runtime/bin/java")), "the unpacked installer is intact");

        // An upgrade of a sensor that has registered: its identity stays, the enrolment token is not brought back.
        Files.writeString(sensorData.resolve("identity.json"), "kept");
        Files.delete(prefix.resolve("registration-token"));
        run(command(env, unpacked.resolve("install.sh").toString()), work);
        assertEquals("kept", read(sensorData.resolve("identity.json")));
        assertFalse(Files.exists(prefix.resolve("registration-token")), "a registered sensor needs no token");

        // The uninstall lifts the sensor's network isolation (in the namespace it runs in), finds DATA in install.env.
        // Without nft on this machine (.ci/run installs it) only the removal is checked.
        boolean nft = Files.isExecutable(Path.of("/usr/sbin/nft")) || Files.isExecutable(Path.of("/sbin/nft"));
        String removed = run(
                nft
                        ? List.of(
                                "sh",
                                "-c",
                                "nft add table inet lampblack_isolation && LAMPBLACK_SENSOR_SYSTEMD=no \"$0\""
                                        + " && if nft list table inet lampblack_isolation >/dev/null 2>&1; then exit"
                                        + " 9; fi",
                                prefix.resolve("uninstall.sh").toString())
                        : List.of(
                                "sh",
                                "-c",
                                "LAMPBLACK_SENSOR_SYSTEMD=no \"$0\"",
                                prefix.resolve("uninstall.sh").toString()),
                work);
        assertFalse(Files.exists(prefix), removed);
        if (nft) {
            assertTrue(removed.contains("isolation"), removed);
        } else {
            System.out.println(
                    "LinuxInstallerIT: nft is not installed; the uninstall's lifting of isolation is not checked");
        }
        assertEquals("kept", read(sensorData.resolve("identity.json")), "the sensor's data stays without --purge");

        run(command(env, unpacked.resolve("install.sh").toString()), work);
        run(
                command(
                        List.of("LAMPBLACK_SENSOR_SYSTEMD=no"),
                        prefix.resolve("uninstall.sh").toString(),
                        "--purge"),
                work);
        assertFalse(Files.exists(prefix));
        assertFalse(Files.exists(sensorData));
    }

    /** What install.sh and uninstall.sh refuse, so that a mistyped directory never loses its files or its mode. */
    @Test
    @Order(6)
    void theScriptsTakeOverNoDirectoryThatIsNotTheSensors() throws Exception {
        assertNotNull(unpacked, "the installer was not unpacked (see the tests before)");
        Path usrLocal = Files.createDirectories(work.resolve("usr/local"));
        Files.createDirectories(usrLocal.resolve("bin"));
        Files.writeString(usrLocal.resolve("bin/tool"), "someone's");
        Path etc = Files.createDirectories(work.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root");
        Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path freshData = work.resolve("fresh-data");
        String install = unpacked.resolve("install.sh").toString();

        for (List<String> c : List.of(
                List.of("LAMPBLACK_SENSOR_PREFIX=" + usrLocal, "holds files that are not a Lampblack sensor's"),
                List.of("LAMPBLACK_SENSOR_DATA=" + etc, "holds files that are not a Lampblack sensor's"),
                List.of("LAMPBLACK_SENSOR_PREFIX=" + work + "/a/../usr/local", "not a plain absolute path"),
                List.of("LAMPBLACK_SENSOR_PREFIX=" + work + "/a#b", "not a plain absolute path"),
                List.of("LAMPBLACK_SENSOR_PREFIX=" + work + "/a b", "not a plain absolute path"),
                List.of("LAMPBLACK_SENSOR_PREFIX=relative", "must be absolute paths"),
                List.of("LAMPBLACK_SENSOR_PREFIX=" + freshData + "/opt", "must not be inside"))) {
            List<String> env = new ArrayList<>(List.of(
                    "LAMPBLACK_SENSOR_PREFIX=" + work.resolve("opt/other"),
                    "LAMPBLACK_SENSOR_DATA=" + freshData,
                    "LAMPBLACK_SENSOR_SYSTEMD=no"));
            env.add(c.get(0));
            String out = fails(command(env, install));
            assertTrue(out.contains(c.get(1)), c + ": " + out);
        }
        assertEquals("someone's", read(usrLocal.resolve("bin/tool")));
        assertEquals(List.of("bin"), list(usrLocal));
        assertEquals(List.of("passwd"), list(etc));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(etc)));
        assertFalse(Files.exists(work.resolve("opt/other")), "nothing installed");
        assertFalse(Files.exists(freshData), "nothing made");

        // --purge removes a data directory only when it is the sensor's.
        Path prefix = work.resolve("opt/purge");
        List<String> env = List.of(
                "LAMPBLACK_SENSOR_PREFIX=" + prefix, "LAMPBLACK_SENSOR_DATA=" + etc, "LAMPBLACK_SENSOR_SYSTEMD=no");
        Files.createDirectories(prefix.resolve("bin"));
        Files.writeString(prefix.resolve("sensor.conf"), "");
        Files.copy(
                unpacked.resolve("bin/lampblack-sensor"),
                prefix.resolve("bin/lampblack-sensor"),
                StandardCopyOption.COPY_ATTRIBUTES);
        String purged = run(command(env, unpacked.resolve("uninstall.sh").toString(), "--purge"), work);
        assertTrue(purged.contains("not a Lampblack sensor's data directory"), purged);
        assertEquals(List.of("passwd"), list(etc));
    }

    /**
     * What install.sh copies runs as root, so it installs nothing from a directory someone else could have changed
     * since it was unpacked: one writable by others, holding a link, or holding what another user owns (unless that
     * user is who ran it with sudo).
     */
    @Test
    @Order(7)
    void anUnpackedDirectoryAnotherUserCouldHaveChangedIsNotInstalled() throws Exception {
        assertNotNull(unpacked, "the installer was not unpacked (see the tests before)");
        Path copy = Files.createDirectories(work.resolve("shared")).resolve("lampblack-sensor");
        run(List.of("cp", "-a", unpacked.toString(), copy.toString()), work);
        copy = copy.toRealPath();
        Path prefix = work.resolve("opt/from-shared");
        List<String> env = List.of(
                "LAMPBLACK_SENSOR_PREFIX=" + prefix,
                "LAMPBLACK_SENSOR_DATA=" + work.resolve("from-shared-data"),
                "LAMPBLACK_SENSOR_SYSTEMD=no");
        String install = copy.resolve("install.sh").toString();

        // Writable by others or by the group: the directory itself, a directory in it, a file in it.
        for (Path p : List.of(copy, copy.resolve("lib"), copy.resolve("runtime/bin/java"))) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p);
            for (PosixFilePermission w : List.of(PosixFilePermission.OTHERS_WRITE, PosixFilePermission.GROUP_WRITE)) {
                Set<PosixFilePermission> writable = new java.util.HashSet<>(mode);
                writable.add(w);
                Files.setPosixFilePermissions(p, writable);
                String out = fails(command(env, install));
                assertTrue(out.contains("refusing to install from " + copy), out);
                assertTrue(out.contains("\n  " + p + "\n"), p + " " + w + " is named: " + out);
                assertTrue(out.contains("mktemp -d"), "it says how to unpack it safely: " + out);
                Files.setPosixFilePermissions(p, mode);
            }
        }

        // A link: the archive holds none.
        Path link = Files.createSymbolicLink(copy.resolve("lib/extra.jar"), Path.of("/etc/hostname"));
        String linked = fails(command(env, install));
        assertTrue(linked.contains("\n  " + link + "\n"), linked);
        Files.delete(link);

        // Another user's file (bind-mounted over README in a mount namespace of the script's own): refused as root,
        // installed when that user is who ran install.sh with sudo.
        Path readme = copy.resolve("README");
        String mountThen = "mount --bind \"$1\" \"$2\" && shift 2 && exec \"$@\"";
        List<String> foreign = new ArrayList<>(List.of(
                "unshare", "-m", "sh", "-c", mountThen, "sh", foreignFile().toString(), readme.toString()));
        foreign.addAll(command(env, install));
        String owned = fails(foreign);
        assertTrue(owned.contains("\n  " + readme + "\n"), owned);
        assertFalse(Files.exists(prefix), "nothing installed");

        List<String> bySudoUser = new ArrayList<>(List.of(
                "unshare",
                "-m",
                "sh",
                "-c",
                "mount --bind \"$1\" \"$2\" && SUDO_UID=\"$(stat -c %u \"$2\")\" && export SUDO_UID && shift 2"
                        + " && exec \"$@\"",
                "sh",
                foreignFile().toString(),
                readme.toString()));
        bySudoUser.addAll(command(env, install));
        String installed = run(bySudoUser, work);
        assertTrue(installed.contains(prefix + "/bin/lampblack-sensor"), installed);
        assertTrue(Files.isExecutable(prefix.resolve("runtime/bin/java")));
    }

    /**
     * A file that is not the test user's (who is root in the scripts' namespace): root's {@code /etc/passwd}, or one
     * given to nobody when the tests run as root.
     */
    private static Path foreignFile() throws IOException {
        Path passwd = Path.of("/etc/passwd");
        if (!Files.getAttribute(passwd, "unix:uid").equals(Files.getAttribute(work, "unix:uid"))) return passwd;
        Path f = work.resolve("nobodys-file");
        if (!Files.exists(f)) {
            Files.writeString(f, "not the installer's\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--")); // readable by the scripts
            Files.setAttribute(f, "unix:uid", 65534);
        }
        return f;
    }

    private static List<String> command(List<String> env, String... cmd) {
        List<String> all =
                new ArrayList<>(List.of("env", "-u", "LAMPBLACK_SENSOR_PREFIX", "-u", "LAMPBLACK_SENSOR_DATA"));
        all.addAll(env);
        all.addAll(List.of(cmd));
        return all;
    }

    /**
     * Waits for the sensor to show up in the group and check in. The deadline only keeps a broken sensor from hanging the build;
     * a sensor that exits first fails at once, with its output.
     */
    private static JsonNode awaitSensorInGroup(Process sensor, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            TestServer.Response r = ts.get("/api/v1/sensor?groupid=" + groupId);
            assertEquals(200, r.status(), r.text());
            for (JsonNode s : r.json()) {
                // Registered, and checked in since: the sensor runs on the installer's runtime, not only starts.
                if (s.get("group_id").asInt() == groupId
                        && !s.path("last_checkin_time").isNull()) return s;
            }
            if (!sensor.isAlive()) fail("the sensor exited (" + sensor.exitValue() + ") unregistered: " + read(log));
            Thread.sleep(200);
        }
        fail("the sensor did not register into group " + groupId + " and check in within 3 minutes: " + read(log));
        return null;
    }

    private static void stopSensor(Process sensor) throws InterruptedException {
        List<ProcessHandle> children = sensor.descendants().toList();
        sensor.destroy();
        if (!sensor.waitFor(30, TimeUnit.SECONDS)) sensor.destroyForcibly().waitFor();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static List<Certificate> certificates(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Runs a command to its end in a user and network namespace of its own; its output, which says why it failed. */
    private static String fails(List<String> cmd) throws Exception {
        List<String> all = new ArrayList<>(List.of("unshare", "-rn"));
        all.addAll(cmd);
        Process p = new ProcessBuilder(all)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, p.waitFor(), () -> String.join(" ", cmd) + " succeeded: " + out);
        return out;
    }

    /**
     * Runs a command to its end; its output, or a failure with that output when it exits non-zero. The installer's
     * scripts run as root of a user and network namespace of their own ({@code unshare -rn}).
     */
    private static String run(List<String> cmd, Path dir) throws Exception {
        if (cmd.contains("env")
                || cmd.getFirst().endsWith(".sh")
                || cmd.getFirst().equals("sh")) {
            List<String> all = new ArrayList<>(List.of("unshare", "-rn"));
            all.addAll(cmd);
            cmd = all;
        }
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (exit != 0) fail(String.join(" ", cmd) + " exited " + exit + ": " + out);
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + p + " unreadable: " + e + ")";
        }
    }
}
