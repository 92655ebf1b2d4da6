package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to a bulk alert change ({@code POST /api/v1/alerts}): {@code result} as Carbon Black sends it, then how
 * many alerts changed and how many named or matched were left alone (unknown, or in a sensor group the caller does
 * not administer).
 */
public record BulkChange(
        @JsonProperty("result") String result,
        @JsonProperty("changed") int changed,
        @JsonProperty("skipped") int skipped) {

    public static BulkChange of(int changed, int skipped) {
        return new BulkChange(Result.SUCCESS.result(), changed, skipped);
    }
}
