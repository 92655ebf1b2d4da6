package io.lampblack.server.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which server addresses an installer must not carry: ones that lead every host back to itself. */
class InstallerApiLoopbackTest {

    @Test
    void loopbackNamesAndAddressesAreKnownWithoutLookingNamesUp() {
        for (String h : List.of("localhost", "LOCALHOST", "lb.localhost", "127.0.0.1", "127.8.9.10", "[::1]", "::1")) {
            assertTrue(InstallerApi.loopback(h), h);
        }
        for (String h : List.of("lb.example", "10.0.0.5", "[fe80::1]", "localhost.example", "128.0.0.1")) {
            assertFalse(InstallerApi.loopback(h), h);
        }
        assertFalse(InstallerApi.loopback(null));
    }
}
