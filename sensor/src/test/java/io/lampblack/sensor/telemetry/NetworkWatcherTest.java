package io.lampblack.sensor.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The address forms of /proc/net: each 32-bit word as the (little-endian) machine holds it. */
class NetworkWatcherTest {

    @Test
    void ipv4AddressesReadAsTheKernelPrintsThem() throws Exception {
        assertEquals(InetAddress.ofLiteral("127.0.0.1"), NetworkWatcher.address("0100007F"));
        assertEquals(InetAddress.ofLiteral("23.4.187.27"), NetworkWatcher.address("1BBB0417"));
    }

    @Test
    void ipv6AddressesReadWordByWord() throws Exception {
        assertEquals(InetAddress.ofLiteral("::1"), NetworkWatcher.address("00000000000000000000000001000000"));
        assertEquals(
                InetAddress.ofLiteral("fe80::20c:29ff:fe85:bcd0"),
                NetworkWatcher.address("000080FE00000000FF290C02D0BC85FE"));
        // IPv4-mapped, as a dual-stack socket shows an IPv4 peer.
        assertEquals(InetAddress.ofLiteral("10.0.0.5"), NetworkWatcher.address("0000000000000000FFFF00000500000A"));
    }
}
