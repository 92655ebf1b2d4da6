package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.intel.Watchlist;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A watchlist as cbapi reads it (reference §5.8): {@code id}, {@code total_hits} and {@code total_tags} are strings,
 * times in Carbon Black's database format ({@code 2015-11-13 11:02:50.906219+00:00}). cbapi's {@code save()} sends
 * the whole object back.
 *
 * @param lastHit         null until the first hit
 * @param searchTimestamp null until the first periodic run
 * @param allianceId      always null: watchlists here are the server's own, none comes from a feed
 */
public record WatchlistDocument(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("search_query") String searchQuery,
        @JsonProperty("index_type") String indexType,
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("description") String description,
        @JsonProperty("date_added") String dateAdded,
        @MayBeNull @JsonProperty("last_hit") String lastHit,
        @JsonProperty("last_hit_count") int lastHitCount,
        @JsonProperty("total_hits") String totalHits,
        @JsonProperty("total_tags") String totalTags,
        @MayBeNull @JsonProperty("search_timestamp") String searchTimestamp,
        @JsonProperty("readonly") boolean readonly,
        @JsonProperty("group_id") int groupId,
        @MayBeNull @JsonProperty("alliance_id") String allianceId,
        @JsonProperty("from_alliance") boolean fromAlliance,
        @JsonProperty("last_execution_time_ms") long lastExecutionTimeMs) {

    /** Carbon Black's date format in watchlist objects. */
    private static final DateTimeFormatter DATES =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    /** Hits are counted as tags, so {@code total_tags} is {@code total_hits}; {@code group_id} is -1, as on 5.x. */
    public static WatchlistDocument of(Watchlist w) {
        return of(w, 0);
    }

    /** @param lastExecutionMillis how long the watchlist's last periodic run took (0: not run since the start) */
    public static WatchlistDocument of(Watchlist w, long lastExecutionMillis) {
        return new WatchlistDocument(
                Long.toString(w.id()),
                w.name(),
                w.searchQuery(),
                w.indexType().wire(),
                w.enabled(),
                w.description(),
                DATES.format(w.dateAdded()),
                date(w.lastHit()),
                w.lastHitCount(),
                Long.toString(w.totalHits()),
                Long.toString(w.totalHits()),
                date(w.searchTimestamp()),
                w.readonly(),
                -1,
                null,
                false,
                lastExecutionMillis);
    }

    private static String date(Optional<Instant> t) {
        return t.map(DATES::format).orElse(null);
    }
}
