package io.lampblack.sensor.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

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
