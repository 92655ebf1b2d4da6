package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.intel.Feed;

/**
 * A feed as cbapi's feed model declares it (reference §5.9): what its {@code feedinfo} says as last fetched, and how
 * it is fetched. {@code name} is the one used in queries ({@code alliance_score_<name>}).
 *
 * <p>After the reference's keys come Lampblack's own, which the console shows and cbapi ignores: how the last
 * synchronisation went ({@code last_sync}, in Carbon Black's database time format, null before the first;
 * {@code last_sync_error}, empty when it worked) and how many reports and indicators the feed holds.
 *
 * <p>The feed's secrets, {@code password} and {@code ssl_client_key}, are write-only: a set one reads as
 * {@link #SECRET_MASK}, an unset one as {@code ""}. The client certificate is public and reads as stored.
 *
 * @param providerRating null when the feed gives none
 * @param localRating    null until an analyst rates it
 * @param lastSync       null until the feed was first synchronised
 */
public record FeedDocument(
        @JsonProperty("id") long id,
        @JsonProperty("name") String name,
        @JsonProperty("display_name") String displayName,
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("feed_url") String feedUrl,
        @JsonProperty("provider_url") String providerUrl,
        @JsonProperty("summary") String summary,
        @JsonProperty("tech_data") String techData,
        @JsonProperty("category") String category,
        @JsonProperty("icon") String icon,
        @JsonProperty("icon_small") String iconSmall,
        @JsonProperty("provider_rating") Double providerRating,
        @JsonProperty("local_rating") Double localRating,
        @JsonProperty("order") int order,
        @JsonProperty("manually_added") boolean manuallyAdded,
        @JsonProperty("use_proxy") boolean useProxy,
        @JsonProperty("validate_server_cert") boolean validateServerCert,
        @JsonProperty("username") String username,
        @JsonProperty("password") String password,
        @JsonProperty("ssl_client_crt") String sslClientCrt,
        @JsonProperty("ssl_client_key") String sslClientKey,
        @JsonProperty("requires") String requires,
        @JsonProperty("requires_who") String requiresWho,
        @JsonProperty("requires_what") String requiresWhat,
        @MayBeNull @JsonProperty("last_sync") String lastSync,
        @JsonProperty("last_sync_error") String lastSyncError,
        @JsonProperty("report_count") long reportCount,
        @JsonProperty("ioc_count") long iocCount) {

    /**
     * What a set secret reads as. A client that sends it back (cbapi's {@code save()} sends the whole object it read)
     * leaves the stored secret as it is.
     */
    public static final String SECRET_MASK = "********";

    /** Feeds here need nothing installed or agreed to first: the {@code requires*} fields are empty. */
    public static FeedDocument of(Feed f) {
        var info = f.info();
        return new FeedDocument(
                f.id(),
                info.name(),
                info.displayName(),
                f.enabled(),
                f.feedUrl(),
                info.providerUrl(),
                info.summary(),
                info.techData(),
                info.category(),
                info.icon(),
                info.iconSmall(),
                info.providerRating().isPresent() ? info.providerRating().getAsDouble() : null,
                f.localRating().isPresent() ? f.localRating().getAsDouble() : null,
                f.order(),
                f.manuallyAdded(),
                f.useProxy(),
                f.validateServerCert(),
                f.username(),
                masked(f.password()),
                f.sslClientCrt(),
                masked(f.sslClientKey()),
                "",
                "",
                "",
                f.lastSync().map(DbTime::of).orElse(null),
                f.lastSyncError(),
                f.reportCount(),
                f.iocCount());
    }

    private static String masked(String secret) {
        return secret == null || secret.isEmpty() ? "" : SECRET_MASK;
    }
}
