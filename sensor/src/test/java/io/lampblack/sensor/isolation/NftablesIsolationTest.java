package io.lampblack.sensor.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where nft cannot run, isolation is reported unsupported; exclusions are read as nftables needs them. */
class NftablesIsolationTest {

    @Test
    void withoutNftIsolationIsUnsupportedAndSaysSo() {
        NftablesIsolation missing = new NftablesIsolation(List.of("/nonexistent/lampblack-no-such-wrapper"));
        assertFalse(missing.supported());
        assertFalse(missing.isolated());
        HostIsolation.Outcome o = missing.isolate(new InetSocketAddress("127.0.0.1", 443), List.of());
        assertFalse(o.applied());
        assertTrue(o.message().contains("not supported"), o.message());
        assertFalse(missing.unisolate().applied());
    }

    @Test
    void aHungNftIsKilledAndOnlyAYesIsRemembered(@TempDir Path dir) throws Exception {
        NftablesIsolation hung = new NftablesIsolation(
                List.of("/bin/sh", "-c", "exec sleep 600"), List.of(), java.time.Duration.ofMillis(500));
        assertFalse(hung.supported(), "an nft that never ends is not isolation");
        HostIsolation.Outcome o = hung.isolate(new InetSocketAddress("127.0.0.1", 443), List.of());
        assertFalse(o.applied());

        Path wrapper = dir.resolve("nft-wrapper");
        NftablesIsolation later = new NftablesIsolation(List.of(wrapper.toString()));
        assertFalse(later.supported(), "no nft yet");
        Files.writeString(wrapper, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        assertTrue(later.supported(), "nft installed later is noticed");
    }

    @Test
    void nameServersComeFromResolvConfAndFromTheStubsUpstreamWhenItIsLoopback(@TempDir Path dir) throws Exception {
        Path stub =
                Files.writeString(dir.resolve("stub"), "# systemd-resolved\nnameserver 127.0.0.53\noptions edns0\n");
        Path upstream = Files.writeString(
                dir.resolve("upstream"), "nameserver 10.0.0.1\nnameserver fe80::1%eth0\nnameserver dns.example\n");
        Path plain = Files.writeString(dir.resolve("plain"), "search x\nnameserver 192.0.2.53\n");
        assertEquals(
                List.of(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("fe80::1")),
                new NftablesIsolation(List.of(), List.of(stub, upstream)).nameServers());
        assertEquals(
                List.of(InetAddress.getByName("192.0.2.53")),
                new NftablesIsolation(List.of(), List.of(plain, upstream)).nameServers(),
                "the upstream file is read only behind a loopback stub");
        assertEquals(List.of(), new NftablesIsolation(List.of(), List.of(dir.resolve("missing"))).nameServers());
        assertFalse(new NftablesIsolation(List.of(), List.of(dir.resolve("missing")))
                .dns()
                .anywhere());
    }

    @Test
    void aLocalResolverWithoutKnownUpstreamLetsDnsGoAnywhere(@TempDir Path dir) throws Exception {
        Path local = Files.writeString(dir.resolve("local"), "nameserver 127.0.0.1\nnameserver ::1\n");
        NftablesIsolation.Dns dns =
                new NftablesIsolation(List.of(), List.of(local, dir.resolve("no-systemd-resolved"))).dns();
        assertEquals(new NftablesIsolation.Dns(List.of(), true), dns);
        String rules = NftablesIsolation.ruleset(List.of(InetAddress.getByName("192.0.2.1")), 443, List.of(), dns);
        assertTrue(rules.contains("\n    udp dport 53 accept\n"), rules);
        assertFalse(rules.contains("tcp dport 53"), "no TCP channel to port 53 anywhere: " + rules);

        Path stub = Files.writeString(dir.resolve("stub"), "nameserver 127.0.0.53\n");
        Path upstream = Files.writeString(dir.resolve("upstream"), "nameserver 10.0.0.1\n");
        assertFalse(
                new NftablesIsolation(List.of(), List.of(stub, upstream)).dns().anywhere(),
                "a stub whose upstream is known: only that upstream");
    }

    @Test
    void theRuleSetForwardsNothingAndLetsInOnlyAnswersDhcpOffersAndExclusions() throws Exception {
        String rules = NftablesIsolation.ruleset(
                List.of(InetAddress.getByName("192.0.2.1")),
                443,
                List.of("198.51.100.0/24"),
                new NftablesIsolation.Dns(List.of(InetAddress.getByName("192.0.2.53")), false));
        String input = rules.substring(rules.indexOf("chain input"), rules.indexOf("chain forward"));
        String forward = rules.substring(rules.indexOf("chain forward"), rules.indexOf("chain output"));
        assertTrue(forward.contains("hook forward") && forward.contains("policy drop"), forward);
        assertFalse(forward.contains("accept"), forward);
        assertFalse(input.contains("sport 53"), "nothing comes in for coming from port 53: " + input);
        assertFalse(input.contains("dport 67") || input.contains("dport 547"), "the host is no DHCP server: " + input);
        assertTrue(input.contains("ct direction reply ct state established,related accept"), input);
        assertTrue(rules.contains("ip daddr 192.0.2.53 tcp dport 53 accept"), rules);
        assertFalse(rules.contains("\n    tcp dport 53"), "DNS only to the name servers: " + rules);
    }

    @Test
    void exclusionsAreAddressesOrCidrBlocksWithHostBitsCleared() throws Exception {
        assertEquals(List.of("10.1.2.3"), NftablesIsolation.exclusion(" 10.1.2.3 "));
        assertEquals(List.of("10.1.0.0/16"), NftablesIsolation.exclusion("10.1.2.3/16"));
        assertEquals(List.of("fd00:0:0:0:0:0:0:0/8"), NftablesIsolation.exclusion("fd12::1/8"));
        assertThrows(IllegalArgumentException.class, () -> NftablesIsolation.exclusion("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> NftablesIsolation.exclusion("10.0.0.0/x"));
        assertThrows(IllegalArgumentException.class, () -> NftablesIsolation.exclusion("1.2.3.4; flush ruleset"));
        assertThrows(IllegalArgumentException.class, () -> NftablesIsolation.exclusion(""));
    }
}
