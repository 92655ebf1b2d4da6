package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same server with its metadata in PostgreSQL (the machine's shared server, a fresh schema per run, dropped
 * afterwards). Skips when no PostgreSQL listens on 127.0.0.1:5432.
 */
class PostgresIT {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String USER = "postgres";

    @TempDir
    Path data;

    String schema;

    @BeforeEach
    void freshSchema() {
        try (Connection c = DriverManager.getConnection(URL, USER, "")) {
            c.isValid(5);
            schema = "lampblack_it_"
                    + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        } catch (SQLException e) {
            abort("PostgreSQL is not reachable at 127.0.0.1:5432 (" + e.getMessage() + "); skipping PostgreSQL tests");
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (schema == null) return;
        try (Connection c = DriverManager.getConnection(URL, USER, "")) {
            c.createStatement().execute("drop schema if exists " + schema + " cascade");
        }
    }

    @Test
    void serverKeepsSensorsUsersAndAuditInPostgres() throws Exception {
        String[] settings = {"db", URL, "db-schema", schema, "db-user", USER};
        SensorClient.Identity id;
        String token;
        try (TestServer s = TestServer.start(data, settings)) {
            token = s.token;
            SensorClient client = s.sensorClient();
            var r = client.register(new RegisterRequest("PG-HOST", null, "linux", "server", null, null, null, 1), "");
            id = new SensorClient.Identity(r.sensorId(), r.secret());
            client.upload(id, "pg-1", new SyntheticHost(5).nextUpload(200));
            s.server.ingest().pipeline().awaitIndexed(30_000);
            var hits = s.get(TestServer.processQuery("hostname:PG-HOST", "")).json();
            assertTrue(hits.get("total_results").asInt() > 0);
            assertEquals("linux", hits.get("results").get(0).get("os_type").asText());
            s.post("/api/v1/process", "{\"q\": [\"hostname:PG-HOST\"]}");
        }
        try (Connection c = DriverManager.getConnection(URL, USER, "")) {
            assertEquals(1, count(c, "select count(*) from " + schema + ".sensor where hostname = 'PG-HOST'"));
            assertEquals(1, count(c, "select count(*) from " + schema + ".sensor_group where name = 'Default Group'"));
            assertTrue(count(c, "select count(*) from " + schema + ".audit_log where method = 'POST'") >= 1);
            // V16: a description holds a live-response command line whole (4,096 characters), in PostgreSQL too.
            assertEquals(
                    io.lampblack.server.auth.AuditLog.Entry.MAX_DESCRIPTION,
                    count(
                            c,
                            "select character_maximum_length from information_schema.columns where table_schema = '"
                                    + schema + "' and table_name = 'audit_log' and column_name = 'description'"));
        }
        // A restart on the same schema keeps the admin token and the sensor's credentials.
        try (TestServer s = TestServer.start(data, settings)) {
            assertEquals(token, s.token);
            assertEquals(200, s.get("/api/info").status());
            assertEquals(List.of(), s.sensorClient().checkin(id, List.of()).actions());
        }
    }

    @Test
    void sensorGroupsCanBeCreatedAndRegisteredInto() throws Exception {
        try (TestServer s = TestServer.start(data, "db", URL, "db-schema", schema, "db-user", USER)) {
            int dc = s.server
                    .sensors()
                    .registry()
                    .createGroup("Domain Controllers")
                    .id();
            assertTrue(dc != 1, "a new id beside the default group's");
            assertEquals(
                    dc + 1, s.server.sensors().registry().createGroup("Servers").id());
            var r = s.sensorClient()
                    .register(
                            new RegisterRequest("PG-DC", null, "windows", "domain_controller", null, null, null, dc),
                            "");
            assertEquals(dc, r.groupId());
            var id = new SensorClient.Identity(r.sensorId(), r.secret());
            s.sensorClient().upload(id, "pg-dc-1", new SyntheticHost(9).nextUpload(50));
            s.server.ingest().pipeline().awaitIndexed(30_000);
            var hits = s.get(TestServer.processQuery("group:\"Domain Controllers\"", ""))
                    .json();
            assertTrue(hits.get("total_results").asInt() > 0);
            assertEquals(
                    "Domain Controllers",
                    hits.get("results").get(0).get("group").asText());
        }
    }

    /** Migration V9 and the group, site, throttle, data-sharing and enrolment-token statements in PostgreSQL. */
    @Test
    void groupsSitesThrottlesAndEnrolmentTokensLiveInPostgres() throws Exception {
        try (TestServer s = TestServer.start(data, "db", URL, "db-schema", schema, "db-user", USER)) {
            var site = s.post("/api/site", "{\"name\": \"PG Site\", \"contact\": \"ops\"}");
            assertEquals(200, site.status(), site.text());
            int siteId = site.json().get("id").asInt();
            var group = s.post(
                    "/api/v3/group",
                    "{\"name\": \"PG Group\", \"sensorbackend_server\": \"https://cb:443\", \"site_id\": " + siteId
                            + ", \"tamper_level\": 1}");
            assertEquals(200, group.status(), group.text());
            int groupId = group.json().get("id").asInt();
            var changed = s.send(HttpRequest.newBuilder(URI.create(s.server.url() + "/api/v3/group/" + groupId))
                    .header("X-Auth-Token", s.token)
                    .PUT(HttpRequest.BodyPublishers.ofString(
                            "{\"collect_netconns\": false, \"checkin_interval_seconds\": 15,"
                                    + " \"isolation_exclusions\": [\"10.1.1.1\"]}")));
            assertEquals(200, changed.status(), changed.text());
            var throttle = s.post(
                    "/api/throttle",
                    "{\"bytes_per_second\": 100, \"day_of_week\": \"Friday\", \"from\": \"00:00\", \"site_id\": "
                            + siteId + ", \"to\": \"06:00\"}");
            assertEquals(200, throttle.status(), throttle.text());
            assertEquals(
                    200,
                    s.post("/api/v1/group/" + groupId + "/datasharing", "{\"who\": \"VIRUSTOTAL\", \"what\": \"BIN\"}")
                            .status());
            String token = s.post("/api/v1/group/" + groupId + "/registration_token", "")
                    .json()
                    .get("registration_token")
                    .asText();

            var r = s.sensorClient()
                    .register(new RegisterRequest("PG-ENROLLED", null, "linux", "server", null, null, null, 1), token);
            assertEquals(groupId, r.groupId());
            assertEquals(15, r.checkinIntervalSeconds());
            var checkin = s.sensorClient().checkin(new SensorClient.Identity(r.sensorId(), r.secret()), List.of());
            assertEquals(Boolean.FALSE, checkin.config().collect().get("collect_netconns"));
            assertEquals(List.of("10.1.1.1"), checkin.config().isolationExclusions());

            var read = s.get("/api/v3/group/" + groupId).json().get(0);
            assertEquals(1, read.get("tamper_level").asInt());
            assertTrue(read.get("has_enrolment_token").asBoolean());
            assertEquals(
                    "ops",
                    s.get("/api/site/" + siteId).json().get(0).get("contact").asText());
            assertEquals(
                    1, s.get("/api/v1/group/" + groupId + "/datasharing").json().size());
            // revocation binds a null digest
            var revoked = s.send(HttpRequest.newBuilder(
                            URI.create(s.server.url() + "/api/v1/group/" + groupId + "/registration_token"))
                    .header("X-Auth-Token", s.token)
                    .DELETE());
            assertEquals(200, revoked.status(), revoked.text());
            assertFalse(s.get("/api/v3/group/" + groupId)
                    .json()
                    .get(0)
                    .get("has_enrolment_token")
                    .asBoolean());
        }
    }

    @Test
    void tagsLiveInPostgresAndDriveTagClauses() throws Exception {
        try (TestServer s = TestServer.start(data, "db", URL, "db-schema", schema, "db-user", USER)) {
            var r = s.sensorClient()
                    .register(new RegisterRequest("PG-TAGS", null, "windows", "workstation", null, null, null, 1), "");
            s.sensorClient()
                    .upload(
                            new SensorClient.Identity(r.sensorId(), r.secret()),
                            "pg-tags-1",
                            new SyntheticHost(11).nextUpload(100));
            s.server.ingest().pipeline().awaitIndexed(30_000);
            var row = s.get(TestServer.processQuery("hostname:PG-TAGS", "&rows=1"))
                    .json()
                    .get("results")
                    .get(0);
            String guid = row.get("id").asText();
            var tags = s.server.store().tags();
            tags.put(io.lampblack.server.tag.TagStore.Scope.PROCESS, guid.toUpperCase(), "alliance_score_pgfeed", 40);
            tags.put(io.lampblack.server.tag.TagStore.Scope.PROCESS, guid, "alliance_score_pgfeed", 60); // an update
            var hits = s.get(TestServer.processQuery("alliance_score_pgfeed:[50 TO *]", ""))
                    .json();
            assertTrue(hits.get("total_results").asInt() > 0);
            for (var d : hits.get("results")) {
                assertEquals(guid, d.get("id").asText());
                assertEquals(60, d.get("alliance_score_pgfeed").asInt());
            }
            assertEquals(
                    0,
                    s.get(TestServer.processQuery("alliance_score_pgfeed:[61 TO *]", ""))
                            .json()
                            .get("total_results")
                            .asInt());
        }
        try (Connection c = DriverManager.getConnection(URL, USER, "")) {
            assertEquals(
                    1, count(c, "select count(*) from " + schema + ".doc_tag where tag = 'alliance_score_pgfeed'"));
        }
    }

    @Test
    void feedsLiveInPostgres() throws Exception {
        java.nio.file.Path feedFile = java.nio.file.Files.writeString(data.resolve("feed.json"), """
                {"feedinfo": {"name": "pgfeed", "display_name": "PG feed", "provider_url": "https://x", "summary": "s",
                  "tech_data": "t"},
                 "reports": [{"id": "r1", "timestamp": 1, "link": "l", "title": "t", "score": 10,
                  "iocs": {"dns": ["evil.example"]}}]}""");
        try (TestServer s = TestServer.start(data.resolve("server"), "db", URL, "db-schema", schema, "db-user", USER)) {
            var added = s.post("/api/v1/feed", "{\"feed_url\": \"" + feedFile.toUri() + "\"}");
            assertEquals(200, added.status(), added.text());
            long id = added.json().get("id").asLong();
            var f = s.get("/api/v1/feed/" + id).json();
            assertEquals("pgfeed", f.get("name").asText());
            assertTrue(f.get("provider_rating").isNull(), "an absent rating stays absent");
            var put = s.send(HttpRequest.newBuilder(URI.create(s.server.url() + "/api/v1/feed/" + id))
                    .header("X-Auth-Token", s.token)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\": false, \"local_rating\": 4}")));
            assertEquals(200, put.status(), put.text());
            assertEquals(
                    4.0, s.get("/api/v1/feed/" + id).json().get("local_rating").asDouble());
        }
        try (Connection c = DriverManager.getConnection(URL, USER, "")) {
            assertEquals(1, count(c, "select count(*) from " + schema + ".feed where name = 'pgfeed' and not enabled"));
        }
    }

    @Test
    void investigationsAndServerSettingsLiveInPostgres() throws Exception {
        String[] settings = {"db", URL, "db-schema", schema, "db-user", USER};
        long invId;
        try (TestServer s = TestServer.start(data, settings)) {
            String uniqueId = InvestigationIT.indexedProcess(s);
            invId = s.post("/api/investigation", "{\"name\": \"pg case\"}")
                    .json()
                    .get("id")
                    .asLong();
            TestServer.Response tagged = s.post(
                    "/api/tagged_event",
                    "{\"event_type\": \"filemod\", \"investigation_id\": " + invId + ", \"unique_id\": \"" + uniqueId
                            + "\"}");
            assertEquals(200, tagged.status(), tagged.text());
            assertEquals(
                    200, s.post("/api/license", "{\"license\": \"PG-BLOCK\"}").status());
            assertEquals(
                    200,
                    s.post("/api/v1/settings/global/platformserver", "{\"server_url\": \"https://pg.example\"}")
                            .status());
        }
        try (TestServer s = TestServer.start(data, settings)) {
            assertEquals(1, s.get("/api/tagged_event/" + invId).json().size());
            assertEquals(
                    "https://pg.example",
                    s.get("/api/v1/settings/global/platformserver")
                            .json()
                            .get("server_url")
                            .asText());
            assertTrue(!s.get("/api/license").json().get("license_applied_at").isNull());
        }
        try (Connection c = DriverManager.getConnection(URL, USER, "")) {
            assertEquals(1, count(c, "select count(*) from " + schema + ".tagged_event"));
        }
    }

    @Test
    void ingressFiltersLiveInPostgresWithZonedTimestamps() throws Exception {
        String[] settings = {"db", URL, "db-schema", schema, "db-user", USER};
        String created;
        try (TestServer s = TestServer.start(data, settings)) {
            TestServer.Response made =
                    s.post("/api/v1/ingress_whitelist", "[{\"id\": \"pg\", \"description\": \"pg filter\"}]");
            assertEquals(200, made.status(), made.text());
            assertEquals(
                    200,
                    s.send(HttpRequest.newBuilder(URI.create(s.server.url() + "/api/v1/ingress_whitelist/pg"))
                                    .header("X-Auth-Token", s.token)
                                    .PUT(HttpRequest.BodyPublishers.ofString("{\"description\": \"changed\"}")))
                            .status());
        }
        try (TestServer s = TestServer.start(data, settings)) {
            var f = s.get("/api/v1/ingress_whitelist/pg").json();
            assertEquals("changed", f.get("description").asText());
            assertEquals(2, f.get("version").asInt());
            created = f.get("create_timestamp").asText();
        }
        try (Connection c = DriverManager.getConnection(URL, USER, "")) {
            try (ResultSet rs = c.createStatement()
                    .executeQuery("select data_type from information_schema.columns where table_schema = '" + schema
                            + "' and table_name = 'ingress_filter' and column_name in ('create_timestamp',"
                            + " 'modify_timestamp')")) {
                int n = 0;
                while (rs.next()) {
                    assertEquals("timestamp with time zone", rs.getString(1));
                    n++;
                }
                assertEquals(2, n);
            }
            try (ResultSet rs = c.createStatement()
                    .executeQuery("select create_timestamp from " + schema + ".ingress_filter where id = 'pg'")) {
                assertTrue(rs.next());
                assertEquals(
                        java.time.Instant.parse(created),
                        rs.getObject(1, java.time.OffsetDateTime.class).toInstant(),
                        "the instant the API reports is the one stored");
            }
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
