package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.administration.PlatformServer;

/**
 * {@code GET /api/v1/settings/global/platformserver}: the settings without the {@code auth_token}, which is never
 * answered; {@code auth_token_set} says whether one is kept.
 */
public record PlatformServerDocument(
        @JsonProperty("server_url") String serverUrl,
        @JsonProperty("ssl_certificate_verify") boolean sslCertificateVerify,
        @JsonProperty("watchlist_export") boolean watchlistExport,
        @JsonProperty("auth_token_set") boolean authTokenSet) {

    public static PlatformServerDocument of(PlatformServer.Settings s) {
        return new PlatformServerDocument(s.serverUrl(), s.sslCertificateVerify(), s.watchlistExport(), s.hasToken());
    }
}
