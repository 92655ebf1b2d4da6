package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbHeaderMsg;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterRequest;
import io.lampblack.protocol.sensor.SensorProtocol.RegisterResponse;
import io.lampblack.sensor.client.SensorClient;
import io.lampblack.sensor.simulate.SyntheticHost;
import io.lampblack.server.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 1, performed against a started server with its default limits: a few hundred KB of gzip that
 * inflate to millions of minimal records are refused with 413 before anything is journaled, and decoding stops at
 * the limit instead of filling the heap.
 */
class UploadBombIT {

    @TempDir
    static Path data;

    static TestServer server;
    static SensorClient client;
    static SensorClient.Identity sensor;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(data);
        client = server.sensorClient();
        RegisterResponse r =
                client.register(new RegisterRequest("BOMB-HOST", null, "windows", "server", null, null, null, 1), "");
        sensor = new SensorClient.Identity(r.sensorId(), r.secret());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** Gzip of {@code count} records of 8 bytes: {@code [length 4][CbEventMsg{header{version:4}}]}. */
    static byte[] bomb(int count) throws IOException {
        byte[] msg = CbEventMsg.newBuilder()
                .setHeader(CbHeaderMsg.newBuilder().setVersion(4))
                .build()
                .toByteArray();
        byte[] record = new byte[4 + msg.length];
        record[0] = (byte) msg.length;
        System.arraycopy(msg, 0, record, 4, msg.length);
        byte[] block = new byte[record.length * 8192];
        for (int i = 0; i < 8192; i++) System.arraycopy(record, 0, block, i * record.length, record.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            for (int left = count; left > 0; left -= 8192) {
                gz.write(block, 0, Math.min(left, 8192) * record.length);
            }
        }
        return out.toByteArray();
    }

    @Test
    void aBombOfMinimalRecordsIsRefusedWholeAndTheServerCarriesOn() throws Exception {
        long journaled = server.server.ingest().journal().endPosition();
        long searchable = processes();
        long heapBefore = heapAfterGc();
        // 16.8 million records, 128 MiB once inflated: what filled a 4 GiB heap before.
        byte[] bomb = bomb(16_777_216);
        assertTrue(bomb.length < 1 << 20, "the bomb is small on the wire: " + bomb.length);
        var tooBig = assertThrows(
                SensorClient.SensorProtocolException.class, () -> client.upload(sensor, "bomb-bytes", bomb));
        assertEquals(413, tooBig.status());
        assertEquals("upload_too_large", tooBig.reason());
        assertTrue(tooBig.getMessage().contains("decompressed bytes"), tooBig.getMessage());

        // One million records (8 MB, under the byte limit) is still five times the events a real upload holds.
        var tooMany = assertThrows(
                SensorClient.SensorProtocolException.class, () -> client.upload(sensor, "bomb-events", bomb(1 << 20)));
        assertEquals(413, tooMany.status());
        assertEquals("upload_too_large", tooMany.reason());
        assertTrue(tooMany.getMessage().contains("events"), tooMany.getMessage());

        assertEquals(journaled, server.server.ingest().journal().endPosition(), "nothing of a bomb is journaled");
        assertEquals(searchable, processes(), "nothing of a bomb is searchable");
        assertEquals(0, server.server.ingest().inflight().inUse(), "the refused uploads gave their memory back");
        long grown = heapAfterGc() - heapBefore;
        assertTrue(grown < 256L << 20, "the bombs left " + grown + " bytes more on the heap");

        // The server keeps answering, the same sensor included.
        assertEquals(
                40,
                client.upload(sensor, "after-bomb", new SyntheticHost(5).nextUpload(40))
                        .events());
        assertTrue(processes() > searchable);
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long processes() throws Exception {
        server.server.ingest().pipeline().awaitIndexed(30_000);
        return server.get("/api/v1/process?q=&rows=0")
                .json()
                .get("total_results")
                .asLong();
    }
}
