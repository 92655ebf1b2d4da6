package io.lampblack.server.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lampblack.server.auth.Account;
import java.util.List;

/**
 * A user as {@code /api/users} and {@code /api/user/<username>} answer it (reference §4.7). {@code auth_token} only
 * in the single-user document shown to the user themselves or a global administrator (left out, not null, in lists).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserDocument(
        @JsonProperty("username") String username,
        @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName,
        @JsonProperty("email") String email,
        @JsonProperty("global_admin") boolean globalAdmin,
        @MayBeNull @JsonProperty("auth_token") String authToken,
        @JsonProperty("teams") List<TeamRef> teams) {

    public record TeamRef(
            @JsonProperty("id") int id,
            @JsonProperty("name") String name) {}

    public static UserDocument of(Account a, String tokenOrNull) {
        return new UserDocument(
                a.user().username(),
                a.user().firstName(),
                a.user().lastName(),
                a.user().email(),
                a.user().globalAdmin(),
                tokenOrNull,
                a.teams().stream().map(t -> new TeamRef(t.id(), t.name())).toList());
    }
}
