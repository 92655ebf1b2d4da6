package io.lampblack.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.support.RawHttps;
import io.lampblack.server.support.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections that take a place and never make a request (issue 12, item 3): bare TCP connections that never send a
 * TLS ClientHello, one that dribbles its ClientHello out a byte at a time, one that completes the handshake and goes
 * quiet. The server closes each after its timeout, holds no more than its limit at once, and keeps answering real
 * requests while it is being flooded. The timeouts and the limit are set low so that the test takes seconds.
 */
class ConnectionLimitsIT {

    /** Long enough that only a connection the server never closes reaches it. */
    private static final int WAIT_MILLIS = 30_000;

    @TempDir
    static Path dir;

    static TestServer server;
    static URI url;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(
                dir.resolve("data"), "tls-handshake-seconds", "1", "idle-seconds", "3", "max-connections", "40");
        url = URI.create(server.server.url());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void aFloodOfSilentConnectionsIsClosedAndRealRequestsAreStillAnswered() throws Exception {
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) silent.add(RawHttps.bare(url, WAIT_MILLIS));
            // Far more than the limit are connected (the kernel queues what the server has not accepted yet) ...
            assertEquals(200, server.get("/api/info").status(), "a real request is answered during the flood");
            // ... and every one of them is closed by the server, none left open until our own timeout.
            int open = 0;
            for (Socket s : silent) if (!RawHttps.closedByServer(s)) open++;
            assertEquals(0, open, "silent connections the server did not close");
            assertEquals(200, server.get("/api/info").status(), "a real request is answered after the flood");
        } finally {
            for (Socket s : silent) s.close();
        }
    }

    /**
     * An idle timeout alone forgives a client that sends one byte of its ClientHello now and then; the handshake
     * deadline does not.
     */
    @Test
    void aHandshakeDribbledOutByteByByteIsCutOffAtTheDeadline() throws Exception {
        try (Socket s = RawHttps.bare(url, WAIT_MILLIS)) {
            OutputStream out = s.getOutputStream();
            // A TLS record header announcing a handshake message of 512 bytes, then its bytes one by one.
            byte[] start = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
            boolean cut = false;
            for (int i = 0; i < 200 && !cut; i++) {
                try {
                    out.write(i < start.length ? start[i] : 0x41);
                    out.flush();
                    Thread.sleep(100);
                } catch (IOException closed) {
                    cut = true;
                }
            }
            // 200 bytes at 100 ms apart is 20 s of activity, far past the 1 s deadline: the server must have closed.
            assertTrue(cut || RawHttps.closedByServer(s), "the dribbled handshake was never cut off");
        }
    }

    @Test
    void aConnectionThatSaysNothingAfterItsHandshakeIsClosedWhenIdle() throws Exception {
        try (SSLSocket s = RawHttps.open(url, WAIT_MILLIS)) {
            assertTrue(RawHttps.closedByServer(s), "an idle TLS connection was kept open");
        }
    }

    @Test
    void aConnectionInUseIsNotCutOffByTheHandshakeDeadline() throws Exception {
        try (SSLSocket s = RawHttps.open(url, WAIT_MILLIS)) {
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < 3; i++) {
                out.write(("GET /api/info HTTP/1.1\r\nHost: x\r\nX-Auth-Token: " + server.token + "\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                assertEquals(200, RawHttps.read(s.getInputStream()).status());
                // Past the handshake deadline, within the idle timeout.
                Thread.sleep(1_500);
            }
        }
    }
}
