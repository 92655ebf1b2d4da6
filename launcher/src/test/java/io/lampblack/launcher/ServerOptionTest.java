package io.lampblack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

/** Where replay and simulate take the registration token from: command line, file, environment, in that order. */
class ServerOptionTest {

    @TempDir
    Path dir;

    private static ServerOption option(String... args) {
        ParseResult r = Lampblack.commandLine().parseArgs(args);
        while (r.hasSubcommand()) r = r.subcommand();
        return ((ReplayCommand) r.commandSpec().userObject()).server;
    }

    @Test
    void theCommandLineWinsThenTheFileThenTheEnvironment() throws Exception {
        Map<String, String> env = Map.of(ServerOption.TOKEN_VARIABLE, "from-env");
        Path file = Files.writeString(dir.resolve("token"), "from-file\n");
        String url = "https://127.0.0.1:1";
        assertEquals(
                "typed",
                option("replay", "--server", url, "--registration-token", "typed", "x")
                        .registrationToken(env));
        assertEquals(
                "from-file",
                option("replay", "--server", url, "--registration-token-file", file.toString(), "x")
                        .registrationToken(env));
        assertEquals("from-env", option("replay", "--server", url, "x").registrationToken(env));
        assertThrows(
                IllegalArgumentException.class,
                () -> option("replay", "--registration-token", "a", "--registration-token-file", file.toString(), "x")
                        .registrationToken(env));
    }

    @Test
    void theServersOwnTokenVariableIsNotTheSensorsOne() throws Exception {
        // Exported for a replay, the server's variable would set a later server's token (and make it non-rotatable).
        String serverVariable = io.lampblack.server.config.ServerSettings.REGISTRATION_TOKEN.environmentVariable();
        assertNotEquals(serverVariable, ServerOption.TOKEN_VARIABLE);
        assertEquals("LAMPBLACK_SENSOR_REGISTRATION_TOKEN", ServerOption.TOKEN_VARIABLE);
        assertEquals(
                "",
                option("replay", "--server", "https://127.0.0.1:1", "x")
                        .registrationToken(Map.of(serverVariable, "server-token")));
    }
}
