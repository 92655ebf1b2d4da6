package io.lampblack.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.LampblackServer;
import io.lampblack.server.config.ServerSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 7: every start printed the admin's API token and the bus URL with its password, and so wrote them
 * into any log file of the output. A secret is shown once, on the terminal of the start that created it; what a
 * start writes to a log (its standard output and the server's log lines) never holds one.
 */
class StartOutputIT {

    @TempDir
    Path data;

    private PrintStream realOut;
    private PrintStream realErr;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        realOut = System.out;
        realErr = System.err;
        // The server's log lines (slf4j-simple writes to whatever System.err is at the time) and the start's output.
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
    }

    @AfterEach
    void restore() {
        System.setOut(realOut);
        System.setErr(realErr);
    }

    private ServerSettings settings() {
        return ServerSettings.fromArgs(
                List.of("--data", data.toString(), "--port", "0", "--bus-port", "0", "--refresh-ms", "100"));
    }

    private static String busPassword(LampblackServer s) {
        String info = URI.create(s.busUrl()).getUserInfo();
        return info.substring(info.indexOf(':') + 1);
    }

    private String output() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void secretsAreShownOnceOnTheTerminalAndNeverInALog() throws Exception {
        String adminToken;
        String adminPassword;
        String registrationToken;
        String busPassword;
        try (LampblackServer s = LampblackServer.start(settings())) {
            adminToken = s.createdAdminToken().orElseThrow();
            adminPassword = s.createdAdminPassword().orElseThrow();
            assertTrue(adminPassword.length() >= 20, "the admin's generated first password");
            registrationToken = s.createdRegistrationToken().orElseThrow();
            busPassword = busPassword(s);
            assertTrue(busPassword.length() >= 16, "the embedded broker's generated password");
            String logged = output();
            assertTrue(logged.contains("embedded AMQP"), "the server's log lines are captured: " + logged);
            assertFalse(logged.contains(adminToken), logged);
            assertFalse(logged.contains(adminPassword), logged);
            assertFalse(logged.contains(registrationToken), logged);
            assertFalse(logged.contains(busPassword), logged);

            // The first start, writing to a log file: where to find the secrets, not the secrets.
            captured.reset();
            ServerCommand.printStarted(s, System.out, false);
            String toLog = output();
            assertFalse(toLog.contains(adminToken), toLog);
            assertFalse(toLog.contains(adminPassword), toLog);
            assertTrue(toLog.contains("web console:             " + s.url() + "/"), toLog);
            assertFalse(toLog.contains(registrationToken), toLog);
            assertFalse(toLog.contains(busPassword), toLog);
            assertTrue(toLog.contains(s.serverInfoFile().toString()), toLog);
            assertTrue(toLog.contains("amqp://cb:***@"), toLog);

            // The first start on a terminal: shown, once.
            ByteArrayOutputStream terminal = new ByteArrayOutputStream();
            ServerCommand.printStarted(s, new PrintStream(terminal, true, StandardCharsets.UTF_8), true);
            String shown = terminal.toString(StandardCharsets.UTF_8);
            assertTrue(shown.contains(adminToken), shown);
            assertTrue(shown.contains(adminPassword), shown);
            assertTrue(shown.contains(registrationToken), shown);
            assertFalse(shown.contains(busPassword), shown);
        }

        captured.reset();
        try (LampblackServer s = LampblackServer.start(settings())) {
            // A later start, even on a terminal, shows none of them again.
            ServerCommand.printStarted(s, System.out, true);
            assertTrue(s.createdAdminToken().isEmpty());
            assertTrue(s.createdAdminPassword().isEmpty());
            assertTrue(s.createdRegistrationToken().isEmpty());
        }
        String second = output();
        assertTrue(second.contains("Lampblack is running at"), second);
        assertFalse(second.contains(adminToken), second);
        assertFalse(second.contains(adminPassword), second);
        assertFalse(second.contains(registrationToken), second);
        assertFalse(second.contains(busPassword), second);
    }
}
