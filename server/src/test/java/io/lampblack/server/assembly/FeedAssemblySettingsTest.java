package io.lampblack.server.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lampblack.server.config.ServerSettings;
import io.lampblack.server.intel.NetworkRange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The feed settings as the server reads them before anything starts. */
class FeedAssemblySettingsTest {

    @Test
    void defaultsDenyLinkLocalNetworksAndLimitEachFetch() {
        FeedAssembly.Settings s = FeedAssembly.Settings.from(ServerSettings.defaults());
        assertEquals(
                List.of(
                        NetworkRange.parse("169.254.0.0/16"),
                        NetworkRange.parse("fe80::/10"),
                        NetworkRange.parse("fd00:ec2::254/128")),
                s.deniedNetworks());
        assertEquals(Duration.ofSeconds(60), s.fetchTimeout());
        assertEquals(256L << 20, s.maxBytes());
        assertEquals(List.of(), s.keyFiles());
    }

    @Test
    void theOperatorsKeyFileIsNeverAFeedAndABadNetworkFailsTheStartNamingTheSetting() {
        FeedAssembly.Settings s = FeedAssembly.Settings.from(ServerSettings.of(Map.of(
                "tls-cert", "/etc/lampblack/server.crt",
                "tls-key", "/etc/lampblack/server.key",
                "feed-deny-networks", "")));
        assertEquals(List.of(Path.of("/etc/lampblack/server.key")), s.keyFiles());
        assertEquals(List.of(), s.deniedNetworks());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> FeedAssembly.Settings.from(
                        ServerSettings.of(Map.of("feed-deny-networks", "10.0.0.0/8, intranet.example/16"))));
        assertTrue(e.getMessage().startsWith("setting 'feed-deny-networks': "), e.getMessage());
    }

    @Test
    void everySecretFileIsNeverAFeed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path pw = java.nio.file.Files.writeString(dir.resolve("db.pw"), "pw");
        Path smtp = java.nio.file.Files.writeString(dir.resolve("smtp"), "smtp://u:p@mail");
        FeedAssembly.Settings s = FeedAssembly.Settings.from(ServerSettings.fromArgs(List.of(
                "--db-password-file", pw.toString(), "--smtp-server-file", smtp.toString(), "--tls-key", "/k")));
        assertEquals(List.of(pw, smtp, Path.of("/k")), s.keyFiles());
    }
}
