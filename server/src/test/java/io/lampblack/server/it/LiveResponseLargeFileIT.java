package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.lampblack.server.support.LiveResponseCalls;
import io.lampblack.server.support.TestLiveSensor;
import io.lampblack.server.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A memory dump larger than any Java array (2 GiB + 1 MiB) goes sensor → server → client intact: the test sensor
 * streams generated content into a {@code get file}, the client streams it out of {@code .../content}, and the
 * SHA-256 of what arrived equals that of what was sent. The same size goes the other way too: a multipart upload,
 * then {@code put file} to the sensor. Nothing on the way can hold it whole (it does not fit in a
 * byte array). Tagged {@code large} (it moves 4 GiB over TLS and writes 2 GiB to disk): leave it out with
 * {@code -DexcludedGroups=large}.
 */
@Tag("large")
class LiveResponseLargeFileIT {

    static final long SIZE = (2L << 30) + (1L << 20);

    @TempDir
    Path data;

    @Test
    void twoGigabyteMemdumpStreamsThroughIntact() throws Exception {
        try (TestServer s = TestServer.start(data);
                TestLiveSensor sensor =
                        TestLiveSensor.register(s, "LR-BIG", 1, true).start()) {
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            sensor.generated.put("C:\\memory.dmp", () -> new Generated(SIZE, 42, sent));
            LiveResponseCalls lr = new LiveResponseCalls(s, s.token);
            long sid = lr.activeSession(sensor.id.sensorId()).get("id").asLong();
            JsonNode post = lr.ok(
                    "POST",
                    LiveResponseCalls.BASE + "/" + sid + "/command",
                    "{\"name\": \"get file\", \"object\":" + " \"C:\\\\memory.dmp\"}");
            JsonNode done = lr.done(sid, post.get("id").asLong());
            assertEquals("complete", done.get("status").asText(), done.toString());
            long fid = post.get("file_id").asLong();
            assertEquals(
                    SIZE,
                    lr.ok("GET", LiveResponseCalls.BASE + "/" + sid + "/file/" + fid, null)
                            .get("size")
                            .asLong());

            MessageDigest received = MessageDigest.getInstance("SHA-256");
            long count = 0;
            HttpResponse<InputStream> r = lr.content(sid, fid);
            assertEquals(200, r.statusCode());
            try (InputStream in = r.body()) {
                byte[] buf = new byte[1 << 20];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    received.update(buf, 0, n);
                    count += n;
                }
            }
            assertEquals(SIZE, count);
            assertEquals(HexFormat.of().formatHex(sent.digest()), HexFormat.of().formatHex(received.digest()));

            // The other way: a multipart upload of the same size (part "file"), then put file to the sensor.
            MessageDigest uploaded = MessageDigest.getInstance("SHA-256");
            String boundary = "----lampblack-large-boundary";
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\""
                            + "\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes();
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes();
            HttpResponse<String> up = s.http.send(
                    java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create(s.server.url() + LiveResponseCalls.BASE + "/" + sid + "/file"))
                            .header("X-Auth-Token", s.token)
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() ->
                                    new java.io.SequenceInputStream(java.util.Collections.enumeration(java.util.List.of(
                                            new java.io.ByteArrayInputStream(head),
                                            new Generated(SIZE, 7, uploaded),
                                            new java.io.ByteArrayInputStream(tail))))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, up.statusCode(), up.body());
            JsonNode file = new com.fasterxml.jackson.databind.ObjectMapper().readTree(up.body());
            assertEquals(SIZE, file.get("size").asLong());
            JsonNode put = lr.run(
                    sid,
                    "{\"name\": \"put file\", \"object\": \"C:\\\\big.bin\", \"file_id\": "
                            + file.get("id").asLong() + "}");
            assertEquals("complete", put.get("status").asText(), put.toString());
            assertEquals(HexFormat.of().formatHex(uploaded.digest()), sensor.putDigests.get("C:\\big.bin"));
        }
    }

    /** {@code size} pseudo-random bytes (xorshift), made as they are read and added to {@code digest}. */
    static final class Generated extends InputStream {
        private long left;
        private long state;
        private final MessageDigest digest;

        Generated(long size, long seed, MessageDigest digest) {
            this.left = size;
            this.state = seed | 1;
            this.digest = digest;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) return -1;
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                if ((i & 7) == 0) {
                    state ^= state << 13;
                    state ^= state >>> 7;
                    state ^= state << 17;
                }
                b[off + i] = (byte) (state >>> ((i & 7) * 8));
            }
            digest.update(b, off, n);
            left -= n;
            return n;
        }
    }
}
