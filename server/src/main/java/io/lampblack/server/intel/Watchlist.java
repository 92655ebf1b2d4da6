package io.lampblack.server.intel;

import io.lampblack.server.problem.TextLimits;
import java.time.Instant;
import java.util.Optional;

/**
 * A saved search matched against new data: process events ({@code events}) or binaries ({@code modules}).
 *
 * @param searchQuery     exactly as Carbon Black stores it: {@code cb.urlver=1&q=...&cb.q.x=...}, percent-encoded
 * @param searchTimestamp how far the periodic run has looked: data indexed up to then was evaluated
 * @param lastHitCount    processes or binaries the last run that found any found
 */
public record Watchlist(
        long id,
        String name,
        String searchQuery,
        QueryIoc.IndexType indexType,
        boolean enabled,
        String description,
        boolean readonly,
        Instant dateAdded,
        Optional<Instant> lastHit,
        int lastHitCount,
        long totalHits,
        Optional<Instant> searchTimestamp) {

    /** The longest name, query and description kept (the {@code watchlist} table's columns). */
    public static final int MAX_NAME = 512, MAX_QUERY = 16384, MAX_DESCRIPTION = 8192;

    public Watchlist {
        TextLimits.atMost("name", name, MAX_NAME);
        TextLimits.atMost("search_query", searchQuery, MAX_QUERY);
        TextLimits.atMost("description", description, MAX_DESCRIPTION);
    }

    public Watchlist withId(long newId) {
        return new Watchlist(
                newId,
                name,
                searchQuery,
                indexType,
                enabled,
                description,
                readonly,
                dateAdded,
                lastHit,
                lastHitCount,
                totalHits,
                searchTimestamp);
    }

    /** After {@code hits} new processes or binaries were reported. */
    public Watchlist hit(int hits, Instant now) {
        return new Watchlist(
                id,
                name,
                searchQuery,
                indexType,
                enabled,
                description,
                readonly,
                dateAdded,
                Optional.of(now),
                hits,
                totalHits + hits,
                searchTimestamp);
    }

    /** After the periodic run evaluated data received up to {@code upTo}. */
    public Watchlist searchedUpTo(Instant upTo) {
        return new Watchlist(
                id,
                name,
                searchQuery,
                indexType,
                enabled,
                description,
                readonly,
                dateAdded,
                lastHit,
                lastHitCount,
                totalHits,
                Optional.of(upTo));
    }
}
