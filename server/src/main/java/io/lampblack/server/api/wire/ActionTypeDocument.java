package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.intel.IntelAction;
import java.util.List;
import java.util.Optional;

/**
 * One row of {@code GET /api/v1/watchlist/<id>/action_type}: each kind of action a watchlist can take (reference
 * §4.8: 0 e-mail, 1 syslog, 2 HTTP POST, 3 alert), whether this watchlist has one of that kind, and its id.
 * cbapi's {@code watchlist_exporter.py} writes the array out as it is.
 */
public record ActionTypeDocument(
        @JsonProperty("action_type") int actionType,
        @JsonProperty("name") String name,
        @JsonProperty("enabled") boolean enabled,
        @JsonProperty("action_id") Long actionId) {

    private static final List<String> NAMES = List.of("email", "syslog", "http_post", "alert");

    public static List<ActionTypeDocument> of(List<IntelAction> actions) {
        return java.util.stream.IntStream.range(0, NAMES.size())
                .mapToObj(type -> {
                    Optional<IntelAction> a =
                            actions.stream().filter(x -> x.actionType() == type).findFirst();
                    return new ActionTypeDocument(
                            type,
                            NAMES.get(type),
                            a.isPresent(),
                            a.map(IntelAction::id).orElse(null));
                })
                .toList();
    }
}
