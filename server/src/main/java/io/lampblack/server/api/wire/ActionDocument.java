package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.intel.IntelAction;

/**
 * An action of a watchlist or a feed (reference §4.8, §4.9): {@code action_data} is the client's JSON text as sent.
 * The two owners put their id in different keys ({@code watchlist_id} or, for a feed, {@code group_id}), the other
 * key is -1, and the reference lists the keys in a different order for each, so each owner has its record.
 */
public sealed interface ActionDocument permits ActionDocument.OfWatchlist, ActionDocument.OfFeed {

    static ActionDocument of(IntelAction a) {
        return a.owner() == IntelAction.Owner.WATCHLIST
                ? new OfWatchlist(a.id(), a.actionType(), a.actionData(), a.ownerId(), -1)
                : new OfFeed(a.id(), a.actionType(), a.actionData(), a.ownerId(), -1);
    }

    /** {@code {id, action_type, action_data, watchlist_id, group_id}}. */
    record OfWatchlist(
            @JsonProperty("id") long id,
            @JsonProperty("action_type") int actionType,
            @JsonProperty("action_data") String actionData,
            @JsonProperty("watchlist_id") long watchlistId,
            @JsonProperty("group_id") long groupId)
            implements ActionDocument {}

    /** {@code {id, action_type, action_data, group_id (the feed's id), watchlist_id}}. */
    record OfFeed(
            @JsonProperty("id") long id,
            @JsonProperty("action_type") int actionType,
            @JsonProperty("action_data") String actionData,
            @JsonProperty("group_id") long groupId,
            @JsonProperty("watchlist_id") long watchlistId)
            implements ActionDocument {}
}
