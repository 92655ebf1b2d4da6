package io.lampblack.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lampblack.protocol.events.SensorEvents.CbEventMsg;
import io.lampblack.protocol.events.SensorEvents.CbIpAddr;
import io.lampblack.protocol.events.SensorEvents.CbNetConnMsg;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetOrderTest {

    @Test
    void ipv4FieldsAreLittleEndian() {
        assertEquals("23.4.187.27", NetOrder.ipv4ToString(465241111));
        assertEquals(0x1704BB1B, NetOrder.ipv4ToInt(465241111));
        assertEquals(465241111, NetOrder.ipv4FromInt(0x1704BB1B));
        assertEquals("172.31.30.0", NetOrder.ipv4ToString(1974188));
        assertEquals("172.31.0.2", NetOrder.ipv4ToString(33562540));
        assertEquals(33562540, NetOrder.ipv4FromString("172.31.0.2"));
        assertEquals("255.255.255.255", NetOrder.ipv4ToString(-1));
    }

    @Test
    void portsAreNetworkOrder() {
        assertEquals(80, NetOrder.port(20480));
        assertEquals(49352, NetOrder.port(51392));
        assertEquals(53, NetOrder.port(13568));
        assertEquals(3389, NetOrder.port(15629));
        assertEquals(20480, NetOrder.rawPort(80));
        assertThrows(IllegalArgumentException.class, () -> NetOrder.rawPort(65536));
    }

    @Test
    void jsonAddressesAreSignedBigEndian() {
        assertEquals(-1407246848, NetOrder.signedIpv4("172.31.30.0"));
        assertEquals(917477092, NetOrder.signedIpv4("54.175.150.228"));
        assertEquals("54.175.150.228", NetOrder.dottedFromSigned(917477092));
        assertEquals("172.31.30.0", NetOrder.dottedFromSigned(-1407246848));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.", "1.2.3.256", "a.b.c.d", "1..2.3", "1.2.3.4 ", "1234.1.1.1"})
    void rejectsBadDottedQuads(String text) {
        assertThrows(IllegalArgumentException.class, () -> NetOrder.signedIpv4(text));
    }

    @Test
    void capturedNetconnsDecodeAsTheForwarderPrintsThem() {
        CbNetConnMsg tcp80 =
                Corpus.event("protobuf/ingress.event.netconn/0.protobuf").getNetwork();
        assertEquals("23.4.187.27", NetOrder.ipv4ToString(tcp80.getRemoteIpAddress()));
        assertEquals(80, NetOrder.port(tcp80.getRemotePort()));
        assertEquals("172.31.30.0", NetOrder.ipv4ToString(tcp80.getLocalIpAddress()));
        assertEquals(49352, NetOrder.port(tcp80.getLocalPort()));
        CbEventMsg rdp = Corpus.event("protobuf/ingress.event.netconn/103.protobuf");
        assertEquals(false, rdp.getNetwork().getOutbound());
        assertEquals(3389, NetOrder.port(rdp.getNetwork().getLocalPort()));
    }

    @Test
    void ipv6TextMatchesTheForwarder() throws Exception {
        CbIpAddr linkLocal = NetOrder.toCbIpAddr(InetAddress.getByName("fe80::20c:29ff:fe85:bcd0")).toBuilder()
                .setIpv6Scope("4")
                .build();
        assertEquals("fe80::20c:29ff:fe85:bcd0%4", NetOrder.ipToString(linkLocal));
        // ipv6High holds the first 8 bytes little-endian: fe80:0000:... reads back as 0x...80fe.
        assertEquals(0x80FEL, linkLocal.getIpv6High());
        assertEquals(
                "2001:db8::1", NetOrder.ipToString(NetOrder.toCbIpAddr(InetAddress.getByName("2001:db8:0:0:0:0:0:1"))));
        assertEquals(
                "2001:db8:0:1:1:1:1:1",
                NetOrder.ipToString(NetOrder.toCbIpAddr(InetAddress.getByName("2001:db8:0:1:1:1:1:1"))));
        assertEquals(
                "2001:0:0:1::1", NetOrder.ipToString(NetOrder.toCbIpAddr(InetAddress.getByName("2001:0:0:1:0:0:0:1"))));
        assertEquals(
                "::", NetOrder.ipToString(CbIpAddr.newBuilder().setBIsIpv6(true).build()));
        assertEquals("::1", NetOrder.ipToString(NetOrder.toCbIpAddr(InetAddress.getByName("::1"))));
        CbIpAddr mapped = CbIpAddr.newBuilder()
                .setBIsIpv6(true)
                .setIpv6Low(0x1B_BB_04_17_FF_FF_00_00L)
                .build();
        assertEquals("23.4.187.27", NetOrder.ipToString(mapped));
        CbIpAddr v4 = NetOrder.toCbIpAddr(InetAddress.getByName("23.4.187.27"));
        assertEquals(465241111, v4.getIpv4Address());
        assertEquals("23.4.187.27", NetOrder.ipToString(v4));
    }
}
