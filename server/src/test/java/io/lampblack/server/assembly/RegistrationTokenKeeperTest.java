package io.lampblack.server.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.sensor.RegistrationToken;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Review finding 11: a rotation is whole once the token file is written, whatever server-info.json does. */
class RegistrationTokenKeeperTest {

    @TempDir
    Path data;

    @Test
    void aServerInfoThatCannotBeUpdatedDoesNotUndoTheRotation() throws Exception {
        Path file = data.resolve(SensorAssembly.TOKEN_FILE);
        Files.writeString(file, "old\n");
        Files.writeString(ServerInfo.file(data), "not json"); // damaged: reading it to update it fails
        RegistrationToken token = RegistrationToken.kept("old", SensorAssembly.keeper(file, data), () -> "new");

        assertEquals("new", token.rotate());
        assertTrue(token.admits("new"), "the token the answer shows is the one admitted");
        assertFalse(token.admits("old"));
        assertEquals("new", Files.readString(file).strip(), "and the one a restart reads");
    }

    @Test
    void aTokenFileThatCannotBeWrittenKeepsTheOldToken() throws Exception {
        Path file = Files.createDirectories(data.resolve(SensorAssembly.TOKEN_FILE)); // a directory: not writable
        RegistrationToken token = RegistrationToken.kept("old", SensorAssembly.keeper(file, data), () -> "new");
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, token::rotate);
        assertTrue(token.admits("old"));
        assertFalse(token.admits("new"));
    }
}
