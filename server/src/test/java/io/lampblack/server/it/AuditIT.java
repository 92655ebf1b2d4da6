package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.support.ApiCalls;
import io.lampblack.server.support.TestServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log (issue 13): every call made with a token, reads too, every refused token and every login attempt,
 * read back through {@code GET /api/useractivity} newest first, and mirrored to syslog over UDP when asked.
 */
class AuditIT {

    @TempDir
    Path data;

    @Test
    void callsAndLoginsAreRecordedAndReadNewestFirst() throws Exception {
        try (TestServer s = TestServer.start(data)) {
            ApiCalls api = new ApiCalls(s);
            String viewer = api.createUser("auditee", "auditee password", false);
            assertEquals(200, api.call("GET", "/api/info", null, viewer).status());
            assertEquals(403, api.call("GET", "/api/users", null, viewer).status());
            assertEquals(401, api.call("GET", "/api/info", null, "0".repeat(40)).status());
            assertEquals(401, login(s, "auditee", "wrong password").status());
            assertEquals(200, login(s, "auditee", "auditee password").status());

            assertEquals(403, api.call("GET", "/api/useractivity", null, viewer).status(), "global admins only");
            TestServer.Response r = api.admin("GET", "/api/useractivity?limit=7", null);
            assertEquals(200, r.status(), r.text());
            JsonNode a = r.json();
            assertEquals(7, a.size(), a.toString());
            // Newest first: the refused activity read, the two logins, the refused token, the 403, the read, then the
            // admin's GET of the new user.
            assertEntry(a.get(0), "auditee", 403, "Forbidden", "GET", "/api/useractivity");
            assertEntry(a.get(1), "auditee", 200, "login succeeded", "GET", "/api/auth");
            assertEntry(a.get(2), "auditee", 401, "login failed", "GET", "/api/auth");
            assertEntry(a.get(3), "-", 401, "Unauthorized", "GET", "/api/info");
            assertEntry(a.get(4), "auditee", 403, "Forbidden", "GET", "/api/users");
            assertEntry(a.get(5), "auditee", 200, "OK", "GET", "/api/info");
            assertEntry(a.get(6), "admin", 200, "OK", "GET", "/api/user/auditee");
            assertEquals("127.0.0.1", a.get(0).get("ip_address").asText());
            assertTrue(
                    a.get(0)
                            .get("timestamp")
                            .asText()
                            .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00"),
                    a.get(0).toString());
            // The read of the activity itself is recorded too, for the next reader.
            JsonNode next = api.admin("GET", "/api/useractivity?limit=1", null).json();
            assertEntry(next.get(0), "admin", 200, "OK", "GET", "/api/useractivity");
        }
    }

    @Test
    void entriesAreMirroredToSyslogAsRfc5424() throws Exception {
        try (DatagramSocket collector =
                new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            collector.setSoTimeout(60_000); // a deadline for a lost datagram, not a speed requirement
            String target = "udp://127.0.0.1:" + collector.getLocalPort();
            try (TestServer s = TestServer.start(data, "audit-syslog", target)) {
                ApiCalls api = new ApiCalls(s);
                assertEquals(200, api.admin("GET", "/api/info", null).status());
                String line = receive(collector);
                assertTrue(line.startsWith("<86>1 "), line); // authpriv.info, syslog protocol version 1
                String[] parts = line.split(" ", 8);
                assertTrue(parts[1].matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"), line);
                assertEquals("lampblack", parts[3]);
                assertEquals("-", parts[4]);
                assertEquals("audit", parts[5]);
                assertTrue(
                        line.contains("[audit@32473 user=\"admin\" ip=\"127.0.0.1\" method=\"GET\" path=\"/api/info\""
                                + " status=\"200\"] OK"),
                        line);

                assertEquals(401, login(s, "admin", "no password set").status());
                String failed = receive(collector);
                assertTrue(failed.startsWith("<85>1 "), "a refusal is a notice: " + failed);
                assertTrue(failed.endsWith("] login failed"), failed);
            }
        }
    }

    private static String receive(DatagramSocket socket) throws Exception {
        byte[] buf = new byte[65_536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    private static TestServer.Response login(TestServer s, String user, String password) throws Exception {
        return s.send(HttpRequest.newBuilder(URI.create(s.server.url() + "/api/auth"))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .GET());
    }

    private static void assertEntry(
            JsonNode e, String user, int status, String description, String method, String path) {
        assertEquals(user, e.get("username").asText(), e.toString());
        assertEquals(status, e.get("http_status").asInt(), e.toString());
        assertEquals(description, e.get("http_description").asText(), e.toString());
        assertEquals(method, e.get("method").asText(), e.toString());
        assertEquals(path, e.get("path").asText(), e.toString());
    }
}
