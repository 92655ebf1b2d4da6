package io.lampblack.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bus settings: embedded broker by default on Carbon Black's port, bad values named at start. */
class BusSettingsTest {

    @Test
    void defaultsAreTheEmbeddedBrokerOnPort5004() {
        ServerSettings s = ServerSettings.defaults();
        assertEquals("", s.get(ServerSettings.BUS));
        assertEquals("127.0.0.1", s.get(ServerSettings.BUS_BIND));
        assertEquals(5004, s.get(ServerSettings.BUS_PORT));
        assertEquals("", s.get(ServerSettings.BUS_USERS));
    }

    @Test
    void acceptedValues() {
        ServerSettings s = ServerSettings.fromArgs(List.of(
                "--bus",
                "amqp://guest:guest@127.0.0.1:5672/",
                "--bus-port",
                "0",
                "--bus-users",
                "forwarder:pw, siem:p:w"));
        assertEquals("amqp://guest:guest@127.0.0.1:5672/", s.get(ServerSettings.BUS));
        assertEquals(0, s.get(ServerSettings.BUS_PORT));
    }

    @Test
    void badValuesNameTheirSetting() {
        assertNamed("bus", List.of("--bus", "http://127.0.0.1:5672/"));
        assertNamed("bus-port", List.of("--bus-port", "70000"));
        assertNamed("bus-users", List.of("--bus-users", "nopassword"));
        assertNamed("bus-users", List.of("--bus-users", "a:1,:2"));
    }

    private static void assertNamed(String key, List<String> args) {
        String message = assertThrows(IllegalArgumentException.class, () -> ServerSettings.fromArgs(args))
                .getMessage();
        assertTrue(message.contains("'" + key + "'"), message);
    }
}
