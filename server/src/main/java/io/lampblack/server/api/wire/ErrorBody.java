package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of every failed request (design §7.5; {@code reason} is what cbapi reads, {@code query_malformed_syntax}
 * makes it raise {@code QuerySyntaxError}).
 *
 * @param errorId only on a 500: the id under which the log has the failure; left out otherwise
 */
public record ErrorBody(
        @JsonProperty("reason") String reason,
        @JsonProperty("message") String message,

        @JsonProperty("error_id") @JsonInclude(JsonInclude.Include.NON_NULL) @MayBeNull
        String errorId) {

    public static ErrorBody of(String reason, String message) {
        return new ErrorBody(reason, message, null);
    }
}
