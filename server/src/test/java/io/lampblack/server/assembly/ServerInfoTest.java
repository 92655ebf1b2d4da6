package io.lampblack.server.assembly;

import static io.lampblack.server.support.Golden.read;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerInfoTest {

    @Test
    void theFileScriptsReadKeepsItsShapeAndItsToken(@TempDir Path data) throws Exception {
        ServerInfo.write(
                data,
                "https://127.0.0.1:8443",
                Optional.of("abc123"),
                Optional.of("pw789"),
                Optional.of("reg456"),
                "amqp://cb:pw@127.0.0.1:5004/");
        String certificate = data.resolve("tls").resolve("server.crt").toString();
        assertEquals(
                read("server-info.json").replace("${certificate}", certificate),
                Files.readString(ServerInfo.file(data), StandardCharsets.UTF_8));
        assertEquals(Optional.of("abc123"), ServerInfo.previousToken(data));
        assertEquals(Optional.of("pw789"), ServerInfo.previousPassword(data));

        ServerInfo.write(
                data,
                "https://127.0.0.1:8443",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "amqp://cb:pw@127.0.0.1:5004/");
        assertEquals(Optional.empty(), ServerInfo.previousToken(data), "a start that created no admin writes no token");
        assertEquals(Optional.empty(), ServerInfo.previousPassword(data));
    }

    @Test
    void whatAStartCreatedIsWrittenAtOnceWithWhatIsNotKnownYetKeptFromTheFileBefore(@TempDir Path data)
            throws Exception {
        ServerInfo.writeCreated(data, Optional.empty(), Optional.of("t1"), Optional.of("p1"), Optional.of("r1"));
        ServerInfo.Contents first = ServerInfo.read(data).orElseThrow();
        assertEquals("", first.url(), "a free port is not known before the server listens");
        assertEquals("", first.busUrl());
        assertEquals("t1", first.apiToken());
        assertEquals("p1", first.password());
        assertEquals("r1", first.sensorRegistrationToken());

        ServerInfo.write(
                data,
                "https://127.0.0.1:8443",
                Optional.of("t1"),
                Optional.of("p1"),
                Optional.of("r1"),
                "amqp://cb:pw@127.0.0.1:5004/");
        ServerInfo.writeCreated(data, Optional.empty(), Optional.of("t1"), Optional.of("p2"), Optional.empty());
        ServerInfo.Contents kept = ServerInfo.read(data).orElseThrow();
        assertEquals("https://127.0.0.1:8443", kept.url());
        assertEquals("amqp://cb:pw@127.0.0.1:5004/", kept.busUrl());
        assertEquals("p2", kept.password());
        ServerInfo.writeCreated(
                data, Optional.of("https://edr.example.org"), Optional.of("t1"), Optional.of("p2"), Optional.empty());
        assertEquals(
                "https://edr.example.org", ServerInfo.read(data).orElseThrow().url());
    }

    @Test
    void anOlderOrDamagedFileGivesNoTokenRatherThanFailing(@TempDir Path data) throws Exception {
        Files.writeString(
                ServerInfo.file(data), "{\"url\": \"https://x\", \"api_token\": \"t0k\", \"added_later\": 1}");
        assertEquals(Optional.of("t0k"), ServerInfo.previousToken(data));
        Files.writeString(ServerInfo.file(data), "{\"url\": \"https://x\"}");
        assertEquals(Optional.empty(), ServerInfo.previousToken(data));
        Files.writeString(ServerInfo.file(data), "{\"api_token\": ");
        assertEquals(Optional.empty(), ServerInfo.previousToken(data));
    }
}
