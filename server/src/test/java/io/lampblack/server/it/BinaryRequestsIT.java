package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.sensor.SensorProtocol.CheckinRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.server.binary.BinaryEvents;
import io.lampblack.server.support.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's side of binary requests (sensor-protocol.md §3): a sensor that described a binary in module info is
 * asked for its file at check-in while the store lacks it; once uploaded it is downloadable and never asked for again.
 */
class BinaryRequestsIT {

    @TempDir
    Path dir;

    private static SensorClient.Identity register(SensorClient client, String host) throws Exception {
        RegisterResponse r =
                client.register(new RegisterRequest(host, null, "linux", "server", null, null, null, 1), "");
        return new SensorClient.Identity(r.sensorId(), r.secret());
    }

    private static List<String> asked(SensorClient client, SensorClient.Identity id) throws Exception {
        var answer = client.checkin(id, new CheckinRequest(List.of(), null));
        return answer.response().binaryRequests() == null
                ? List.of()
                : answer.response().binaryRequests();
    }

    @Test
    void aDescribedBinaryIsRequestedUploadedAndNotRequestedAgain() throws Exception {
        byte[] tool = "#!/bin/sh\necho a tool only this host has\n".getBytes(StandardCharsets.US_ASCII);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(tool));
        try (TestServer t = TestServer.start(dir.resolve("data"))) {
            SensorClient client = t.sensorClient();
            SensorClient.Identity host = register(client, "web-1");
            SensorClient.Identity other = register(client, "web-2");
            var module = BinaryEvents.moduleEvent(
                    BinaryEvents.module(md5, tool.length, "/usr/local/bin/tool", BinaryEvents.AMD64, BinaryEvents.EXE),
                    System.currentTimeMillis());
            client.upload(host, "m-1", BinaryEvents.upload(List.of(module)));
            t.server.ingest().pipeline().awaitIndexed(30_000);

            assertEquals(List.of(md5), asked(client, host));
            assertEquals(List.of(), asked(client, other), "only the sensor that described it is asked");
            assertEquals(404, t.get("/api/v1/binary/" + md5).status(), "no file before the upload");

            // The first host cannot send it (it never does here); the second describes the same binary: asked too.
            client.upload(other, "m-0", BinaryEvents.upload(List.of(module)));
            t.server.ingest().pipeline().awaitIndexed(30_000);
            assertEquals(List.of(md5), asked(client, other), "a second sensor with the binary is asked for it");

            client.uploadBinary(other, md5, tool);
            TestServer.Response r = t.get("/api/v1/binary/" + md5);
            assertEquals(200, r.status(), r.text());
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
                boolean found = false;
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    if (e.getName().equals("filedata")) {
                        assertArrayEquals(tool, zip.readAllBytes());
                        found = true;
                    }
                }
                assertTrue(found, "the zip holds the file");
            }

            // Described again (by both hosts) once stored: nobody is asked.
            client.upload(host, "m-2", BinaryEvents.upload(List.of(module)));
            client.upload(other, "m-3", BinaryEvents.upload(List.of(module)));
            t.server.ingest().pipeline().awaitIndexed(30_000);
            assertEquals(List.of(), asked(client, host));
            assertEquals(List.of(), asked(client, other));
        }
    }
}
