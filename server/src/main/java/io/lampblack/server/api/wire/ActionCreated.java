package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to a new watchlist or feed action. Carbon Black 5.x answered watchlists {@code {"action_id": N}} and
 * feeds {@code {"id": N}} ([srv5]); both get both here, with the {@code result} cbapi checks.
 */
public record ActionCreated(
        @JsonProperty("action_id") long actionId,
        @JsonProperty("id") long id,
        @JsonProperty("result") String result) {

    public static ActionCreated of(long id) {
        return new ActionCreated(id, id, Result.SUCCESS.result());
    }
}
