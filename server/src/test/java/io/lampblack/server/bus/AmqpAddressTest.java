package io.lampblack.server.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AmqpAddressTest {

    @Test
    void aSlashPathIsTheDefaultVhost() {
        assertEquals(
                new AmqpAddress("127.0.0.1", 5672, "guest", "guest", "/"),
                AmqpAddress.parse("amqp://guest:guest@127.0.0.1:5672/"));
        assertEquals("/", AmqpAddress.parse("amqp://cb:x@h").vhost());
        assertEquals(5672, AmqpAddress.parse("amqp://cb:x@h").port());
    }

    @Test
    void namedVhostAndEscapedCredentials() {
        AmqpAddress a = AmqpAddress.parse("amqp://u%40x:p%2Fw+d@broker:5004/cb%2Fprod");
        assertEquals(new AmqpAddress("broker", 5004, "u@x", "p/w+d", "cb/prod"), a);
        assertFalse(a.toString().contains("p/w+d"), "never log the password");
    }

    @Test
    void otherSchemesFail() {
        assertThrows(IllegalArgumentException.class, () -> AmqpAddress.parse("amqps://h/"));
        assertThrows(IllegalArgumentException.class, () -> AmqpAddress.parse("http://h/"));
    }
}
